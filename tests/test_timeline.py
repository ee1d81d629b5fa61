"""The timeline: versions and events in one date order, its records, frame, notebook and CLI views."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_support import run
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import peaceplan
from peaceplan import Actor, Corpus, Document, Event, Provision, Source, Timeline, Version, timeline
from peaceplan.model.dates import FuzzyDate


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return peaceplan.load_corpus()


def _key(date: FuzzyDate | None) -> tuple[int, int, int, int]:
    return date.sort_key() if date else (9999, 0, 0, 0)


def test_the_timeline_holds_every_version_and_event_once_in_date_order(corpus: Corpus) -> None:
    t = corpus.timeline()
    assert sorted(e.id for e in t) == sorted([v.id for v in corpus.versions] + [e.id for e in corpus.events])
    keys = [_key(e.date) for e in t]
    assert keys == sorted(keys)
    assert t.entries[0].id == "european-12-point"
    assert t.entries[-1].id == "easter-ceasefire"


def test_the_timeline_shows_2025_and_2026_in_order(corpus: Corpus) -> None:
    ids = [e.id for e in corpus.timeline()]
    chain = ["28-point", "20-point", "paris-summit", "abu-dhabi-round-1", "us-guarantee-2026-01", "geneva-round-3"]
    assert [ids.index(i) for i in chain] == sorted(ids.index(i) for i in chain)


def test_on_the_same_date_a_version_comes_before_an_event(corpus: Corpus) -> None:
    ids = [e.id for e in corpus.timeline()]
    assert ids.index("us-guarantee-2026-01") < ids.index("zelensky-guarantee-ready")
    assert ids.index("paris-declaration") < ids.index("paris-summit")


def test_a_document_timeline_keeps_its_versions_and_the_events_about_them(corpus: Corpus) -> None:
    t = corpus.timeline("prosperity-plan")
    assert t.versions == ("prosperity-plan", "prosperity-plan-2026-02")
    assert [e.id for e in t.events] == [
        "davos-signing-announced",
        "davos-signing-dropped",
        "kachka-prosperity",
        "geneva-prosperity-bilateral",
    ]


def test_events_alone(corpus: Corpus) -> None:
    t = corpus.timeline(versions=False)
    assert t.versions == ()
    assert len(t) == len(corpus.events)
    assert repr(t) == "<Timeline of corpus: 0 versions, 24 events>"


def test_records_are_plain_rows(corpus: Corpus) -> None:
    record = corpus.timeline().entry("abu-dhabi-round-1").to_record()
    assert record == {
        "date": "2026-01-23",
        "until": "2026-01-24",
        "kind": "talks-round",
        "id": "abu-dhabi-round-1",
        "title": "First trilateral round in Abu Dhabi",
        "document": None,
        "status": None,
        "place": "Abu Dhabi",
        "actors": [
            "us",
            "russia",
            "ukraine",
            "uae",
            "kostyukov",
            "umerov",
            "budanov",
            "arakhamia",
            "witkoff",
            "dmitriev",
        ],
        "concerns": ["ceasefire-monitoring-2026-02", "20-point-2026-01#12", "20-point-2026-01#14"],
        "sources": 3,
    }
    version = corpus.timeline().entry("20-point-2026-01").to_record()
    assert (version["kind"], version["document"], version["concerns"]) == ("version", "peace-plan", ["20-point"])


def test_an_unknown_entry_is_a_key_error(corpus: Corpus) -> None:
    with pytest.raises(KeyError, match="no version or event 'nothing'"):
        corpus.timeline().entry("nothing")


def test_the_frame_has_typed_columns(corpus: Corpus) -> None:
    pytest.importorskip("pandas")
    df = corpus.timeline().to_frame()
    assert len(df) == len(corpus.versions) + len(corpus.events)
    assert str(df["kind"].dtype) == "category"
    assert str(df["date"].dtype).startswith("datetime64")
    assert df.set_index("id").loc["energy-pause", "is_event"]


def test_the_notebook_display_escapes_user_text() -> None:
    source = Source(id="s", publisher="P", title="T", reliability="reported")
    event = Event(id="e", date="2026-01-01", kind="call", title="<script>x</script>", actors=["us"], sources=[source])
    c = Corpus(name="c", title="C", actors=[Actor(id="us", name="US", kind="state")], events=[event])
    html = c.timeline()._repr_html_()
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert "1 event" in html


def test_the_timeline_function_and_the_method_agree(corpus: Corpus) -> None:
    assert timeline(corpus, "us-guarantee") == corpus.timeline("us-guarantee")
    assert isinstance(corpus.timeline(), Timeline)


@given(
    days=st.lists(st.integers(min_value=1, max_value=28), min_size=1, max_size=8),
    version_day=st.integers(min_value=1, max_value=28),
)
def test_any_events_come_out_sorted_and_each_once(days: list[int], version_day: int) -> None:
    source = Source(id="s", publisher="P", title="T", reliability="reported")
    events = [
        Event(
            id=f"e{i}",
            date=f"2026-02-{d:02d}",
            kind="meeting",
            title="M",
            actors=["us"],
            concerns=["v"],
            sources=[source],
        )
        for i, d in enumerate(days)
    ]
    v = Version(
        id="v",
        document="d",
        title="V",
        status="draft",
        date=f"2026-02-{version_day:02d}",
        provisions=[Provision(label="1", text="x")],
    )
    c = Corpus(
        name="c",
        title="C",
        actors=[Actor(id="us", name="US", kind="state")],
        documents=[Document(id="d", title="D", kind="peace-plan")],
        versions=[v],
        events=events,
    )
    t = c.timeline()
    assert sorted(e.id for e in t) == sorted(["v", *(e.id for e in events)])
    keys = [(_key(e.date), 0 if e.version is not None else 1) for e in t]
    assert keys == sorted(keys)
    assert c.timeline("d").events == c.timeline().events  # every event concerns the document's version


# --- peaceplan log --events ----------------------------------------------------------------------


def test_log_events_text_is_one_line_per_version_and_event(runner: CliRunner) -> None:
    wide = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "110"})
    result = run(wide, "log", "us-guarantee", "--events")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "timeline us-guarantee: US security guarantee for Ukraine — 3 versions, 3 events"
    assert lines[1].split() == ["date", "kind", "id", "what"]
    assert lines[2].split()[:3] == ["2025-11", "version", "us-guarantee-2025-11"]
    assert lines[4].startswith(
        "2026-01-22  meeting    davos-trump-zelensky      Trump and Zelensky meet at Davos (Davos)"
    )
    assert len(lines) == 8


def test_log_events_of_the_corpus_covers_2025_and_2026(runner: CliRunner, corpus: Corpus) -> None:
    result = run(runner, "log", "--events", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == corpus.timeline().to_records()


def test_log_events_csv_is_one_row_per_entry(runner: CliRunner, corpus: Corpus) -> None:
    result = run(runner, "log", "prosperity-plan", "--events", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == [e.id for e in corpus.timeline("prosperity-plan")]
    assert rows[0]["kind"] == "version"


def test_log_without_a_document_lists_every_version(runner: CliRunner, corpus: Corpus) -> None:
    result = run(runner, "log", "-f", "json")
    assert result.exit_code == 0, result.output
    assert sorted(r["version"] for r in json.loads(result.stdout)) == sorted(v.id for v in corpus.versions)


def test_log_events_of_an_unknown_document_is_one_line_error(runner: CliRunner) -> None:
    result = run(runner, "log", "no-such-plan", "--events")
    assert result.exit_code != 0
    assert "no document 'no-such-plan'" in result.stderr
    assert "Traceback" not in result.output
