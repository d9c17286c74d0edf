"""`enclave init` and `enclave keyring remember|forget`: making and unlocking a workspace."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli._common import passphrase


def cmd_init(args: argparse.Namespace) -> int:
    from app.core.workspace import Workspace  # deferred: SQLCipher and Argon2 (keeps --help fast)

    ws = Workspace.create(args.data_dir, passphrase(confirm=True))
    ws.close()
    print(f"Created an encrypted workspace at {args.data_dir}")
    return 0


def cmd_keyring(args: argparse.Namespace) -> int:
    # deferred: SQLCipher, Argon2 and the keyring (keeps --help fast)
    from app.core.store import keyring_key
    from app.core.workspace import Workspace

    if args.keyring_command == "forget":
        gone = keyring_key.forget(args.data_dir)
        print("Removed the workspace key from the OS keyring." if gone else "No key was kept.")
        return 0
    with Workspace.open(args.data_dir, passphrase()) as ws:
        keyring_key.remember(ws)
    print("The workspace key is now kept in the OS keyring; the passphrase still works.")
    return 0


def add_init(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("init", parents=[common], help="create an encrypted workspace")
    p.set_defaults(func=cmd_init)


def add_keyring(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("keyring", parents=[common], help="keep the workspace key in the OS keyring")
    p.add_argument("keyring_command", choices=["remember", "forget"])
    p.set_defaults(func=cmd_keyring)


COMMANDS = {"init": add_init, "keyring": add_keyring}
