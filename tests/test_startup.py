"""Starting peaceplan stays cheap: heavy libraries load when a command needs them.

deepdiff imports pandas, numpy and pydantic whenever they are installed (about
0.2 s), and jsonschema is needed only for a file the compiled check rejects;
every CLI call would pay for both before doing anything.
"""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(code: str, modules: tuple[str, ...]) -> dict[str, bool]:
    probe = f"{code}\nimport sys\nprint(*(name in sys.modules for name in {modules!r}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    return dict(zip(modules, (word == "True" for word in out), strict=True))


def test_importing_peaceplan_and_its_cli_loads_neither_deepdiff_nor_jsonschema() -> None:
    loaded = _loaded_after("import peaceplan, peaceplan.cli", ("deepdiff", "jsonschema", "peaceplan.cli"))
    assert loaded == {"deepdiff": False, "jsonschema": False, "peaceplan.cli": True}


def test_a_diff_loads_deepdiff_for_the_header_comparison() -> None:
    code = "import peaceplan\nc = peaceplan.load_corpus()\npeaceplan.diff(c.version('28-point'), c.version('20-point'))"
    assert _loaded_after(code, ("deepdiff",)) == {"deepdiff": True}
