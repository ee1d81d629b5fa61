"""Diff.filter by topic, kind, party and label, and the same filters on `peaceplan diff`."""

from __future__ import annotations

import json

import pytest
from cli_support import assert_one_line_error, run
from click.testing import CliRunner

import peaceplan
from peaceplan import Diff, UnknownProvisionError, UnknownTopicError, ValidationError


@pytest.fixture(scope="module")
def d() -> Diff:
    return peaceplan.load_corpus().diff("28-point", "20-point")


def test_a_topic_keeps_the_changes_to_points_tagged_with_it_by_slug_or_name(d: Diff) -> None:
    by_slug = d.filter(topic="army-size")
    assert [c.new_labels for c in by_slug] == [("4",)]
    assert d.filter(topic="Army size") == by_slug
    territory = d.filter(topic="territory")
    assert territory
    assert all(any("territory" in p.topics for p in (*c.old, *c.new)) for c in territory)
    assert len(territory) < len(d.changes)


def test_a_party_keeps_the_changes_it_proposed(d: Diff) -> None:
    e3 = d.filter(party="e3")
    assert e3
    assert all("e3" in c.proposers for c in e3)
    assert {c for c in d.changes if "e3" in c.proposers} == set(e3)


def test_a_label_keeps_the_point_and_its_sub_points_on_either_side(d: Diff) -> None:
    found = d.filter(label="21")
    labels = {lb for c in found for lb in (*c.old_labels, *c.new_labels)}
    assert "21" in labels or any(lb.startswith("21.") for lb in labels)
    assert all(any(lb == "21" or lb.startswith("21.") for lb in (*c.old_labels, *c.new_labels)) for c in found)
    assert d.filter(label=4) == d.filter(label="4")


def test_filters_combine_as_and(d: Diff) -> None:
    both = d.filter(topic="territory", kind="modified")
    assert set(both) == set(d.filter(topic="territory")) & set(d.filter(kind="modified"))


@pytest.mark.parametrize(
    ("filters", "error", "message"),
    [
        ({"topic": "weather"}, UnknownTopicError, "unknown topic 'weather'"),
        ({"party": "nobody"}, ValidationError, "no actor 'nobody' is credited"),
        ({"label": "99"}, UnknownProvisionError, "has a provision '99'"),
        ({"kind": "rewritten"}, ValidationError, "Diff.filter(kind=...)"),
    ],
)
def test_a_typo_in_a_filter_is_an_error_not_an_empty_answer(
    d: Diff, filters: dict[str, str], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        d.filter(**filters)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_the_diff_command_reports_only_the_filtered_changes(runner: CliRunner) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--topic", "army size", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    changed = [e for e in data["changes"] if e["kind"] != "unchanged"]
    assert [e["new"] for e in changed] == [["4"]]
    assert data["metadata"] == []
    assert data["summary"]["by_kind"] == {"modified": 1}


def test_the_diff_command_text_counts_only_the_filtered_changes(runner: CliRunner) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--party", "e3", "--no-color")
    assert result.exit_code == 1
    assert "Summary: " in result.stdout
    assert "by proposer: E3" in result.stdout


def test_a_filter_that_keeps_nothing_exits_0(runner: CliRunner) -> None:
    result = run(runner, "diff", "28-point", "20-point", "--topic", "army-size", "--kind", "added", "--no-color")
    assert result.exit_code == 0, result.output


def test_the_diff_command_refuses_an_unknown_party_in_one_line(runner: CliRunner) -> None:
    result = runner.invoke(peaceplan.cli.cli, ["diff", "28-point", "20-point", "--party", "nobody"])
    assert_one_line_error(result, "no actor 'nobody'", "russia")
