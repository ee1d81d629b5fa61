"""Starting peaceplan stays cheap: heavy libraries load when a command needs them.

deepdiff imports pandas, numpy and pydantic whenever they are installed (about
0.5 s), jsonschema is needed only for a file the compiled check rejects, and rich,
rapidfuzz and yaml only once a command reads, compares or draws something; every
CLI call and every ``import peaceplan`` would pay for them before doing anything.
Each test runs a fresh interpreter and reads ``sys.modules`` there.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

import peaceplan
from peaceplan._moved import MOVED
from peaceplan.cli import _COMMANDS, cli

# Never needed to import the package or to print the help.
HEAVY = ("deepdiff", "jsonschema", "pandas", "numpy", "rich", "rapidfuzz", "yaml", "matplotlib", "docx", "pypdf")


# The console script, as `peaceplan ARGS` runs it.
_RUN = "import sys\nsys.argv = {argv!r}\nfrom peaceplan.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass"


def _loaded_after(code: str, modules: tuple[str, ...] = HEAVY) -> dict[str, bool]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps({{m: m in sys.modules for m in {modules!r}}}))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return dict(json.loads(out.splitlines()[-1]))


def _peaceplan_modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in sys.modules if m.startswith('peaceplan')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.splitlines()[-1].split())


def test_importing_peaceplan_loads_none_of_the_heavy_libraries_nor_its_own_modules() -> None:
    assert not any(_loaded_after("import peaceplan").values())
    assert _peaceplan_modules_after("import peaceplan") == {"peaceplan", "peaceplan._moved", "peaceplan._version"}


def test_peaceplan_help_loads_no_heavy_library_and_no_command_module() -> None:
    code = _RUN.format(argv=["peaceplan", "--help"])
    assert not any(_loaded_after(code).values())
    assert _peaceplan_modules_after(code) == {
        "peaceplan",
        "peaceplan._moved",
        "peaceplan._version",
        "peaceplan.cli",
        "peaceplan.cli._common",
        "peaceplan.errors",
    }


def test_a_plain_diff_never_loads_deepdiff_pandas_or_numpy() -> None:
    code = _RUN.format(argv=["peaceplan", "diff", "28-point", "20-point", "--no-color"])
    loaded = _loaded_after(code, ("deepdiff", "pandas", "numpy", "jsonschema", "peaceplan.cli.history"))
    assert loaded == {
        "deepdiff": False,
        "pandas": False,
        "numpy": False,
        "jsonschema": False,
        "peaceplan.cli.history": False,
    }


def test_a_plain_diff_with_the_cache_filled_never_loads_yaml(tmp_path: Path) -> None:
    # The built-in corpus is YAML: the first run parses it and keeps the data in the cache;
    # from then on neither reading the corpus nor diffing needs a YAML parser.
    code = f"import os\nos.environ['PEACEPLAN_CACHE_DIR'] = {str(tmp_path)!r}\n"
    code += "os.environ.pop('PEACEPLAN_NO_CACHE', None)\n"
    code += _RUN.format(argv=["peaceplan", "diff", "28-point", "20-point", "--no-color"])
    assert _loaded_after(code, ("yaml",)) == {"yaml": True}  # the first run parses the files
    assert _loaded_after(code, ("yaml",)) == {"yaml": False}


def test_reading_and_writing_json_version_files_never_loads_yaml(tmp_path: Path) -> None:
    code = (
        "import peaceplan\nfrom peaceplan.files.io import dump_version, load_version\n"
        "v = peaceplan.Version(id='v1', document='plan', title='Plan', status='draft')\n"
        f"dump_version(v, {str(tmp_path / 'v1.json')!r})\nassert load_version({str(tmp_path / 'v1.json')!r}) == v"
    )
    assert _loaded_after(code, ("yaml",)) == {"yaml": False}


def test_the_header_details_load_deepdiff_only_when_read() -> None:
    diff = "import peaceplan\nc = peaceplan.load_corpus()\nd = c.diff('28-point', '20-point')"
    assert _loaded_after(diff, ("deepdiff",)) == {"deepdiff": False}
    assert _loaded_after(diff + "\nd.to_json()", ("deepdiff",)) == {"deepdiff": True}


def test_every_public_name_resolves_and_dir_lists_them() -> None:
    for name in peaceplan.__all__:
        assert getattr(peaceplan, name) is not None
    assert set(peaceplan.__all__) <= set(dir(peaceplan))


def test_a_public_function_is_not_shadowed_by_its_module_once_that_module_is_imported() -> None:
    code = (
        "import peaceplan.compare.diff, peaceplan.history.blame, peaceplan.history.thread\nimport peaceplan\n"
        "print(all(callable(f) and not isinstance(f, type(peaceplan)) "
        "for f in (peaceplan.diff, peaceplan.blame, peaceplan.thread)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True"]


def test_a_module_is_reached_by_its_path_once_no_function_shares_it() -> None:
    # Before 0.1, ``import peaceplan.blame; peaceplan.blame.Blame`` raised AttributeError:
    # the package's function ``blame`` hid its module. Each module now has a path of its own.
    code = (
        "import peaceplan.history.blame, peaceplan.history.thread, peaceplan.compare.diff\n"
        "print(peaceplan.history.blame.Blame.__name__, peaceplan.history.thread.Thread.__name__, "
        "peaceplan.compare.diff.Diff.__name__, callable(peaceplan.blame))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["Blame", "Thread", "Diff", "True"]


def test_an_old_module_path_still_imports_with_a_deprecation_warning() -> None:
    code = (
        "import warnings\nwarnings.simplefilter('error')\n"
        "try:\n    import peaceplan.align\nexcept DeprecationWarning as w:\n    print(w)\n"
        "warnings.simplefilter('ignore')\n"
        "import sys, peaceplan.align, peaceplan.compare.align\n"
        "print(sys.modules['peaceplan.align'] is peaceplan.compare.align, callable(peaceplan.compare.align.align))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0].startswith("peaceplan.align moved to peaceplan.compare.align; the old path goes in peaceplan 0.2")
    assert out[1] == "True True"


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_every_old_module_path_imports_with_a_warning_as_the_module_at_its_new_path(old: str, new: str) -> None:
    code = (
        "import importlib, sys, warnings\n"
        "with warnings.catch_warnings(record=True) as caught:\n"
        "    warnings.simplefilter('always')\n"
        f"    module = importlib.import_module({old!r})\n"
        f"print(module is importlib.import_module({new!r}) is sys.modules[{old!r}])\n"
        "import peaceplan\n"  # a public name the old module shared (peaceplan.diff) is still the function
        f"print(type(getattr(peaceplan, {old.rsplit('.', 1)[1]!r}, None)) is not type(sys) or "
        f"{old.rsplit('.', 1)[1]!r} not in peaceplan.__all__)\n"
        "print(*[f'{w.category.__name__}: {w.message}' for w in caught], sep='\\n')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[:2] == ["True", "True"]
    assert out[2:] == [
        f"DeprecationWarning: {old} moved to {new}; the old path goes in peaceplan 0.2 "
        f"(import from {new}, or use the top-level name: peaceplan.diff, peaceplan.load_corpus, ...)"
    ]


# The modules of the layer packages that had no flat module of their name before 0.1: the three old
# modules that became packages (their names answer from the package), and modules new since the move.
_NO_OLD_PATH = {
    "peaceplan.model.records",
    "peaceplan.files.io",
    "peaceplan.history.log",
    "peaceplan.model.collection",
    "peaceplan.compare.details",
}


def test_every_module_of_the_layer_packages_is_reached_by_its_old_flat_path_or_has_none() -> None:
    layered = {
        info.name
        for package in ("model", "files", "text", "compare", "history")
        for info in pkgutil.iter_modules([str(Path(peaceplan.__file__).parent / package)], f"peaceplan.{package}.")
    }
    assert layered - set(MOVED.values()) == _NO_OLD_PATH
    assert set(MOVED.values()) <= layered


def test_an_old_name_of_a_module_that_became_a_package_still_answers() -> None:
    from peaceplan.corpus import load_corpus
    from peaceplan.files.io import load_version
    from peaceplan.model.records import Version

    with pytest.deprecated_call(match=r"peaceplan\.model\.Version moved to peaceplan\.model\.records\.Version"):
        from peaceplan.model import Version as old_version
    with pytest.deprecated_call(match=r"peaceplan\.files\.load_version moved to peaceplan\.files\.io\.load_version"):
        from peaceplan.files import load_version as old_load
    with pytest.deprecated_call(match=r"peaceplan\.files\.load_corpus moved"):
        from peaceplan.files import load_corpus as old_load_corpus
    assert (old_version, old_load, old_load_corpus) == (Version, load_version, load_corpus)
    import peaceplan.model

    with pytest.raises(AttributeError, match=r"module 'peaceplan\.model' has no attribute 'nonesuch'"):
        peaceplan.model.nonesuch  # noqa: B018


def test_the_old_history_log_function_is_now_its_module_and_the_warning_says_where_the_function_went() -> None:
    code = (
        "import warnings\nwarnings.simplefilter('error')\n"
        "try:\n    from peaceplan.history import log\nexcept DeprecationWarning as w:\n    print(w)\n"
        "import peaceplan, peaceplan.history.log\n"
        "print(peaceplan.log is peaceplan.history.log.log, callable(peaceplan.history.log))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == [
        "peaceplan.history.log is the module peaceplan.history.log now, not the function log: "
        "call peaceplan.log(corpus) (or peaceplan.history.log.log)",
        "True False",
    ]


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        peaceplan.nonesuch  # noqa: B018


def test_each_command_summary_in_the_help_is_the_commands_own_short_help() -> None:
    assert set(_COMMANDS) == set(cli.commands)
    for name, (_, _, summary) in _COMMANDS.items():
        command = cli.commands[name]
        assert isinstance(command, click.Command)
        assert command.get_short_help_str(limit=500) == summary


@pytest.mark.parametrize(
    "argv",
    [
        ["thread", "20-point", "4", "-f", "csv"],
        ["blame", "20-point", "-f", "csv"],
        ["influence", "20-point", "-f", "json"],
        ["diff", "28-point", "20-point", "-f", "csv"],
    ],
    ids=["thread", "blame", "influence", "diff"],
)
def test_a_view_written_as_records_loads_no_terminal_renderer(argv: list[str]) -> None:
    code = _RUN.format(argv=["peaceplan", *argv])
    modules = ("rich", "peaceplan.render.text", "peaceplan.render.history_text", "peaceplan.render.overview_text")
    assert not any(_loaded_after(code, modules).values())
