"""The layers import one way: core <- loaders <- tracker (store, review, domain) <- tracker.ui <- pages and the
`python -m` entry points."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Lower number = lower layer; a module may import its own layer and the ones below, never one above.
LAYERS = [("tracker.core", 0), ("loaders", 1), ("tracker.ui", 3), ("tracker", 2), ("pages", 4), ("dashboard", 4)]
LAYER_NAMES = {0: "core", 1: "loaders", 2: "tracker", 3: "tracker.ui", 4: "pages"}


def _layer(module: str) -> int | None:
    if module.endswith(".__main__"):
        return 4  # `python -m ...` commands are entry points, like the pages
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    return None


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def _sources() -> list[Path]:
    files = [*ROOT.glob("loaders/**/*.py"), *ROOT.glob("tracker/**/*.py"), *ROOT.glob("pages/*.py"),
             ROOT / "dashboard.py"]
    return sorted(files)


def arrows_against_layers(files: list[Path]) -> list[str]:
    """Each import that points from a lower layer to a higher one, as 'file:line imports module'."""
    wrong = []
    for path in files:
        own = _layer(_module_name(path))
        for line, module in _imports(path):
            target = _layer(module)
            if own is not None and target is not None and target > own and _is_module(module):
                wrong.append(f"{path.relative_to(ROOT)}:{line} ({LAYER_NAMES[own]}) imports {module} "
                             f"({LAYER_NAMES[target]})")
    return wrong


def _is_module(name: str) -> bool:
    # `from tracker import figures` names the module tracker.figures; `from tracker.x import f` names tracker.x.
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_no_import_points_against_the_layers():
    assert arrows_against_layers(_sources()) == []


def test_the_core_imports_nothing_of_ours_outside_it():
    for path in ROOT.glob("tracker/core/*.py"):
        for _line, module in _imports(path):
            assert _layer(module) in (None, 0), f"{path.name} imports {module}"


def test_the_check_finds_an_arrow_against_the_layers(tmp_path, monkeypatch):
    # A loader importing the UI, written where the check looks: it must be reported.
    bad = ROOT / "loaders" / "_layer_probe.py"
    bad.write_text("from tracker.ui import page_view\nfrom tracker.core.schema import COLUMNS\n", encoding="utf-8")
    try:
        assert arrows_against_layers([bad]) == [
            "loaders/_layer_probe.py:1 (loaders) imports tracker.ui (tracker.ui)"]
    finally:
        bad.unlink()


def test_no_module_imports_streamlit_outside_the_ui_and_pages():
    for path in _sources():
        name = _module_name(path)
        if _layer(name) in (0, 1, 2):
            assert all(not m.startswith("streamlit") for _l, m in _imports(path)), path
