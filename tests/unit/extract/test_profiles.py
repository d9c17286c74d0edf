from __future__ import annotations

import pytest

from app.core.errors import ProfileError
from app.core.extract.profiles import builtin_profiles, get_profile, profile_from_dict


def test_builtin_profiles_have_the_contract_field_names() -> None:
    profiles = builtin_profiles()
    assert {"receipt", "clinical", "nda", "contract", "invoice"} <= set(profiles)
    assert [f.name for f in profiles["receipt"].fields][:4] == [
        "company",
        "date",
        "address",
        "total",
    ]
    nda = profiles["nda"]
    assert {f.name for f in nda.fields} == {"party", "effective_date", "jurisdiction", "term"}
    assert nda.field("party").multiple
    clinical = {f.name for f in profiles["clinical"].fields}
    assert {
        "patient",
        "dob",
        "mrn",
        "admission_date",
        "discharge_date",
        "diagnoses",
        "medications",
        "allergies",
        "attending",
        "follow_up",
    } <= clinical


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(ProfileError, match="no profile named 'recipe'"):
        get_profile("recipe")


def test_user_profile_validation() -> None:
    p = profile_from_dict({"name": "lab", "fields": [{"name": "loinc", "type": "identifier"}]})
    assert p.field("loinc").type == "identifier"
    with pytest.raises(ProfileError, match="unknown type"):
        profile_from_dict({"name": "lab", "fields": [{"name": "x", "type": "colour"}]})
    with pytest.raises(ProfileError, match="single word"):
        profile_from_dict({"name": "my lab", "fields": [{"name": "x"}]})
