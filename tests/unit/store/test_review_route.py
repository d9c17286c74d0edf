"""A reviewer's correction or confirmation is a confirmed value: it gives no review reason,
and the stored route is decided again, so the document's state survives reopening."""

from __future__ import annotations

from app.core.documents import FieldValue, RouteDecision, TextSpan
from app.core.review import correct_field
from app.core.routing.router import field_reasons, refresh_route
from app.core.workspace import Workspace
from tests.unit.store.support import PASS, make_result, new_ws


def test_a_reviewers_value_has_no_reasons_even_ungrounded() -> None:
    f = FieldValue("patient", "M. Okonkwo-Hale", 1.0, [], source="user")
    assert not f.grounded and field_reasons(f, 0.6) == []
    assert field_reasons(FieldValue("patient", "x", 0.3, [TextSpan(1, 0, 1)]), 0.6)


def test_a_correction_reroutes_the_stored_document(tmp_path) -> None:
    d = tmp_path / "ws"
    with new_ws(d) as ws:
        result, original = make_result(1, text="Patient record one")
        # "codes" is below the threshold: the document is offered for escalation.
        result.route = RouteDecision("offer_escalation", field_reasons(result.fields["codes"],
                                                                       0.6))
        doc_id = ws.save_result(result, original)
        # Not found verbatim in the page: still the reviewer's word, not a warning.
        correct_field(ws, doc_id, "codes", ["X-1", "Y-2"])
        stored = ws.results.get(doc_id)
        assert stored.fields["codes"].source == "user"
        assert not any(stored.fields["codes"].spans), "neither value is in the page"
        assert stored.route.decision == "local"
    with Workspace.open(d, PASS) as ws:
        assert ws.results.get(doc_id).route.decision == "local", "the state survives reopening"


def test_refresh_route_lists_what_is_left_to_look_at(tmp_path) -> None:
    with new_ws(tmp_path / "ws") as ws:
        result, original = make_result(2)
        doc_id = ws.save_result(result, original)
        ws.results.set_field(doc_id, FieldValue("patient", "Patient", 0.2, [TextSpan(1, 0, 7)]))
        route = refresh_route(ws, doc_id)
        assert route.decision == "offer_escalation"
        assert sorted(r.split(":")[0] for r in route.reasons) == ["codes", "patient"]
        assert ws.results.get(doc_id).route == route
