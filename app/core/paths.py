"""Where things live: the project's resources and models, and the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

# Where resources/ and models/ live: the source tree, or ENCLAVE_HOME for an installed copy
# (the offline bundle and the desktop build put them beside the app, not inside the wheel).
PROJECT_ROOT = Path(os.environ.get("ENCLAVE_HOME") or Path(__file__).resolve().parents[2])
RESOURCES_DIR = PROJECT_ROOT / "resources"
PROFILES_DIR = RESOURCES_DIR / "profiles"
SAMPLES_DIR = RESOURCES_DIR / "samples"


def models_dir() -> Path:
    """GGUF models: `ENCLAVE_MODELS_DIR` or the project's `models/`."""
    return Path(os.environ.get("ENCLAVE_MODELS_DIR") or PROJECT_ROOT / "models")


def default_data_dir() -> Path:
    """The workspace: `ENCLAVE_DATA_DIR` or the platform's user data directory."""
    env = os.environ.get("ENCLAVE_DATA_DIR")
    return Path(env) if env else Path(user_data_dir("Enclave", appauthor=False))
