"""Enclave: private document intelligence on your own workstation."""

__version__ = "0.1.0"
