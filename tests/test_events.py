"""Events: the model, the events file of a corpus folder and its cross-checks."""

from __future__ import annotations

from pathlib import Path

import pytest

import peaceplan
from peaceplan import Event, EventKind, Source, UnknownEventError, ValidationError
from peaceplan.corpus import load_corpus
from peaceplan.files.io import validate_path

SOURCE = {"id": "s", "publisher": "Agency", "title": "Report", "reliability": "reported"}

MANIFEST = "peaceplan: 1\nname: demo\ntitle: Demo\ndocuments: [{id: plan, title: Plan, kind: peace-plan}]\n"
ACTORS = "peaceplan: 1\nactors: [{id: us, name: USA, kind: state}, {id: ru, name: Russia, kind: state}]\n"
VERSION = (
    "peaceplan: 1\nid: v1\ndocument: plan\ntitle: Plan\nstatus: draft\ndate: '2026-01-10'\n"
    "provisions:\n  - label: '1'\n    text: A ceasefire.\n"
)


def _event(**fields: object) -> Event:
    base: dict[str, object] = {
        "id": "round-1",
        "date": "2026-01-23",
        "kind": "talks-round",
        "title": "First round",
        "actors": ["us"],
        "sources": [Source(**SOURCE)],  # type: ignore[arg-type]
    }
    return Event(**(base | fields))  # type: ignore[arg-type]


def _folder(tmp_path: Path, events: str) -> Path:
    (tmp_path / "corpus.yaml").write_text(MANIFEST, encoding="utf-8")
    (tmp_path / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "v1.yaml").write_text(VERSION, encoding="utf-8")
    (tmp_path / "events.yaml").write_text(events, encoding="utf-8")
    return tmp_path


GOOD = """peaceplan: 1
events:
  - id: round-1
    date: "2026-01-23"
    until: "2026-01-24"
    kind: talks-round
    title: First round
    place: Abu Dhabi
    actors: [us, ru]
    concerns: [v1, "v1#1"]
    sources:
      - {id: s, publisher: Agency, title: Report, reliability: reported, date: "2026-01-23"}
"""


# --- the model ----------------------------------------------------------------------------


def test_an_event_reads_its_kind_dates_and_what_it_concerns() -> None:
    e = _event(until="2026-01-24", concerns=["v1", "v1#1", "v2#3.a"])
    assert e.kind is EventKind.TALKS_ROUND
    assert str(e.until) == "2026-01-24"
    assert e.versions == ("v1", "v2")
    assert [str(r) for r in e.provisions] == ["v1#1", "v2#3.a"]


def test_an_event_round_trips_through_its_plain_data() -> None:
    e = _event(until="2026-01-24", place="Geneva", summary="Talks.", concerns=["v1#1"], notes="n")
    assert Event.from_dict(e.to_dict()) == e
    assert list(e.to_dict())[:4] == ["id", "date", "until", "kind"]


def test_an_event_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"'until' \(2026-01-20\) is before 'date' \(2026-01-23\)"):
        _event(until="2026-01-20")


def test_an_event_without_sources_or_actors_is_refused() -> None:
    with pytest.raises(ValidationError, match="cites at least one source"):
        _event(sources=[])
    with pytest.raises(ValidationError, match="names at least one actor"):
        _event(actors=[])


def test_an_unknown_kind_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match=r"Event.kind: expected one of 'talks-round', .*'truce'.*got 'party'"):
        _event(kind="party")


def test_a_malformed_concern_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"Event.concerns\[0\]: expected a version id or a provision"):
        _event(concerns=["#14"])


def test_a_relay_must_name_a_source_of_the_same_event() -> None:
    relay = Source(**(SOURCE | {"id": "r", "via": "elsewhere", "derivation": "relay"}))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="'via' names source 'elsewhere', which this event does not list"):
        _event(sources=[relay])


# --- the events file --------------------------------------------------------------------------


def test_a_corpus_folder_loads_its_events(tmp_path: Path) -> None:
    corpus = load_corpus(_folder(tmp_path, GOOD))
    (event,) = corpus.events
    assert event.place == "Abu Dhabi"
    assert corpus.event("round-1") is event
    with pytest.raises(UnknownEventError, match="no event 'round-9' in corpus 'demo'; known: round-1"):
        corpus.event("round-9")


def test_a_corpus_folder_without_an_events_file_has_no_events(tmp_path: Path) -> None:
    folder = _folder(tmp_path, GOOD)
    (folder / "events.yaml").unlink()
    assert load_corpus(folder).events == ()


def test_unknown_actors_versions_and_provisions_are_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = GOOD.replace("actors: [us, ru]", "actors: [us, xx]").replace(
        'concerns: [v1, "v1#1"]', 'concerns: [v9, "v1#7"]'
    )
    problems = validate_path(_folder(tmp_path, bad))
    shown = sorted((p.file and Path(p.file).name, p.line, p.pointer, p.message) for p in problems)
    assert shown == [
        ("events.yaml", 9, "/events/0/actors/1", "actor 'xx' is not defined in the actors file"),
        ("events.yaml", 10, "/events/0/concerns/0", "concerns names version 'v9', which does not exist"),
        (
            "events.yaml",
            10,
            "/events/0/concerns/1",
            "concerns names provision '7' of 'v1', which has no such provision (it has 1)",
        ),
    ]


def test_a_second_event_with_the_same_id_is_refused(tmp_path: Path) -> None:
    twice = GOOD + GOOD.split("events:\n", 1)[1]
    problems = validate_path(_folder(tmp_path, twice))
    assert [(p.pointer, p.message) for p in problems] == [
        ("/events/1/id", "event id 'round-1' is used twice (first at /events/0)")
    ]


def test_the_schema_requires_sources_and_knows_the_kinds(tmp_path: Path) -> None:
    bad = GOOD.replace("kind: talks-round", "kind: party").split("    sources:")[0]
    problems = validate_path(_folder(tmp_path, bad) / "events.yaml")
    messages = [p.message for p in problems]
    assert any(m.startswith("missing required field 'sources'") for m in messages)
    assert any("expected one of 'talks-round'" in m and "got text ('party')" in m for m in messages)
    assert all(p.file and p.file.endswith("events.yaml") for p in problems)


def test_an_end_before_the_start_in_the_file_points_at_the_event(tmp_path: Path) -> None:
    bad = GOOD.replace('until: "2026-01-24"', 'until: "2026-01-02"')
    (problem,) = validate_path(_folder(tmp_path, bad))
    assert (problem.pointer, problem.line) == ("/events/0/until", 5)


def test_the_built_in_corpus_records_the_2026_rounds_and_truces() -> None:
    corpus = peaceplan.load_corpus()
    kinds = {e.id: e.kind.value for e in corpus.events}
    assert kinds["abu-dhabi-round-1"] == kinds["abu-dhabi-round-2"] == kinds["geneva-round-3"] == "talks-round"
    assert kinds["energy-pause"] == kinds["easter-ceasefire"] == "truce"
    assert kinds["referendum-denial"] == "denial"
    assert "20-point-2026-01#1" in corpus.event("sybiha-signing-format").concerns


def test_peaceplan_validate_checks_an_events_file_as_one(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from peaceplan.cli import cli

    folder = _folder(tmp_path, GOOD)
    result = CliRunner().invoke(cli, ["validate", str(folder / "events.yaml"), str(folder)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"ok: {folder / 'events.yaml'}", f"ok: {folder}"]
