from __future__ import annotations

from dataclasses import fields as dataclass_fields

import pytest

from app.core.errors import ProfileError
from app.core.extract.profile_schema import FieldModel, ProfileModel
from app.core.extract.profiles import (
    FieldSpec,
    Profile,
    builtin_profiles,
    get_profile,
    load_profile_file,
    profile_from_dict,
)


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


@pytest.mark.parametrize(("yaml_text", "sentence"), [
    ("name: referral\nfields:\n  - name: patient\n  - name: total\n    lable: Total\n",
     "The profile file referral.yaml 'referral': field 2 ('total'): unknown key 'lable'."),
    ("name: referral\nfields:\n  - name: total\n    min_prior: high\n",
     "The profile file referral.yaml 'referral': field 1 ('total'): 'min_prior' must be a "
     "number, not 'high'."),
    ("name: referral\nsummary_max_tokens: lots\nfields:\n  - name: total\n",
     "The profile file referral.yaml 'referral': 'summary_max_tokens' must be a whole number, "
     "not 'lots'."),
    ("name: referral\nsumary_style: One line.\nfields:\n  - name: total\n",
     "The profile file referral.yaml 'referral': unknown key 'sumary_style'."),
    ("name: referral\nsummary_mode: poem\nfields:\n  - name: total\n",
     "The profile file referral.yaml 'referral': summary_mode is 'poem'; use model or fields."),
    ("- just\n- a list\n", "The profile file referral.yaml needs a 'name' and a list of 'fields'."),
])
def test_a_bad_profile_file_is_one_sentence_naming_file_field_and_key(
        tmp_path, yaml_text: str, sentence: str) -> None:  # noqa: ANN001
    path = tmp_path / "referral.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile_file(path)
    assert str(caught.value) == sentence


def test_an_empty_key_in_yaml_is_the_default() -> None:
    p = profile_from_dict({"name": "lab", "description": None, "packs": None,
                           "fields": [{"name": "x", "labels": None, "min_prior": None}]})
    assert p.description == "" and p.packs == () and p.field("x").labels == ()
    assert p.title == "Lab" and p.summary_max_tokens == 120 and p.summary_mode == "model"


def test_the_schema_knows_every_key_the_engine_reads() -> None:
    """A key added to FieldSpec or Profile but not to the schema would be refused in every
    YAML (extra='forbid'); this says so at once."""
    assert {f.name for f in dataclass_fields(FieldSpec)} <= set(FieldModel.model_fields)
    assert {f.name for f in dataclass_fields(Profile)} <= set(ProfileModel.model_fields)
