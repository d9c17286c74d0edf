"""The shape the code keeps: small modules, short functions, and no hidden imports.

- No module in `app/` or `bench/` over 500 lines (split by idea before that).
- No function over 80 lines (a nested function counts on its own and inside its parent).
- A function-level import in `app/` is allowed only to defer a heavy import (spaCy, PyMuPDF,
  llama_cpp, PySide6, SQLCipher, a module that loads them) or to break a true layering need,
  and says so: a comment containing `deferred:` on its line or the line just above. A run of
  imports directly under one such comment shares it (blank lines between isort's sections
  included). Anything else belongs at module level.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
MARK = "deferred:"


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from functions(node, name + ".")
        else:
            yield from functions(node, prefix)


def function_imports(tree: ast.AST, inside: bool = False) -> Iterator[ast.stmt]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and inside:
            yield node
        yield from function_imports(
            node, inside or isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)))


def _explained(lines: list[str], node: ast.stmt, imports_at: set[int]) -> bool:
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
    if any(MARK in lines[i] for i in range(first, last + 1)):
        return True
    above = first - 1
    # A run of imports under one comment (isort's blank line between sections included).
    while above >= 0 and (above in imports_at or not lines[above].strip()):
        above -= 1
    return above >= 0 and lines[above].lstrip().startswith("#") and MARK in lines[above]


def test_no_module_over_500_lines() -> None:
    long = [f"{_rel(p)}: {n} lines" for p in sources("app", "bench")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES]
    assert not long, f"modules over {MAX_MODULE_LINES} lines:\n  " + "\n  ".join(long)


def test_no_function_over_80_lines() -> None:
    long = []
    for path in sources("app", "bench"):
        for name, node in functions(ast.parse(path.read_text(encoding="utf-8"))):
            n = node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]
            if n > MAX_FUNCTION_LINES:
                long.append(f"{_rel(path)}:{node.lineno} {name}: {n} lines")  # type: ignore[attr-defined]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines:\n  " + "\n  ".join(long)


def test_every_function_level_import_says_why() -> None:
    bare = []
    for path in sources("app"):
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        found = list(function_imports(ast.parse(text)))
        # the lines that are (part of) an import inside a function, for runs under one comment
        imports_at = {i for node in found
                      for i in range(node.lineno - 1, (node.end_lineno or node.lineno))}
        bare += [f"{_rel(path)}:{node.lineno} {lines[node.lineno - 1].strip()}"
                 for node in found if not _explained(lines, node, imports_at)]
    assert not bare, (f"function-level imports without a '# {MARK} <why>' comment (hoist them, "
                      "or say what they defer):\n  " + "\n  ".join(bare))


def test_the_checks_see_what_they_must() -> None:
    src = (
        "import os\n"
        "def f():\n"
        "    # deferred: heavy\n"
        "    import a\n"
        "    import b\n"
        "\n"
        "    x = 1\n"
        "    import c\n"
        "    import d  # deferred: heavy too\n"
        "    def g():\n"
        "        from e import x\n"
    )
    tree = ast.parse(src)
    lines = src.splitlines()
    found = list(function_imports(tree))
    at = {n.lineno - 1 for n in found}
    assert [n.lineno for n in found] == [4, 5, 8, 9, 11]
    assert [_explained(lines, n, at) for n in found] == [True, True, False, True, False]
    assert [name for name, _ in functions(tree)] == ["f", "f.g"]


def _error_classes(tree: ast.AST) -> list[str]:
    """Classes whose base is an exception type (by the name convention every one here keeps)."""
    def is_error(base: ast.expr) -> bool:
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        return name == "Exception" or name.endswith(("Error", "Refused", "Exception"))
    return [node.name for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and any(is_error(b) for b in node.bases)]


def test_every_error_class_lives_in_errors_py() -> None:
    """One module draws the whole error tree (httpx's exceptions module is the model): an error
    class anywhere else is missing from that picture."""
    errors = ROOT / "app" / "core" / "errors.py"
    assert len(_error_classes(ast.parse(errors.read_text()))) > 20
    stray = [f"{_rel(path)}: {name}" for path in sources("app") if path != errors
             for name in _error_classes(ast.parse(path.read_text(encoding="utf-8")))]
    assert not stray, "error classes outside app/core/errors.py:\n" + "\n".join(stray)
    sample = ast.parse("class A(ValueError): pass\nclass B(errors.TierError): pass\nclass C: pass")
    assert _error_classes(sample) == ["A", "B"]
