"""One reader of ``proposed_by``: revise() and the read_* importers take the same forms and credit alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import attributions, identifiers

import peaceplan
from peaceplan import Attribution, ValidationError
from peaceplan.authoring import attributions_of as authoring_attributions_of
from peaceplan.authoring import revise
from peaceplan.files.akn import import_akn, to_akn
from peaceplan.model.records import ProposedBy, attributions_of
from peaceplan.text.reader import read_markdown, read_text

PLAN = peaceplan.load_corpus().version("20-point")

proposed_by_values: st.SearchStrategy[ProposedBy] = st.one_of(
    identifiers,
    attributions(),
    st.lists(st.one_of(identifiers, attributions()), min_size=1, max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(proposed_by_values)
def test_revise_and_the_readers_credit_the_same_proposers_for_any_proposed_by(value: ProposedBy) -> None:
    expected = attributions_of(value)
    assert revise(PLAN, "v2", date=None, proposed_by=value).build().attributions == expected
    assert read_text("1. A ceasefire starts.", id="v2", proposed_by=value).version.attributions == expected
    assert read_markdown("1. A ceasefire starts.", id="v2", proposed_by=value).version.attributions == expected


def test_read_text_takes_an_attribution_as_revise_does() -> None:
    credit = Attribution(actor="russia", confidence="confirmed", note="said by Peskov")
    version = read_text("1. A ceasefire starts.", id="v2", proposed_by=credit).version
    assert version.attributions == (credit,)
    assert version.attributions == revise(PLAN, "v2", date=None, proposed_by=credit).build().attributions


def test_an_actor_id_is_credited_as_a_reported_proposer() -> None:
    (credit,) = attributions_of("us")
    assert (credit.actor, credit.role.value, credit.confidence.value) == ("us", "proposer", "reported")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], "proposed_by: expected an actor id or an Attribution, got an empty list"),
        (3, "proposed_by: expected an actor id or an Attribution, or a list of them; got 3"),
        (["us", 3], "proposed_by: expected an actor id or an Attribution, got 3"),
        (
            {"actor": "us"},
            "proposed_by: expected an actor id or an Attribution, or a list of them; got {'actor': 'us'}",
        ),
    ],
)
def test_revise_and_read_text_refuse_the_same_malformed_proposed_by_in_the_same_words(
    value: object, message: str
) -> None:
    with pytest.raises(ValidationError) as by_revise:
        revise(PLAN, "v2", date=None, proposed_by=value)  # type: ignore[arg-type]
    assert str(by_revise.value) == message
    with pytest.raises(ValidationError) as by_reader:
        read_text("1. x", id="v2", proposed_by=value)
    assert (
        str(by_reader.value) == f"at /proposed_by: read_text(): keyword proposed_by={value!r} is not valid: {message}"
    )
    assert by_reader.value.pointer == "/proposed_by"


def test_the_authoring_module_still_exports_the_parser() -> None:
    assert authoring_attributions_of is attributions_of


def test_import_akn_takes_an_attribution_too(tmp_path: Path) -> None:
    corpus = peaceplan.load_corpus()
    source = tmp_path / "plan.akn"
    source.write_text(to_akn(corpus.version("20-point"), corpus=corpus), encoding="utf-8")
    credit = Attribution(actor="e3", confidence="confirmed")
    imported = import_akn(source, id="mine", proposed_by=[credit, "ukraine"]).version
    assert imported.attributions[-2:] == (credit, *attributions_of("ukraine"))
