"""The import-layer check (scripts/check_layers.py, also a step of scripts/test.sh) passes on the tree
and catches what it is for: a backward or sibling import, even one inside a function."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[3]


def _checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_layers", ROOT / "scripts" / "check_layers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_app_imports_a_higher_layer() -> None:
    assert _checker().violations(ROOT) == []


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_it_reports_backward_sibling_and_engine_imports(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "netral/core/bad.py": "def f():\n    from netral.cases.models import Case\n",
            "netral/reports/bad.py": "import netral.prevention.models\n",
            "netral/cases/fine.py": "from netral.regions import calendar\nfrom netral.cases import workflow\n",
            "netral/cases/typing_only.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from netral.reports.models import Report\n"
            ),
            "netral/cases/tests/test_x.py": "from netral.reports.models import Report\n",
            "netral/analytics/urls_user.py": "from netral import urls\n",
            "netral_nlp/bad.py": "import django\n",
        },
    )
    found = _checker().violations(root)
    assert any("netral/core/bad.py:2" in f and "higher layer" in f for f in found)
    assert any("netral/reports/bad.py:1" in f and "sibling" in f for f in found)
    assert any("analytics imports the project module netral.urls" in f for f in found)
    assert any("netral_nlp/bad.py" in f for f in found)
    assert len(found) == 4, found
