"""Plugins: corpora, topics and document kinds from other installed packages, found by entry points.

The slow test installs the real package in ``tests/plugin_fixture`` into a fresh
virtual environment and drives it from there, as a user would. The fast ones put
a real ``.dist-info`` folder (METADATA and entry_points.txt) on ``sys.path``, which
is all :mod:`importlib.metadata` needs to see an installed distribution.
"""

from __future__ import annotations

import itertools
import os
import shutil
import site
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

import peaceplan
from peaceplan.errors import UnknownCorpusError
from peaceplan.files.plugins import (
    BUILTIN_KINDS,
    CORPORA_GROUP,
    KINDS_GROUP,
    TOPICS_GROUP,
    PluginError,
    available_corpora,
    corpus_location,
    document_kinds,
    extra_topics,
    plugin_corpora,
)
from peaceplan.model.topics import TOPICS

FIXTURE = Path(__file__).parent / "plugin_fixture"


def test_the_entry_point_groups_keep_the_names_installed_plugins_declare() -> None:
    # Installed packages name these groups in their own metadata: a group renamed with the
    # module that reads it (0.1's move of peaceplan.topics to peaceplan.model.topics did
    # that) hides every plugin of that kind without an error.
    assert (CORPORA_GROUP, TOPICS_GROUP, KINDS_GROUP) == ("peaceplan.corpora", "peaceplan.topics", "peaceplan.kinds")
    declared = (FIXTURE / "pyproject.toml").read_text(encoding="utf-8")
    for group in (CORPORA_GROUP, TOPICS_GROUP, KINDS_GROUP):
        assert f'[project.entry-points."{group}"]' in declared


CORPUS = FIXTURE / "river_treaty_corpus" / "corpus"
_serial = itertools.count()

Install = Callable[..., str]


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Install:
    """Make a distribution visible to importlib.metadata: its metadata, entry points and modules.

    Returns a fresh module name the entry points can refer to as ``{module}``.
    """

    def make(
        dist: str,
        entry_points: Mapping[str, Mapping[str, str]],
        module: str = "",
        version: str = "0.1.0",
    ) -> str:
        name = f"plugin_module_{os.getpid()}_{next(_serial)}"
        site = tmp_path / f"site-{name}"
        info = site / f"{dist.replace('-', '_')}-{version}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n", encoding="utf-8")
        lines = []
        for group, eps in entry_points.items():
            lines.append(f"[{group}]")
            lines += [f"{ep} = {value.format(module=name)}" for ep, value in eps.items()]
        (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (site / f"{name}.py").write_text(textwrap.dedent(module), encoding="utf-8")
        monkeypatch.syspath_prepend(str(site))
        return name

    return make


# --- the real package, installed -----------------------------------------------------------


def _run(python: Path, *args: str, env: Mapping[str, str]) -> str:
    done = subprocess.run([str(python), *args], capture_output=True, text=True, env=dict(env), timeout=120)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _see_this_environment(python: Path) -> None:
    """Make the venv at `python` import the packages this interpreter's environment has."""
    theirs = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    ours = [
        path for path in dict.fromkeys([*site.getsitepackages(), site.getusersitepackages()]) if Path(path).is_dir()
    ]
    (Path(theirs) / "_peaceplan_test_parent_env.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_an_installed_plugin_package_adds_its_corpus_topics_and_kinds(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=60)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # The new venv sees the packages of *this* environment (pip, hatchling...), not those of the base
    # interpreter: `--system-site-packages` from inside a venv would expose the latter, which need not
    # have them. A .pth file in the new venv's site-packages adds ours after its own.
    _see_this_environment(python)
    package = shutil.copytree(FIXTURE, tmp_path / "river-treaty-corpus")
    # The code under test, not whatever else is installed, even if the suite runs from a fresh clone.
    source_root = str(Path(peaceplan.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": source_root, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_NO_INPUT": "1"}
    env.pop("PYTHONHOME", None)
    _run(
        python,
        *("-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", "--no-deps", str(package)),
        env=env,
    )

    loaded = _run(python, "-c", "import peaceplan; print(peaceplan.load_corpus('river-treaty'))", env=env)
    assert loaded.strip() == "<Corpus 'river-treaty': 1 documents, 2 versions, 3 actors>"

    script = (
        "from peaceplan.files import plugins\n"
        "print(plugins.available_corpora()['river-treaty'])\n"
        "print(plugins.extra_topics()['water-sharing'].name)\n"
        "print(plugins.document_kinds()['water-treaty'])\n"
    )
    assert _run(python, "-c", script, env=env).splitlines() == [
        "Silver River water-sharing talks (a made-up example) (from river-treaty-corpus 0.1.0)",
        "Water sharing",
        "A treaty sharing the water of a river between the states along it.",
    ]

    listed = _run(python, "-m", "peaceplan", "list", "--corpora", "--format", "csv", env=env)
    rows = [line.split(",")[0] for line in listed.splitlines()]
    assert rows[0] == "name"
    assert set(rows[1:]) == {"ukraine-2025", "river-treaty"}
    assert "Silver River water-sharing talks (a made-up example),2,1" in listed


# --- corpora -----------------------------------------------------------------------------------


def test_the_built_in_corpus_is_always_available() -> None:
    assert available_corpora()["ukraine-2025"] == "Russia–Ukraine peace process, 2025–26 (built in)"
    assert (corpus_location("ukraine-2025") / "corpus.yaml").is_file()


def test_a_plugin_may_point_at_its_corpus_folder_by_path_by_traversable_or_by_package(install: Install) -> None:
    install("by-path", {"peaceplan.corpora": {"river-path": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}")
    module = """
        from importlib.resources import files
        from pathlib import Path
        def folder():
            return files("peaceplan") / "data" / "ukraine-2025"
    """
    install("by-traversable", {"peaceplan.corpora": {"ukraine-again": "{module}:folder"}}, module)
    found = plugin_corpora()
    assert Path(str(found["river-path"])) == CORPUS
    assert found["ukraine-again"].name == "ukraine-2025"
    assert available_corpora()["river-path"] == (
        "Silver River water-sharing talks (a made-up example) (from by-path 0.1.0)"
    )


def test_a_plugin_corpus_loads_by_name(install: Install) -> None:
    install("named-corpus", {"peaceplan.corpora": {"river-by-name": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}")
    corpus = peaceplan.load_corpus("river-by-name")
    assert [v.id for v in corpus.ordered()] == ["first-draft", "second-draft"]


def test_a_plugin_that_cannot_be_imported_is_named_in_the_error(install: Install) -> None:
    install("ghost-corpus", {"peaceplan.corpora": {"ghost": "no_such_module_anywhere:folder"}})
    with pytest.raises(PluginError) as caught:
        corpus_location("ghost")
    assert str(caught.value) == (
        "entry point 'ghost = no_such_module_anywhere:folder' (group peaceplan.corpora) of the package "
        "ghost-corpus 0.1.0: cannot be imported (ModuleNotFoundError: No module named 'no_such_module_anywhere'). "
        "Fix the plugin, or uninstall it (pip uninstall ghost-corpus)"
    )
    assert (caught.value.distribution, caught.value.entry_point) == (
        "ghost-corpus",
        "ghost = no_such_module_anywhere:folder",
    )
    with pytest.raises(PluginError, match="ghost-corpus"):
        peaceplan.load_corpus("ghost")
    with pytest.raises(PluginError, match="ghost-corpus"):
        available_corpora()


def test_a_broken_plugin_does_not_stop_other_corpora_loading_by_name(install: Install) -> None:
    install("ghost-corpus", {"peaceplan.corpora": {"ghost": "no_such_module_anywhere:folder"}})
    install(
        "named-corpus", {"peaceplan.corpora": {"river-beside-ghost": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}"
    )
    assert corpus_location("river-beside-ghost").name == "corpus"
    assert peaceplan.load_corpus().name == "ukraine-2025"


def test_a_plugin_function_that_raises_or_gives_no_corpus_folder_is_refused(install: Install, tmp_path: Path) -> None:
    module = f"""
        def boom():
            raise RuntimeError("disk on fire")
        EMPTY = {str(tmp_path)!r}
        NUMBER = 7
    """
    eps = {"boom": "{module}:boom", "empty": "{module}:EMPTY", "number": "{module}:NUMBER"}
    install("bad-corpora", {"peaceplan.corpora": eps}, module)
    with pytest.raises(PluginError, match=r"'boom = .*' .* bad-corpora 0\.1\.0: raised RuntimeError: disk on fire"):
        corpus_location("boom")
    with pytest.raises(PluginError, match=r"gave .*, which is not a corpus folder; expected a folder holding corpus"):
        corpus_location("empty")
    with pytest.raises(PluginError, match=r"gave 7; expected a folder holding corpus\.yaml"):
        corpus_location("number")


def test_a_corpus_name_claimed_by_two_packages_is_an_error_naming_both(install: Install) -> None:
    install("twin-a", {"peaceplan.corpora": {"twin": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}")
    install("twin-b", {"peaceplan.corpora": {"twin": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}")
    with pytest.raises(PluginError, match=r"twin-a 0\.1\.0: registers the corpus name 'twin', which twin-b 0\.1\.0"):
        corpus_location("twin")


def test_a_plugin_cannot_take_the_name_of_the_built_in_corpus(install: Install) -> None:
    install("usurper", {"peaceplan.corpora": {"ukraine-2025": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}")
    assert corpus_location("ukraine-2025").name == "ukraine-2025"  # the built-in always wins
    with pytest.raises(
        PluginError, match=r"usurper 0\.1\.0: registers the corpus name 'ukraine-2025', which is a built-in"
    ):
        available_corpora()


def test_an_unknown_corpus_name_lists_the_known_ones(install: Install) -> None:
    install("named-corpus", {"peaceplan.corpora": {"river-known": "{module}:FOLDER"}}, f"FOLDER = {str(CORPUS)!r}")
    with pytest.raises(UnknownCorpusError, match=r"no corpus named 'atlantis'; known corpora: river-known, ukraine"):
        corpus_location("atlantis")


# --- topics and kinds -------------------------------------------------------------------------


TOPIC_MODULE = """
    from peaceplan.model.topics import Topic
    FISH = Topic(slug="fish-stocks", name="Fish stocks", description="Who may fish where.")
    def many():
        return [FISH, Topic(slug="dams", name="Dams", description="Building and running dams.")]
    BY_SLUG = {"fish-stocks": FISH}
    WRONG_SLUG = {"fish": FISH}
    CLASH = Topic(slug="army-size", name="Army", description="Not the built-in one.")
    KINDS = {"water-treaty": "A treaty on a shared river."}
    BAD_KINDS = {"Water Treaty": "A treaty on a shared river."}
    NOT_TOPICS = ["fish"]
"""


def test_plugins_extend_the_topic_vocabulary_in_any_of_three_shapes(install: Install) -> None:
    install("fish-topics", {"peaceplan.topics": {"one": "{module}:FISH", "many": "{module}:many"}}, TOPIC_MODULE)
    install("more-fish", {"peaceplan.topics": {"map": "{module}:BY_SLUG"}}, TOPIC_MODULE)
    topics = extra_topics()
    assert sorted(topics) == ["dams", "fish-stocks"]
    assert topics["fish-stocks"].name == "Fish stocks"
    assert not set(topics) & set(TOPICS)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("WRONG_SLUG", "maps 'fish' to Topic.*; expected a Topic whose slug is 'fish'"),
        ("CLASH", "redefines the built-in topic 'army-size'"),
        ("NOT_TOPICS", "gave 'fish' among its topics; expected peaceplan.model.topics.Topic objects"),
    ],
)
def test_a_bad_topic_plugin_is_named_in_the_error(install: Install, value: str, message: str) -> None:
    install("bad-topics", {"peaceplan.topics": {"t": f"{{module}}:{value}"}}, TOPIC_MODULE)
    with pytest.raises(PluginError, match=f"bad-topics 0.1.0: {message}"):
        extra_topics()


def test_plugins_add_document_kinds_after_the_built_in_ones(install: Install) -> None:
    install("kinds", {"peaceplan.kinds": {"k": "{module}:KINDS"}}, TOPIC_MODULE)
    kinds = document_kinds()
    assert list(kinds) == [*BUILTIN_KINDS, "water-treaty"]
    assert kinds["water-treaty"] == "A treaty on a shared river."


def test_a_document_kind_must_be_a_slug(install: Install) -> None:
    install("bad-kinds", {"peaceplan.kinds": {"k": "{module}:BAD_KINDS"}}, TOPIC_MODULE)
    with pytest.raises(PluginError, match="gave the kind 'Water Treaty'; expected a lower-case slug"):
        document_kinds()
