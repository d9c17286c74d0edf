"""Repositories, one per aggregate. Only these modules write SQL."""

from __future__ import annotations

from app.core.store.repos.corrections import Correction, CorrectionRepo
from app.core.store.repos.documents import DocumentInfo, DocumentRepo
from app.core.store.repos.escalations import Escalation, EscalationRepo
from app.core.store.repos.findings import FindingRepo
from app.core.store.repos.keystore import KeyStore
from app.core.store.repos.marks import MarkRepo
from app.core.store.repos.results import ResultRepo, StoredResult
from app.core.store.repos.settings import SettingsRepo
from app.core.store.repos.vault import VaultRepo

__all__ = [
    "Correction", "CorrectionRepo", "DocumentInfo", "DocumentRepo", "Escalation",
    "EscalationRepo", "FindingRepo", "KeyStore", "MarkRepo", "ResultRepo", "SettingsRepo",
    "StoredResult", "VaultRepo",
]
