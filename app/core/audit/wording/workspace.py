"""Wordings for the workspace, its settings and the audit log itself."""

from __future__ import annotations

from typing import Any

from app.core import actions as a
from app.core.audit import phrases as ph
from app.core.audit.wording.base import Said, View, ok_or, tier, wording
from app.core.privacy.entity_names import pretty

# -- workspace -------------------------------------------------------------------------------

@wording(a.WORKSPACE_CREATE, "kdf", "kdf_memory_kib", "kdf_time_cost")
def _create(v: View) -> Said:
    kdf = []
    if v.d.get("kdf") == "argon2id":
        mem, passes = v.d.get("kdf_memory_kib"), v.d.get("kdf_time_cost")
        extra = ", ".join(x for x in (_memory(mem) if isinstance(mem, int) else "",
                                      ph.plural(passes, "pass", "passes")
                                      if isinstance(passes, int) else "") if x)
        kdf.append("key derived from the passphrase with Argon2id" + (f" ({extra})" if extra
                                                                        else ""))
    return "Created the workspace", kdf


def _memory(kib: int) -> str:
    return f"{kib // 1024} MiB" if kib >= 1024 else f"{kib} KiB"


_UNLOCK_REASONS = {"wrong_passphrase": "wrong passphrase",
                   "stale_keyring_key": "the key kept in the OS keyring no longer opens it"}


@wording(a.UNLOCK, "attempt_id", "attempted_at", "attempted_by", "reason")
def _unlock(v: View) -> Said:
    if v.ok:
        return "Unlocked the workspace", []
    said = [_UNLOCK_REASONS.get(str(v.d.get("reason", "")), str(v.d.get("reason", "")))]
    if v.d.get("attempted_by"):
        said.append(f"attempted by {ph.who(str(v.d['attempted_by']))}")
    if v.d.get("attempted_at"):
        said.append(f"at {ph.local_time(str(v.d['attempted_at']), v.ctx.tz)}")
    if v.d.get("attempt_id"):
        said.append(f"attempt {v.d['attempt_id']}")
    return "Unlock failed", said


@wording(a.CLOSE)
def _close(v: View) -> Said:
    return "Closed the workspace", []


@wording(a.REKEY, "resumed", "kdf_memory_kib")
def _rekey(v: View) -> Said:
    mem = v.d.get("kdf_memory_kib")
    said = [f"new key: Argon2id, {_memory(mem)}"] if isinstance(mem, int) else []
    if v.d.get("resumed"):
        return "Finished an interrupted passphrase change", said
    return ok_or(v, "Changed the passphrase", "Passphrase change failed"), said


@wording(a.BACKUP)
def _backup(v: View) -> Said:
    return ok_or(v, "Backed up the workspace", "Backup failed"), []


# -- settings and the log itself -------------------------------------------------------------

def _on_off(value: Any) -> str:
    return "on" if value in (True, "on") else "off"


@wording(a.SETTINGS_CHANGE, "setting", "enabled", "keyring", "external", "destination",
          "api_key_stored", "threshold", "onprem_automatic", "op", "keys", "types",
          "term_sha256", "count", "fields")
def _settings(v: View) -> Said:
    d, kind, name = v.d, v.entry.object_type, v.oid
    setting = d.get("setting")
    if kind == "tier" and setting == "tier_add":
        said = [("external" if d.get("external") else "on-premises")]
        said += [f"destination {d['destination']}"] if d.get("destination") else []
        said += ["API key stored in the workspace"] if d.get("api_key_stored") else []
        return f"Added tier {ph.quoted(name)}", said
    if kind == "tier" and setting == "tier_remove":
        return f"Removed tier {ph.quoted(name)}", []
    if setting == "air_gapped":
        return f"Turned air-gapped mode {_on_off(d.get('enabled'))}", []
    if setting == "surrogates":
        return f"Turned realistic surrogates {_on_off(d.get('enabled'))}", []
    if setting == "routing_policy":
        said = [f"confidence threshold {d['threshold']:g}"] if isinstance(
            d.get("threshold"), (int, float)) else []
        if d.get("onprem_automatic") is not None:
            said.append(f"automatic on-premises escalation {_on_off(d['onprem_automatic'])}")
        return "Changed the routing policy", said
    if "keyring" in d:
        return ("Remembered the workspace key in the OS keyring" if d["keyring"] == "on"
                else "Removed the workspace key from the OS keyring"), []
    if kind == "profile":
        verb = {"save": "Saved", "delete": "Deleted"}.get(str(d.get("op")), "Changed")
        fields = [ph.plural(d["fields"], "field")] if isinstance(d.get("fields"), int) else []
        return f"{verb} extraction profile {ph.quoted(name)}", fields
    if kind == "privacy_list":
        which = {"allow": "the “not personal data” list", "deny": "the “always redact” list"}.get(
            name, f"the {name} list")
        verb = "Added a term to" if d.get("op") == "add" else "Removed a term from"
        said = [f"term SHA-256 {ph.short_hash(str(d['term_sha256']))}"] if d.get(
            "term_sha256") else []
        if isinstance(d.get("count"), int):
            said.append(f"{ph.plural(d['count'], 'term')} on the list now")
        return f"{verb} {which}", said
    if kind == "redact_types":
        types = d.get("types")
        said = ["all types" if types == "all" else
                ph.listing([pretty(str(t)) for t in types]) if isinstance(types, list) else ""]
        return "Changed which identifier types are redacted", said
    if isinstance(d.get("keys"), list):
        return "Changed settings", [ph.listing(d["keys"])]
    return "Changed a setting", [f"{kind} {name}".strip()]


@wording(a.TIER_TEST, "destination", "external", "models", "seconds", "error")
def _tier_test(v: View) -> Said:
    to = tier(v.oid, v.d.get("external"))
    said = [f"at {v.d['destination']}"] if v.d.get("destination") else []
    if isinstance(v.d.get("models"), int):
        said.append(f"{ph.plural(v.d['models'], 'model')} served")
    if isinstance(v.d.get("seconds"), (int, float)):
        said.append(f"answered in {v.d['seconds']:.1f} s")
    if v.d.get("error"):
        said.append(f"error {v.d['error']}")
    if v.entry.outcome == "denied":
        return f"Connection test to {to} refused", said
    return ok_or(v, f"Tested the connection to {to}", f"Connection test to {to} failed"), said


@wording(a.AUDIT_VERIFY, "entries", "first_bad")
def _verify(v: View) -> Said:
    n = v.d.get("entries")
    said = [f"{ph.plural(n, 'entry', 'entries')} checked"] if isinstance(n, int) else []
    if v.ok:
        return "Verified the audit log: intact", said
    if v.d.get("first_bad"):
        said.append(f"first bad entry #{v.d['first_bad']}")
    return "Audit log verification FAILED", said


@wording(a.AUDIT_EXPORT, "format", "entries", "last_seq", "sha256", "document_names")
def _audit_export(v: View) -> Said:
    fmt = {"pdf": "PDF report", "csv": "CSV", "jsonl": "JSON Lines"}.get(
        str(v.d.get("format", "")), str(v.d.get("format", "")))
    said = []
    if isinstance(v.d.get("entries"), int):
        said.append(ph.plural(v.d["entries"], "entry", "entries")
                    + (f" up to #{v.d['last_seq']}" if v.d.get("last_seq") else ""))
    if "document_names" in v.d:
        said.append("with document names" if v.d["document_names"] else "ids only, no names")
    if v.d.get("sha256"):
        said.append(f"SHA-256 {ph.short_hash(str(v.d['sha256']))}")
    return f"Exported the audit log as {fmt}".rstrip(), said
