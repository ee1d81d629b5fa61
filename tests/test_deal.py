"""How close a deal is: positions per party and point, each point's state, the shares agreed and their history."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from strategies import versions

from peaceplan.cli import cli
from peaceplan.corpus import Corpus, load_corpus
from peaceplan.errors import MissingExtraError
from peaceplan.history.deal import Origin, ProvisionState, deal_status
from peaceplan.model.records import Actor, Alternative, Attribution, Position, Provision, Source, Version


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_corpus()


SOURCE = Source(id="wire", publisher="A Wire", title="Positions", reliability="reported")


def _version(*provisions: Provision, drafters: tuple[str, ...] = ("us",)) -> Version:
    return Version(
        id="v",
        document="d",
        title="Plan",
        status="proposed",
        date="2025-12-01",
        attributions=[Attribution(actor=a, role="drafter") for a in drafters],
        sources=[SOURCE],
        provisions=provisions,
    )


def _pos(actor: str, stance: str, date: str | None = None) -> Position:
    return Position(actor=actor, stance=stance, sources=("wire",), date=date)


# --- the states --------------------------------------------------------------------------------


def test_a_point_every_party_accepts_on_record_is_agreed() -> None:
    v = _version(Provision(label="1", text="Ceasefire.", positions=[_pos("russia", "accepts")]))
    status = deal_status(v)
    assert status.parties == ("us", "russia")
    assert status.provision("1").state is ProvisionState.AGREED
    assert status.overall.share_agreed == 1.0


def test_a_point_a_party_has_not_taken_a_position_on_is_unknown_not_agreed() -> None:
    v = _version(
        Provision(label="1", text="Ceasefire.", positions=[_pos("russia", "accepts")]),
        Provision(label="2", text="Elections."),
    )
    status = deal_status(v)
    assert status.provision("2").state is ProvisionState.UNKNOWN
    assert status.provision("2").cell("russia") is None
    assert (status.overall.agreed, status.overall.unknown) == (1, 1)
    assert status.overall.share_agreed == 0.5
    assert status.overall.share_unknown == 0.5


def test_a_rejection_or_reservation_makes_a_point_open() -> None:
    v = _version(
        Provision(label="1", text="A.", positions=[_pos("russia", "rejects")]),
        Provision(label="2", text="B.", positions=[_pos("russia", "reserves")]),
    )
    status = deal_status(v)
    assert [p.state for p in status.provisions] == [ProvisionState.OPEN, ProvisionState.OPEN]


def test_alternatives_make_a_point_bracketed_and_their_proposers_propose_them() -> None:
    options = [
        Alternative(key="a", text="Joint.", attributions=[Attribution(actor="us", sources=("wire",))]),
        Alternative(key="b", text="Venture.", attributions=[Attribution(actor="ukraine")]),
    ]
    v = _version(Provision(label="1", text="Plant.", alternatives=options, positions=[_pos("russia", "accepts")]))
    p = deal_status(v).provision("1")
    assert p.state is ProvisionState.BRACKETED
    assert p.options == ("a", "b")
    us = p.cell("us")
    assert us is not None
    assert us.origin is Origin.OPTION
    assert us.sources == (SOURCE,)


def test_a_drafter_accepts_its_own_text_unless_a_recorded_position_says_otherwise() -> None:
    v = _version(
        Provision(label="1", text="A."),
        Provision(label="2", text="B.", positions=[_pos("us", "reserves")]),
        drafters=("us", "ukraine"),
    )
    status = deal_status(v)
    first = status.provision("1")
    assert first.state is ProvisionState.AGREED
    assert {c.origin for c in first.positions} == {Origin.DRAFTED}
    assert status.provision("2").state is ProvisionState.OPEN


def test_the_latest_position_holds_and_the_earlier_ones_are_kept() -> None:
    v = _version(
        Provision(
            label="1",
            text="A.",
            positions=[_pos("russia", "accepts", "2026-01"), _pos("russia", "rejects", "2025-12")],
        )
    )
    cell = deal_status(v).provision("1").cell("russia")
    assert cell is not None
    assert cell.stance.value == "accepts"
    assert [e.stance.value for e in cell.earlier] == ["rejects"]


def test_a_position_on_a_sub_point_counts_for_its_point() -> None:
    child = Provision(label="a", text="Sub.", positions=[_pos("russia", "rejects")])
    v = _version(Provision(label="1", text="A.", children=[child]))
    cell = deal_status(v).provision("1").cell("russia")
    assert cell is not None
    assert cell.path == "1.a"
    assert deal_status(v).provision("1").state is ProvisionState.OPEN


def test_a_person_speaks_for_the_state_they_are_affiliated_with() -> None:
    actors = [
        Actor(id="russia", name="Russia", kind="state"),
        Actor(id="lavrov", name="Sergei Lavrov", kind="person", affiliation="russia"),
    ]
    v = _version(Provision(label="1", text="A.", positions=[_pos("lavrov", "rejects")]))
    status = deal_status(v, actors=actors)
    cell = status.provision("1").cell("russia")
    assert cell is not None
    assert cell.actor == "lavrov"
    assert status.name("russia") == "Russia"


def test_the_parties_can_be_named() -> None:
    v = _version(Provision(label="1", text="A.", positions=[_pos("russia", "rejects")]))
    status = deal_status(v, parties=["us"])
    assert status.parties == ("us",)
    assert status.provision("1").state is ProvisionState.AGREED  # Russia's objection is not a party's here


@given(versions(version_id="v", document="d"))
def test_every_point_has_one_state_and_unknown_is_never_counted_as_agreed(v: Version) -> None:
    status = deal_status(v)
    o = status.overall
    assert o.agreed + o.open + o.bracketed + o.unknown == o.total == len(v.provisions)
    assert o.share_agreed + o.share_unknown <= 1.0 + 1e-9
    for p in status.provisions:
        if p.state is ProvisionState.AGREED:
            assert all(p.cell(party) is not None for party in status.parties)
    for share in status.by_topic:
        assert share.agreed + share.open + share.bracketed + share.unknown == share.total


# --- the built-in corpus -----------------------------------------------------------------------------


def test_the_20_point_plans_territory_and_nuclear_plant_are_not_agreed_and_say_who_holds_what(
    corpus: Corpus,
) -> None:
    status = corpus.status("20-point")
    assert status.parties == ("us", "ukraine", "russia")
    territory = status.provision("14")
    assert territory.state is ProvisionState.BRACKETED
    russia = territory.cell("russia")
    assert russia is not None
    assert russia.stance.value == "rejects"
    assert "metroscroll-bloomberg" in [s.id for s in russia.sources]
    plant = status.provision("12")
    assert plant.state is ProvisionState.BRACKETED
    assert {c.party: c.origin for c in plant.positions} == {"us": Origin.OPTION, "ukraine": Origin.OPTION}
    assert status.overall.agreed == 0  # Russia is on record on no point as accepting


def test_a_draft_that_records_no_position_is_unknown_for_the_parties_on_record_elsewhere(corpus: Corpus) -> None:
    status = corpus.status("28-point")
    assert "ukraine" in status.parties
    assert status.overall.unknown == status.overall.total


def test_the_history_has_one_status_per_version_of_the_document_in_order(corpus: Corpus) -> None:
    history = corpus.status_history("peace-plan")
    assert [s.version.id for s in history.statuses] == [v.id for v in corpus.versions_of("peace-plan")]
    rows = history.rows()
    overall = [r for r in rows if r["topic"] is None]
    assert [r["version"] for r in overall] == [s.version.id for s in history.statuses]
    assert overall[-1]["bracketed"] == 2


def test_frames_have_a_column_per_party_and_a_row_per_version_and_topic(corpus: Corpus) -> None:
    pytest.importorskip("pandas")
    frame = corpus.status("20-point").to_frame()
    assert list(frame.columns) == ["label", "title", "topics", "state", "us", "ukraine", "russia"]
    assert frame.loc[frame["label"] == "14", "russia"].item() == "rejects"
    history = corpus.status_history("peace-plan").to_frame()
    assert set(history["version"]) == {v.id for v in corpus.versions_of("peace-plan")}


def test_the_history_plot_draws_the_whole_text_and_its_unknown_share(corpus: Corpus) -> None:
    pytest.importorskip("matplotlib")
    figure = corpus.status_history("peace-plan").plot(topics=["territory"])
    labels = [line.get_label() for line in figure.axes[0].get_lines()]
    assert labels == ["territory", "all points", "all points: unknown", "all points: open or bracketed"]


def test_without_the_extras_the_frame_and_plot_name_them(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    status = corpus.status("20-point")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtraError, match=r"peaceplan\[pandas\]"):
        status.to_frame()
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"peaceplan\[plot\]"):
        corpus.status_history("peace-plan").plot()


def test_the_notebook_view_escapes_the_text() -> None:
    v = _version(Provision(label="1", title="<script>", text="A.", positions=[_pos("russia", "rejects")]))
    html = deal_status(v)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# --- the command ------------------------------------------------------------------------------------


def test_status_shows_each_points_state_who_holds_what_and_the_sources() -> None:
    result = CliRunner().invoke(cli, ["status", "20-point"])
    assert result.exit_code == 0, result.output
    assert "0 of 20 points agreed by all parties on record (0%); 4 open, 2 bracketed, 14 unknown (70%)" in result.output
    russia = "14 Russia rejects (late 2025-12): Wants all of Donetsk region. — rbc-bloomberg, metroscroll-bloomberg"
    assert russia in result.output


def test_status_json_is_the_whole_record() -> None:
    result = CliRunner().invoke(cli, ["status", "20-point", "-f", "json"])
    data = json.loads(result.output)
    assert data["overall"]["unknown"] == 14
    assert data["provisions"][13]["state"] == "bracketed"
    assert "metroscroll-bloomberg" in data["sources"]


def test_status_refuses_an_unknown_party() -> None:
    result = CliRunner().invoke(cli, ["status", "20-point", "--party", "usa"])
    assert result.exit_code == 2
    assert "no actor 'usa'" in result.output


def test_status_reads_a_version_file(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(
        "peaceplan: 1\nid: my-draft\ndocument: peace-plan\ntitle: Draft\nstatus: draft\n"
        "attributions: [{actor: us, role: drafter}]\n"
        "provisions:\n  - label: '1'\n    text: A ceasefire.\n"
        "    positions: [{actor: russia, stance: accepts}, {actor: ukraine, stance: accepts}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["status", str(path)])
    assert result.exit_code == 0, result.output
    assert "1 of 1 points agreed by all parties on record (100%)" in result.output
