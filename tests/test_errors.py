"""The error contract: every error a user can cause is a PeaceplanError naming what was asked and what exists.

Each case below asks the public API for something that is not there (a version,
document, provision, topic, actor, source, event, column or head) and pins the
class raised, that it is a :class:`~peaceplan.PeaceplanError` and the builtin a
caller would catch, and that its message names both the unknown thing asked for
and at least one thing that does exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import peaceplan
from peaceplan import (
    AmbiguousLabelError,
    Corpus,
    PeaceplanError,
    UnknownActorError,
    UnknownCorpusError,
    UnknownDocumentError,
    UnknownEventError,
    UnknownProvisionError,
    UnknownSourceError,
    UnknownTopicError,
    UnknownVersionError,
    ValidationError,
)

CORPUS = peaceplan.load_corpus()
PLAN = CORPUS.diff("28-point", "20-point")
SYNOPSIS = CORPUS.synopsis(["28-point", "geneva-19", "20-point"])
THREAD = CORPUS.thread("20-point", "4")
INFLUENCE = CORPUS.influence("20-point")
COUNTS = CORPUS.topic_counts(["28-point", "20-point"])

# (what is asked, the call, the class expected, the unknown name, a name that exists)
CASES: list[tuple[str, Callable[[Corpus], Any], type[PeaceplanError], str, str]] = [
    (
        "load_corpus",
        lambda c: peaceplan.load_corpus("no-such-corpus"),
        UnknownCorpusError,
        "no-such-corpus",
        "ukraine-2025",
    ),
    ("Corpus.version", lambda c: c.version("30-point"), UnknownVersionError, "30-point", "28-point"),
    ("Corpus.document", lambda c: c.document("no-such-plan"), UnknownDocumentError, "no-such-plan", "peace-plan"),
    ("Corpus.versions_of", lambda c: c.versions_of("no-such-plan"), UnknownDocumentError, "no-such-plan", "peace-plan"),
    ("Corpus.log", lambda c: c.log("no-such-plan"), UnknownDocumentError, "no-such-plan", "peace-plan"),
    ("Corpus.heads", lambda c: c.heads("no-such-plan"), UnknownDocumentError, "no-such-plan", "peace-plan"),
    ("Corpus.timeline", lambda c: c.timeline("no-such-plan"), UnknownDocumentError, "no-such-plan", "peace-plan"),
    (
        "Corpus.status_history",
        lambda c: c.status_history("no-such-plan"),
        UnknownDocumentError,
        "no-such-plan",
        "peace-plan",
    ),
    ("Corpus.actor", lambda c: c.actor("narnia"), UnknownActorError, "narnia", "russia"),
    (
        "Corpus.status(parties=)",
        lambda c: c.status("20-point", parties=["narnia"]),
        UnknownActorError,
        "narnia",
        "ukraine",
    ),
    ("Corpus.event", lambda c: c.event("yalta"), UnknownEventError, "yalta", "paris-summit"),
    ("Corpus.diff", lambda c: c.diff("30-point", "20-point"), UnknownVersionError, "30-point", "28-point"),
    ("Corpus.blame", lambda c: c.blame("30-point"), UnknownVersionError, "30-point", "28-point"),
    ("Corpus.thread(version)", lambda c: c.thread("30-point", "4"), UnknownVersionError, "30-point", "28-point"),
    ("Corpus.thread(label)", lambda c: c.thread("20-point", "99"), UnknownProvisionError, "99", "20"),
    ("Corpus.thread(topic)", lambda c: c.thread("army-sise"), UnknownTopicError, "army-sise", "army-size"),
    ("Corpus.synopsis", lambda c: c.synopsis(["28-point", "30-point"]), UnknownVersionError, "30-point", "28-point"),
    ("Corpus.influence", lambda c: c.influence("30-point"), UnknownVersionError, "30-point", "28-point"),
    ("Version.provision", lambda c: c.version("28-point").provision("29"), UnknownProvisionError, "29", "28"),
    ("Version.source", lambda c: c.version("28-point").source("pravda"), UnknownSourceError, "pravda", "politico"),
    ("Blame[label]", lambda c: c.blame("20-point")["99"], UnknownProvisionError, "99", "5.a"),
    ("Thread[version]", lambda c: THREAD["30-point"], UnknownVersionError, "30-point", "geneva-19"),
    ("Synopsis.row", lambda c: SYNOPSIS.row("28-point#99"), UnknownProvisionError, "28-point#99", "28-point#1"),
    ("Synopsis.column", lambda c: SYNOPSIS.column("30-point"), UnknownVersionError, "30-point", "geneva-19"),
    ("Influence.actor", lambda c: INFLUENCE.actor("narnia"), UnknownActorError, "narnia", "ukraine"),
    (
        "ActorInfluence.head",
        lambda c: INFLUENCE.actors[0].head("30-point"),
        UnknownVersionError,
        "30-point",
        "20-point",
    ),
    (
        "ChangeFate.fate",
        lambda c: next(a for a in INFLUENCE.actors if a.changes).changes[0].fate("30-point"),
        UnknownVersionError,
        "30-point",
        "20-point",
    ),
    ("Timeline.entry", lambda c: c.timeline().entry("yalta"), UnknownEventError, "yalta", "paris-summit"),
    ("DealStatus.provision", lambda c: c.status("20-point").provision(99), UnknownProvisionError, "99", "20"),
    ("Diff.change", lambda c: PLAN.change("99"), UnknownProvisionError, "99", "28"),
    ("Diff.change(old=)", lambda c: PLAN.change(old="29"), UnknownProvisionError, "29", "28"),
    ("Diff.change(new=)", lambda c: PLAN.change(new="21"), UnknownProvisionError, "21", "20"),
    ("Diff.change ambiguous", lambda c: PLAN.change("4"), AmbiguousLabelError, "old='4'", "new='4'"),
    ("Diff.filter(topic=)", lambda c: PLAN.filter(topic="army sise"), UnknownTopicError, "army sise", "army-size"),
    ("Diff.filter(party=)", lambda c: PLAN.filter(party="narnia"), ValidationError, "narnia", "russia"),
    ("Diff.filter(label=)", lambda c: PLAN.filter(label="99"), UnknownProvisionError, "99", "20"),
    ("topic", lambda c: peaceplan.topic("army sise"), UnknownTopicError, "army sise", "army-size"),
    ("Corpus.main_line", lambda c: c.main_line("no-such-plan"), UnknownDocumentError, "no-such-plan", "peace-plan"),
    ("Corpus.evolution", lambda c: c.evolution(["28-point", "30-point"]), UnknownVersionError, "30-point", "28-point"),
    ("Corpus.topic_counts", lambda c: c.topic_counts(["30-point"]), UnknownVersionError, "30-point", "28-point"),
    (
        "TopicCounts.count(topic)",
        lambda c: COUNTS.count("army-sise", "20-point"),
        UnknownTopicError,
        "army-sise",
        "army-size",
    ),
    (
        "TopicCounts.count(version)",
        lambda c: COUNTS.count("army-size", "30-point"),
        UnknownVersionError,
        "30-point",
        "20-point",
    ),
]


@pytest.mark.parametrize(("asked", "call", "expected", "unknown", "known"), CASES, ids=[c[0] for c in CASES])
def test_asking_for_something_that_does_not_exist_raises_a_peaceplan_error_naming_it_and_what_exists(
    asked: str, call: Callable[[Corpus], Any], expected: type[PeaceplanError], unknown: str, known: str
) -> None:
    with pytest.raises(PeaceplanError) as caught:
        call(CORPUS)
    error = caught.value
    assert type(error) is expected, f"{asked} raised {type(error).__name__}: {error}"
    assert isinstance(error, KeyError | ValueError)
    message = str(error)
    assert unknown in message, message
    assert known in message, message


def test_an_unknown_document_is_not_reported_as_an_unknown_version() -> None:
    with pytest.raises(UnknownDocumentError) as caught:
        CORPUS.document("no-such-plan")
    assert not isinstance(caught.value, UnknownVersionError)
    assert str(caught.value).startswith("no document 'no-such-plan' in corpus 'ukraine-2025'; known: peace-plan")


def test_renderers_refuse_an_unknown_format_or_limit_with_a_validation_error() -> None:
    from peaceplan.render.notebook import _checked_limit
    from peaceplan.render.table import render_records

    with pytest.raises(ValidationError, match=r"unknown format 'yaml'; expected one of .*text"):
        render_records([{"a": 1}], "yaml")
    with pytest.raises(ValidationError, match=r"limit: expected a number of rows \(0 or more\).*got -1"):
        _checked_limit(-1)


def test_a_plugin_topic_with_a_malformed_field_raises_a_validation_error() -> None:
    from peaceplan.model.topics import Topic

    with pytest.raises(ValidationError, match=r"Topic.keywords: expected a list of words or phrases, got the string"):
        Topic(slug="drones", name="Drones", description="Unmanned aircraft.", keywords="drone")
