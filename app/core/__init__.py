"""Qt-free core: everything Enclave does. Nothing here may import PySide6."""
