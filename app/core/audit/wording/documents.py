"""Wordings for what happens to documents: added, viewed, extracted, corrected, redacted,
exported, re-identified."""

from __future__ import annotations

from app.core import actions as a
from app.core.audit import phrases as ph
from app.core.audit.wording.base import Said, View, ok_or, wording

# -- documents -------------------------------------------------------------------------------

_KINDS = {"pdf": "PDF", "text": "text file", "image": "image", "docx": "Word document",
          "eml": "e-mail", "html": "web page"}


@wording(a.INGEST, "kind", "pages", "size", "sha256")
def _ingest(v: View) -> Said:
    about = [_KINDS.get(str(v.d["kind"]), str(v.d["kind"]))] if v.d.get("kind") else []
    if isinstance(v.d.get("pages"), int):
        about.append(ph.plural(v.d["pages"], "page"))
    if isinstance(v.d.get("size"), int):
        about.append(ph.size(v.d["size"]))
    said = [", ".join(about)]
    if v.d.get("sha256"):
        said.append(f"SHA-256 {ph.short_hash(str(v.d['sha256']))}")
    return "Added document", said


@wording(a.VIEW, "pages")
def _view(v: View) -> Said:
    pages = v.d.get("pages")
    return "Viewed document", [ph.plural(pages, "page")] if isinstance(pages, int) else []


_ROUTES = {"local": "kept local (all fields confident)",
           "offer_escalation": "a second look was offered",
           "escalate_onprem": "sent on to the on-premises tier by policy"}


@wording(a.EXTRACT, "profile", "fields", "findings", "route", "kept_reviewed")
def _extract(v: View) -> Said:
    said = []
    if v.d.get("profile"):
        said.append(f"profile {ph.quoted(str(v.d['profile']))}")
    if isinstance(v.d.get("fields"), int):
        said.append(ph.plural(v.d["fields"], "field"))
    found = ph.counts(v.d.get("findings"))
    said.append(f"identifiers found: {found}" if found else "no identifiers found")
    if v.d.get("route"):
        said.append(_ROUTES.get(str(v.d["route"]), f"route {v.d['route']}"))
    if v.d.get("kept_reviewed"):
        said.append(f"{ph.plural(v.d['kept_reviewed'], 'reviewed value')} kept")
    return ok_or(v, "Extracted fields and summary", "Extraction failed"), said


@wording(a.CORRECT, "field", "correction_id", "grounded")
def _correct(v: View) -> Said:
    said = [f"correction #{v.d['correction_id']}"] if v.d.get("correction_id") else []
    if "grounded" in v.d:
        said.append("the new value was found in the document" if v.d["grounded"]
                    else "the new value is not in the document text")
    return f"Corrected field {ph.quoted(str(v.d.get('field', '?')))}", said


@wording(a.REDACT, "mode", "findings", "types", "counts")
def _redact(v: View) -> Said:
    kinds = ph.counts(v.d.get("types")) or ph.counts(v.d.get("counts"))
    if not kinds and isinstance(v.d.get("findings"), int):
        kinds = ph.plural(v.d["findings"], "identifier")
    said = [f"{kinds} replaced" if kinds else ""]
    if v.entry.object_type == "case":
        said.insert(0, f"case {v.oid}")
    if v.d.get("mode") == "surrogates":
        return ok_or(v, "Replaced identifiers with realistic surrogates",
                       "Surrogate redaction failed"), said
    return ok_or(v, "Redacted document", "Redaction failed"), said


@wording(a.REDACTION_MARK, "mark_id", "kind", "change")
def _mark(v: View) -> Said:
    """As redaction/review.py records it: mark_id, kind (box|term|keep), change."""
    verb = {"added": "Added", "removed": "Removed"}.get(str(v.d.get("change") or ""), "Changed")
    what = {"box": "a drawn redaction box", "term": "a redacted term",
            "keep": "a phrase kept visible"}.get(str(v.d.get("kind") or ""), "a redaction mark")
    return f"{verb} {what}", [f"mark #{v.d['mark_id']}"] if v.d.get("mark_id") else []


_EXPORTS = {"redacted_pdf": "Exported redacted PDF", "redacted_text": "Exported redacted text",
            "fields_csv": "Exported fields as CSV", "fields_json": "Exported fields as JSON",
            "summary": "Exported the summary"}


@wording(a.EXPORT, "kind", "counts", "sha256", "documents")
def _export(v: View) -> Said:
    said = [f"redacted: {ph.counts(v.d['counts'])}"] if ph.counts(v.d.get("counts")) else []
    if v.entry.object_type == "ropa":
        if isinstance(v.d.get("documents"), int):
            said.append(f"covers {ph.plural(v.d['documents'], 'document')}")
        return "Exported the record of processing activities (GDPR Art. 30)", said
    if v.d.get("sha256"):
        said.append(f"file SHA-256 {ph.short_hash(str(v.d['sha256']))}")
    action = _EXPORTS.get(str(v.d.get("kind", "")), "Exported data")
    return ok_or(v, action, action.replace("Exported", "Failed to export", 1)), said


@wording(a.REIDENTIFY, "tokens", "escalation", "restored")
def _reidentify(v: View) -> Said:
    n = v.d.get("tokens", v.d.get("restored"))
    said = [f"{ph.plural(n, 'pseudonym')} restored locally"] if isinstance(n, int) else []
    if v.d.get("escalation") is not None:
        said.append(f"in the answer to escalation #{v.d['escalation']}")
    if v.entry.object_type == "case":
        said.insert(0, f"case {v.oid}")
    return "Restored original identifiers", said
