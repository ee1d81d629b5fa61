"""Specification of peaceplan.compare.findings: substantive changes as structured data.

The pairs are own-words renderings of points of the US 28-point plan and the
20-point plan (see the corpus facts, sections 1.2 and 5.2).
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Mapping
from types import MappingProxyType

import attrs
import pytest
import strategies
from hypothesis import example, given, settings
from hypothesis import strategies as st

from peaceplan.compare import findings as findings_module
from peaceplan.compare import mentions
from peaceplan.compare.findings import (
    Direction,
    Evidence,
    Finding,
    FindingKind,
    has_findings,
    has_text_findings,
    provision_findings,
    text_findings,
)
from peaceplan.compare.mentions import _Caseless, _folded
from peaceplan.errors import ValidationError
from peaceplan.model.records import Alternative, Attribution, Position, Provision

ARMY_28 = "Ukraine's armed forces are capped at 600,000 personnel."
ARMY_20 = "Armed forces stay at 800,000 in peacetime."
ELECTIONS_28 = "Ukraine holds elections within 100 days."
ELECTIONS_20 = "Ukraine holds elections as soon as possible after signing."
NATO_28 = "It is expected that Russia will not invade its neighbours and that NATO will not enlarge further."
NATO_HARD = "Russia shall not invade its neighbours and NATO shall not enlarge further."
GUARANTEE_28 = "The US guarantee comes with conditions."
GUARANTEE_20 = "The US, NATO and European states give guarantees mirroring Article 5."
TERRITORY_28 = (
    "Crimea, Luhansk and Donetsk are recognised de facto as Russian, including by the US. Kherson and "
    "Zaporizhzhia are frozen on the contact line. Russia gives up other agreed areas it holds outside the five "
    "regions, in parts of Kharkiv, Sumy and Dnipropetrovsk. Ukraine withdraws from the part of Donetsk it holds."
)
TERRITORY_20 = (
    "No consensus. In Donetsk, Luhansk, Zaporizhzhia and Kherson the troops' line on the signing date is "
    "treated de facto as the contact line. Russia leaves the Dnipropetrovsk, Mykolaiv, Sumy and Kharkiv regions. "
    "Any special zone needs Rada approval or a referendum."
)
CEASEFIRE_28 = (
    "Once all parties accept this memorandum, a ceasefire starts as soon as both sides pull back to agreed "
    "positions to begin implementation."
)
CEASEFIRE_20 = "A full ceasefire takes effect immediately once all parties agree."

PAIRS = [
    (ARMY_28, ARMY_20),
    (ELECTIONS_28, ELECTIONS_20),
    (NATO_28, NATO_HARD),
    (GUARANTEE_28, GUARANTEE_20),
    (TERRITORY_28, TERRITORY_20),
    (CEASEFIRE_28, CEASEFIRE_20),
]

# Prose built from the words findings look for. (Candidate for tests/strategies.py.)
FRAGMENTS = [
    "Russia", "Ukraine", "the US", "NATO", "European states", "shall", "may", "will", "must", "not", "never",
    "It is expected that", "within 100 days", "as soon as possible", "10 years", "600,000 personnel", "800,000",
    "$100bn", "€207bn", "50%", "one third", "by 2027", "if", "unless", "once all parties agree", "Crimea",
    "Mykolaiv", "Kinburn Spit", "withdraw", "elections", ",", ".", "and",
]  # fmt: skip
fragment = st.sampled_from(FRAGMENTS).flatmap(lambda f: st.sampled_from([f, f.replace(" ", "\n")]))
prose = st.lists(st.tuples(fragment, st.sampled_from([" ", " ", "\n", ", "])), max_size=12).map(
    lambda parts: "".join(f + sep for f, sep in parts)
)


def only(findings: tuple[Finding, ...], kind: FindingKind) -> list[Finding]:
    return [f for f in findings if f.kind is kind]


# --- numbers, amounts, durations, dates ------------------------------------------------


def test_army_cap_600000_to_800000_in_peacetime_is_one_number_raised() -> None:
    numbers = only(text_findings(ARMY_28, ARMY_20, subject="army cap"), FindingKind.NUMBER)
    assert [(f.old, f.new, f.direction) for f in numbers] == [("600,000", "800,000", "raised")]
    assert numbers[0].summary == "army cap raised from 600,000 to 800,000"


def test_a_number_summary_reads_well_without_a_subject() -> None:
    (finding,) = only(text_findings(ARMY_28, ARMY_20), FindingKind.NUMBER)
    assert finding.summary == "600,000 raised to 800,000"


def test_numbers_written_differently_but_equal_are_no_finding() -> None:
    assert only(text_findings("a cap of 600k troops", "a cap of 600,000 soldiers"), FindingKind.NUMBER) == []


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"], ids=["no-break", "narrow no-break", "thin"])
def test_thousands_grouped_by_a_typographic_space_are_read_whole(space: str) -> None:
    # "600 000" as European typography writes it: one number, not 600 followed by another.
    old = f"The army is capped at 600{space}000 and gets €1{space}500{space}000 within 1{space}000 days."
    new = f"The army is capped at 800{space}000 and gets €2{space}500{space}000 within 2{space}000 days."
    found = text_findings(old, new)
    assert [(f.kind, f.old, f.new, f.direction) for f in found] == [
        (FindingKind.NUMBER, f"600{space}000", f"800{space}000", "raised"),
        (FindingKind.AMOUNT, f"€1{space}500{space}000", f"€2{space}500{space}000", "raised"),
        (FindingKind.DURATION, f"within 1{space}000 days", f"within 2{space}000 days", "raised"),
    ]
    # the same value however its thousands are grouped: no finding
    assert text_findings(f"A cap of 600{space}000 troops.", "A cap of 600,000 troops.") == ()


def test_a_plain_space_between_numbers_does_not_group_thousands() -> None:
    # "Article 5 100 days": a plain space also parts two numbers, so it groups nothing.
    (finding,) = text_findings("within 5 100 days", "within 5 200 days")
    assert (finding.kind, finding.old, finding.new) == (FindingKind.DURATION, "100 days", "200 days")


def test_election_deadline_of_100_days_replaced_by_as_soon_as_possible_is_a_dropped_deadline() -> None:
    findings = text_findings(ELECTIONS_28, ELECTIONS_20, subject="elections")
    (duration,) = only(findings, FindingKind.DURATION)
    assert (duration.old, duration.new, duration.direction) == ("within 100 days", "as soon as possible", "changed")
    assert duration.summary == 'elections: deadline "within 100 days" dropped; now "as soon as possible"'
    (condition,) = only(findings, FindingKind.CONDITION)
    assert (condition.new, condition.direction) == ("after signing", "added")


def test_a_longer_duration_is_raised_and_reads_as_lengthened() -> None:
    (f,) = text_findings("The guarantee lasts 10 years.", "The guarantee lasts 15 years.")
    assert (f.kind, f.direction, f.summary) == (FindingKind.DURATION, "raised", '"10 years" lengthened to "15 years"')


def test_durations_in_hours_compare_with_days_and_with_immediately() -> None:
    # Ceasefire texts count in hours: "48" must not read as a bare number added.
    (f,) = text_findings("The ceasefire starts immediately.", "The ceasefire starts within 48 hours.")
    assert (f.kind, f.direction, f.summary) == (
        FindingKind.DURATION,
        "raised",
        '"immediately" lengthened to "within 48 hours"',
    )
    (f,) = text_findings("Troops withdraw within 72 hours.", "Troops withdraw within 7 days.")
    assert f.summary == '"within 72 hours" lengthened to "within 7 days"'
    assert text_findings("Talks resume within 24 hours.", "Talks resume within one day.") == ()
    (f,) = text_findings("Fire stops within 90 minutes.", "Fire stops within 2 hours.")
    assert f.summary == '"within 90 minutes" lengthened to "within 2 hours"'


def test_amounts_in_the_same_currency_compare_and_in_another_currency_change() -> None:
    (raised,) = text_findings("Funds total $100bn.", "Funds total $800bn.")
    assert (raised.kind, raised.direction, raised.summary) == (FindingKind.AMOUNT, "raised", "$100bn raised to $800bn")
    (changed,) = text_findings("Funds total $100bn.", "Funds total €207bn.")
    assert changed.direction == "changed"


def test_a_share_written_as_a_ratio_compares_with_a_fraction() -> None:
    (f,) = only(text_findings("Output is split 50:50.", "Each operator takes one third."), FindingKind.AMOUNT)
    assert (f.old, f.new, f.direction) == ("50:50", "one third", "lowered")


def test_an_article_number_is_a_reference_not_a_quantity() -> None:
    assert only(text_findings(GUARANTEE_28, GUARANTEE_20), FindingKind.NUMBER) == []


def test_a_date_moved_later_is_a_changed_date() -> None:
    (f,) = text_findings("Ukraine joins the EU by 2027.", "Ukraine joins the EU by 2030.")
    assert (f.kind, f.old, f.new, f.direction) == (FindingKind.DATE, "by 2027", "by 2030", "changed")
    assert f.summary == "date moved later from by 2027 to by 2030"


# --- modality, negation, conditions -----------------------------------------------------


def test_it_is_expected_that_russia_will_not_hardened_to_shall_not() -> None:
    modality = only(text_findings(NATO_28, NATO_HARD), FindingKind.MODALITY)
    assert modality
    assert all(f.hardens and not f.softens for f in modality)
    assert (modality[0].old, modality[0].new) == ("It is expected that", "shall")
    assert modality[0].summary == 'hardened from "It is expected that" to "shall"'


def test_shall_to_may_softens() -> None:
    (f,) = text_findings("Ukraine shall hold elections.", "Ukraine may hold elections.", subject="Elections")
    assert f.softens
    assert f.summary == 'Elections: softened from "shall" to "may"'


def test_may_not_is_a_prohibition_so_will_not_to_may_not_hardens() -> None:
    (f,) = text_findings("Russia will not enter the zone.", "Russia may not enter the zone.")
    assert f.direction == "hardened"


def test_dropping_eligible_for_a_plain_commitment_hardens() -> None:
    f, deadline = text_findings("Ukraine is eligible for EU membership.", "Ukraine joins the EU by a defined date.")
    assert (f.kind, f.old, f.new, f.direction) == (FindingKind.MODALITY, "is eligible", None, "hardened")
    assert (deadline.kind, deadline.new, deadline.direction) == (FindingKind.QUALIFIER, "by a defined date", "added")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Ukraine agrees to remain a non-nuclear state.", "Ukraine stays a non-nuclear state."),
        ("Troops withdraw so that implementation can begin.", "Troops withdraw and implementation begins."),
    ],
)
def test_a_commitment_or_an_ability_turned_into_a_plain_statement_is_no_finding(old: str, new: str) -> None:
    assert only(text_findings(old, new), FindingKind.MODALITY) == []


def test_a_modal_synonym_of_the_same_strength_is_no_finding() -> None:
    assert text_findings("Ukraine may apply.", "Ukraine can apply.") == ()


def test_never_removed_is_a_negation_finding() -> None:
    findings = text_findings(
        "NATO agrees that Ukraine will never be admitted.", "NATO agrees that Ukraine may be admitted."
    )
    (negation,) = only(findings, FindingKind.NEGATION)
    assert (negation.old, negation.new, negation.direction) == ("will never", None, "removed")
    assert negation.summary == 'negation removed: "will never"'


def test_negation_added() -> None:
    (f,) = text_findings("Russian forces enter the zone.", "Russian forces do not enter the zone.")
    assert (f.kind, f.new, f.direction) == (FindingKind.NEGATION, "do not", "added")


def test_ceasefire_precondition_dropped_and_trigger_reworded() -> None:
    findings = text_findings(CEASEFIRE_28, CEASEFIRE_20)
    conditions = {(f.direction, f.old, f.new) for f in only(findings, FindingKind.CONDITION)}
    # "accept this memorandum" and "agree" to it are one condition reworded, not a condition changed.
    assert conditions == {
        ("removed", "as soon as both sides pull back to agreed positions to begin implementation", None),
    }
    (immediately,) = only(findings, FindingKind.DURATION)
    assert (immediately.new, immediately.direction) == ("immediately", "added")


@pytest.mark.parametrize(
    "marker", ["if", "unless", "provided that", "only if", "subject to", "until", "depends on", "only as", "upon"]
)
def test_condition_markers_open_a_condition(marker: str) -> None:
    (f,) = text_findings("The guarantee applies.", f"The guarantee applies {marker} the aggressor attacks.")
    assert (f.kind, f.new, f.direction) == (FindingKind.CONDITION, f"{marker} the aggressor attacks", "added")


# --- parties and places ------------------------------------------------------------------


def test_guarantors_widened_from_the_us_to_the_us_nato_and_european_states() -> None:
    (f,) = only(text_findings(GUARANTEE_28, GUARANTEE_20, subject="Security guarantee"), FindingKind.PARTY)
    assert (f.old, f.new, f.direction) == ("The US", "The US, NATO and European states", "added")
    assert f.summary == "Security guarantee: NATO and Europe added alongside the US"


def test_parties_to_a_pact_cut_is_a_party_removed() -> None:
    old = "Russia, Ukraine and Europe sign a comprehensive non-aggression pact."
    new = "Russia and Ukraine sign a full non-aggression agreement."
    (f,) = only(text_findings(old, new), FindingKind.PARTY)
    assert f.direction == "removed"
    assert f.summary == "Europe dropped, leaving Russia and Ukraine"


def test_territory_mykolaiv_named_and_crimea_dropped() -> None:
    places = only(text_findings(TERRITORY_28, TERRITORY_20, subject="Territory"), FindingKind.PLACE)
    assert {(f.old, f.new, f.direction) for f in places} == {("Crimea", None, "removed"), (None, "Mykolaiv", "added")}
    assert sorted(f.summary for f in places) == ["Territory: Crimea no longer named", "Territory: Mykolaiv now named"]


def test_names_broken_across_lines_are_still_recognised() -> None:
    (f,) = text_findings("The United\nStates pays.", "NATO pays.")
    assert (f.kind, f.old, f.summary) == (FindingKind.PARTY, "The United\nStates", "the US replaced by NATO")


def test_places_are_recognised_under_other_spellings() -> None:
    assert text_findings("Troops stay in Zaporozhye.", "Troops stay in Zaporizhzhia.") == ()
    findings = text_findings("The Kinburn Spit is demilitarised.", "The Dnieper is open.")
    assert {(f.old, f.new, f.summary) for f in findings} == {
        ("Kinburn Spit", None, "Kinburn Spit no longer named"),
        (None, "Dnieper", "Dnieper now named"),
    }


# --- invariants ----------------------------------------------------------------------------


@given(st.one_of(st.text(), prose))
def test_a_text_against_itself_has_no_findings(text: str) -> None:
    assert text_findings(text, text) == ()


@pytest.mark.parametrize(
    ("old", "new"),
    [(ARMY_28, ARMY_28.upper()), (NATO_28, NATO_28.replace(" ", "  ").rstrip(".")), ("“Never” – no.", '"never" no')],
)
def test_a_pure_punctuation_or_case_change_has_no_findings(old: str, new: str) -> None:
    assert text_findings(old, new) == ()


@given(prose, prose)
def test_swapping_the_texts_inverts_every_finding(old: str, new: str) -> None:
    assert text_findings(new, old) == tuple(f.invert() for f in text_findings(old, new))


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_swapping_corpus_pairs_flips_raised_added_and_hardened(old: str, new: str) -> None:
    forward = {(f.kind, f.old, f.new, f.direction) for f in text_findings(old, new)}
    backward = {(f.kind, f.new, f.old, f.direction.inverse()) for f in text_findings(new, old)}
    assert forward
    assert forward == backward


def test_inverse_directions() -> None:
    assert [d.inverse() for d in Direction] == [
        "lowered",
        "raised",
        "changed",
        "removed",
        "added",
        "hardened",
        "softened",
    ]
    assert all(d.inverse().inverse() is d for d in Direction)


def test_a_party_dropped_from_a_list_is_quoted_as_written_and_summarised_by_name() -> None:
    # "US/Russia" after "Russia": only the US is no longer named; the value quotes "US" (the display name is
    # "the US", which the text does not hold) and the summary names the actor.
    found = [f for f in text_findings("Russia:US/Russia", "") if f.kind is FindingKind.PARTY]
    assert [(f.old, f.summary) for f in found] == [
        ("Russia", "Russia no longer named"),
        ("US", "the US no longer named"),
    ]


@given(st.one_of(st.text(), prose), st.one_of(st.text(), prose))
def test_findings_quote_values_as_written_in_the_texts(old: str, new: str) -> None:
    for f in text_findings(old, new):
        assert f.old is None or f.old in old
        assert f.new is None or f.new in new


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_findings_round_trip_through_plain_data(old: str, new: str) -> None:
    for f in text_findings(old, new, subject="point"):
        assert Finding.from_dict(f.to_dict()) == f
        assert f.invert().invert() == f


@given(
    st.sampled_from(FindingKind),
    st.sampled_from(Direction),
    st.tuples(st.none() | st.text(), st.text()).flatmap(st.permutations),
    st.none() | st.text(),
)
def test_any_finding_has_a_summary_and_inverts_back(
    kind: FindingKind, direction: Direction, values: list[str | None], subject: str | None
) -> None:
    f = Finding(kind=kind, old=values[0], new=values[1], direction=direction, subject=subject, about="option a")
    assert f.summary
    assert f.invert().invert() == f
    assert Finding.from_dict(f.to_dict()) == f


def test_a_finding_needs_an_old_or_a_new_value() -> None:
    with pytest.raises(ValidationError) as info:
        Finding(kind="number", old=None, new=None, direction="added")
    assert str(info.value) == "Finding: expected an old or a new value (or both), got neither for number"


def test_a_finding_with_an_unknown_direction_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match=r"Finding.direction: expected one of 'raised', .* got 'up'"):
        Finding(kind="number", old="1", new="2", direction="up")


# --- provisions --------------------------------------------------------------------------------


def test_provision_findings_compare_topics_alternatives_and_positions() -> None:
    old = Provision(
        label="19",
        text="Zaporizhzhia NPP is restarted under IAEA supervision.",
        topics=["nuclear-plant"],
        positions=[Position(actor="ukraine", stance="reserves")],
    )
    new = Provision(
        label="12",
        title="ZNPP",
        text="No consensus on Zaporizhzhia NPP.",
        topics=["nuclear-plant", "energy"],
        alternatives=[
            Alternative(key="us", text="Trilateral operation.", attributions=[Attribution(actor="us")]),
            Alternative(key="ua", text="A US–Ukraine joint venture.", attributions=[Attribution(actor="ukraine")]),
        ],
        positions=[Position(actor="ukraine", stance="rejects"), Position(actor="us", stance="proposes")],
    )
    summaries = [f.summary for f in provision_findings(old, new)]
    assert 'ZNPP: topic added: "energy"' in summaries
    assert 'ZNPP: option us (proposed by us) added: "Trilateral operation."' in summaries
    assert "ZNPP: ukraine now rejects it (before: has reservations)" in summaries
    assert "ZNPP: us now proposes it" in summaries
    assert "ZNPP: the IAEA no longer named" in summaries


def test_provision_findings_recurse_into_sub_points_with_their_path() -> None:
    old = Provision(label="10", text="The US guarantee comes with conditions.",
                    children=[Provision(label="a", text="The US is compensated within 30 days.")])  # fmt: skip
    new = Provision(label="5", text="The US guarantee comes with conditions.",
                    children=[Provision(label="a", text="The US is compensated within 90 days.")])  # fmt: skip
    (f,) = provision_findings(old, new, subject="guarantee")
    assert (f.kind, f.path, f.direction) == (FindingKind.DURATION, "5.a", "raised")


def test_sub_points_can_be_left_to_the_caller() -> None:
    old = Provision(label="10", text="The guarantee.", children=[Provision(label="a", text="Within 30 days.")])
    new = Provision(label="5", text="The guarantee.", children=[Provision(label="a", text="Within 90 days.")])
    assert provision_findings(old, new, children=False) == ()
    assert len(provision_findings(old, new)) == 1


def test_flat_text_against_sub_points_compares_full_texts() -> None:
    old = Provision(
        label="21",
        children=[
            Provision(label="a", text="Crimea, Luhansk and Donetsk are recognised as Russian."),
            Provision(label="b", text="Kherson and Zaporizhzhia are frozen on the contact line."),
        ],
    )
    new = Provision(label="14", text="In Donetsk, Luhansk, Zaporizhzhia, Kherson and Mykolaiv the line is frozen.")
    places = only(provision_findings(old, new), FindingKind.PLACE)
    assert {(f.old, f.new) for f in places} == {("Crimea", None), ("contact line", None), (None, "Mykolaiv")}
    assert all(f.path is None for f in places)


def test_an_added_provision_reports_what_it_names() -> None:
    new = Provision(label="10", text="Ukraine and the US speed up a free-trade agreement.", topics=["trade"])
    findings = provision_findings(None, new)
    assert {f.direction for f in findings} == {"added"}
    assert {f.kind for f in findings} == {FindingKind.PARTY, FindingKind.TOPIC}


def test_identical_provisions_have_no_findings() -> None:
    p = Provision(label="6", text=ARMY_28, topics=["army-size"], children=[Provision(label="a", text="Text.")])
    assert provision_findings(p, p) == ()
    assert provision_findings(None, None) == ()


def test_a_condition_reworded_by_a_word_is_not_a_finding() -> None:
    old = "Once the territorial arrangements are agreed, neither side changes them by force."
    new = "Once future territorial arrangements are agreed, neither side changes them by force."
    assert not [f for f in text_findings(old, new) if f.kind is FindingKind.CONDITION]


def test_a_condition_whose_actor_changes_is_still_a_finding() -> None:
    old = "The guarantee lapses if Russia invades."
    new = "The guarantee lapses if Ukraine invades."
    assert [f for f in text_findings(old, new) if f.kind is FindingKind.CONDITION or f.kind is FindingKind.PARTY]


def test_an_untagged_point_reports_no_topic_changes() -> None:
    tagged = Provision(label="1", text="Elections are held within 100 days.", topics=["elections"])
    untagged = Provision(label="1", text="Elections are held within 100 days.")
    assert not [f for f in provision_findings(tagged, untagged) if f.kind is FindingKind.TOPIC]
    assert not [f for f in provision_findings(untagged, tagged) if f.kind is FindingKind.TOPIC]


# --- fast paths find what the plain patterns find ----------------------------------------
# mentions skips a pattern where the text lacks something its every match holds, scans
# lower-cased text in place of IGNORECASE, and finds proper names first-letter first. Each
# shortcut must find exactly what the plain way finds; these pin down why.

# Characters that case folding, the gates or the word checks could trip on.
TRICKY = "ıİſKΣσςÉé’'—–-$€£%:/.,;() \n\t0123456789٣２"
tricky_words = st.sampled_from(
    [*FRAGMENTS, "May 5", "1 January 2026", "March 2025", "the end of 2026", "2025-11-20", "US$5 billion",
     "5 million dollars", "50 per cent", "60/40", "3:1", "a half", "two-thirds", "won't", "can’t", "the will of",
     "twenty days", "the first 30 days", "in due course", "at\nonce", "is required to", "provided that", "nor",
     "Article 5", "5k", "ımmediately", "muſt", "İf", "thırd", "weeK", "Zaporizhia", "St. Petersburg", "E3",
     "wıthout the", "Instead of", "in place\nof", "rather than", "replacing", "dropped", "no longer", "ſcrapped"]
)  # fmt: skip
cased = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase])
tricky = st.lists(
    st.one_of(st.builds(lambda case, word: case(word), cased, tricky_words), st.text(alphabet=TRICKY, max_size=3)),
    max_size=12,
).map(" ".join)


def vocabularies() -> list[frozenset[str]]:
    def words(vocabulary: Mapping[object, frozenset[str]]) -> frozenset[str]:
        return frozenset(w for ws in vocabulary.values() for w in ws)

    return [
        words(mentions.MODALS), mentions.NEGATIONS, mentions.CONDITION_MARKERS, words(mentions.QUALIFIERS),
        mentions.REMOVALS, *mentions.CONDITION_EFFECTS.values(),
    ]  # fmt: skip


def caseless_patterns() -> list[_Caseless]:
    return [mentions._DURATION, mentions._FRACTION, *map(mentions._caseless_alternation, vocabularies())]


@pytest.mark.slow
def test_a_lowered_character_matches_as_ignorecase_matches_the_character() -> None:
    """The premise of mentions._folded, on every code point but the three it refuses."""
    chars = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    pairs = [(c, c.lower()) for c in chars if c not in mentions._UNFOLDABLE and len(c.lower()) == 1]
    pairs.append(("Σ", "ς"))  # str.lower looks at context only here: a final capital sigma
    text, lowered = "".join(c for c, _ in pairs), "".join(low for _, low in pairs)

    def starts(pattern: str, s: str, flags: int = 0) -> list[int]:
        return [m.start() for m in re.finditer(pattern, s, flags)]

    for category in (r"\w", r"\s", r"\d"):
        assert starts(category, lowered) == starts(category, text)
    for letter in string.ascii_lowercase:
        assert starts(letter, lowered) == starts(letter, text, re.IGNORECASE)
    # ... and nothing becomes an ASCII digit or mark by lowering: only letters lower into ASCII.
    assert all(low.isalpha() for c, low in pairs if low != c and low.isascii())


@given(tricky)
def test_a_caseless_pattern_finds_what_its_ignorecase_pattern_finds(text: str) -> None:
    for caseless in caseless_patterns():
        fast = [(m.span(), m.groupdict()) for m in caseless.finditer(text, _folded(text))]
        assert fast == [(m.span(), m.groupdict()) for m in caseless.pattern.finditer(text)]
        first = caseless.search(text, _folded(text))
        found = caseless.pattern.search(text)
        assert (first and (first.span(), first.groupdict())) == (found and (found.span(), found.groupdict()))


@given(tricky)
def test_a_pattern_is_skipped_only_where_it_cannot_match(text: str) -> None:
    m = mentions
    folded = _folded(text)
    has_digit = bool(m._DIGIT.search(text))
    if m._DATE.search(text):
        assert has_digit
        assert m._FOUR_DIGITS.search(text) or m._MONTH_NAME.search(text)
    if m._DURATION.pattern.search(text):
        assert folded is None or any(word in folded for word in m._DURATION_WORDS)
    if m._MONEY.search(text):
        assert has_digit
        assert any(mark in text for mark in m._CURRENCY_MARKS)
    if m._PERCENT.search(text):
        assert has_digit
        assert any(mark in text for mark in m._PERCENT_MARKS)
    if m._FRACTION.pattern.search(text):
        assert folded is None or any(word in folded for word in m._FRACTION_WORDS)
    if m._RATIO.search(text):
        assert has_digit
        assert any(mark in text for mark in m._RATIO_MARKS)
    assert all(m._DIGIT.match(text, n.start()) for n in m._NUMBER.finditer(text))  # scanned from the first digit
    for end in range(len(text) + 1):  # where quantity_mentions looks for a "without" before a quantity
        start = max(0, end - 40)
        if m._WITHOUT_BEFORE.search(text, start, end):
            assert folded is None or any(word in folded[start:end] for word in m._WITHOUT_WORDS)
    if next(m._caseless_alternation(m.REMOVALS).finditer(text, folded), None):
        assert m._may_match(m.REMOVALS, folded)
    if m._NOT_CONTRACTED.search(text):
        assert any(mark in text for mark in m._APOSTROPHES)


@given(st.one_of(tricky, prose))
def test_the_fast_twins_match_what_their_plain_sources_match(text: str) -> None:
    """Each pattern written for speed (grouped by first letter, looking back after a first digit) must
    find what the plain pattern it stands for finds."""
    lowered = text.lower()

    def spans(pattern: re.Pattern[str], s: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(s)]

    for words in vocabularies():
        plain = re.compile(mentions._alternation_source(words, lower=True))
        assert spans(re.compile(mentions._grouped_source(words)), lowered) == spans(plain, lowered)
    number = re.compile(rf"(?<![\w.,$€£])(?P<n>{mentions._NUM}){mentions._NUMBER_SCALE}")
    assert spans(mentions._NUMBER, text) == spans(number, text)
    assert spans(mentions._DATE, text) == spans(re.compile(mentions._DATE_PLAIN), text)
    assert spans(mentions._DURATION.pattern, text) == spans(re.compile(mentions._DURATION_PLAIN, re.IGNORECASE), text)


TIME_WORDS = [
    *mentions._DATE_PREPOSITIONS.split("|"), *mentions._DURATION_PREPOSITIONS.split("|"),
    *mentions._MONTHS.split("|"), *mentions._SMALL_RE.split("|"), *mentions._UNITS.split("|"),
    *mentions._VAGUE_DURATIONS.split("|"), "the", "first", "next", "end", "of", "2026", "1999", "15", "5", "100",
    "1,000", "2025-11-20", "-", ",", "s", "May", "may", "ſince", "İn", "ıN", "weeK", "\n", "  ",
]  # fmt: skip
time_word = st.sampled_from(TIME_WORDS)


@given(st.lists(st.one_of(time_word, st.builds(lambda case, w: case(w), cased, time_word)), max_size=10),
       st.sampled_from([" ", "", "\u00a0"]))  # fmt: skip
def test_dates_and_durations_grouped_by_first_letter_are_found_as_written(parts: list[str], joint: str) -> None:
    """_DATE and _DURATION try their alternatives a first letter at a time (see mentions._by_first): the same
    matches, with the same groups, as the patterns as first written, on text dense with their words."""
    text = joint.join(parts)

    def spans(pattern: re.Pattern[str], s: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
        return [(m.span(), m.groupdict()) for m in pattern.finditer(s)]

    assert spans(mentions._DATE, text) == spans(re.compile(mentions._DATE_PLAIN), text)
    plain_duration = re.compile(mentions._DURATION_PLAIN, re.IGNORECASE)
    assert spans(mentions._DURATION.pattern, text) == spans(plain_duration, text)
    assert [(m.span(), m.groupdict()) for m in mentions._DURATION.finditer(text, _folded(text))] == spans(
        plain_duration, text
    )


@given(st.one_of(tricky, prose, st.lists(st.one_of(time_word, st.builds(lambda case, w: case(w), cased, time_word)),
                                        max_size=10).map("".join)))  # fmt: skip
def test_patterns_scanned_a_character_early_find_what_they_find_offset_by_offset(text: str) -> None:
    """_DATE and the lower-case twins of the caseless patterns are scanned from the character before each
    match (see mentions._after_non_word): the same matches, in the same order, with the same groups."""
    dates = [mentions._DATE.match(text, start) for start in mentions._scanned(mentions._DATE_EARLY, text)]
    assert [m and (m.span(), m.groupdict()) for m in dates] == [
        (m.span(), m.groupdict()) for m in mentions._DATE.finditer(text)
    ]
    lowered = text.lower()
    for caseless in caseless_patterns():
        assert caseless.scanned  # each of their matches ends with a word character
        twin = re.compile(caseless.pattern.pattern)  # the twin as it would be scanned offset by offset
        assert list(caseless.starts(lowered)) == [m.start() for m in twin.finditer(lowered)]


def test_a_vocabulary_with_a_word_ending_in_a_mark_is_scanned_offset_by_offset() -> None:
    """A match ending with a mark can be followed at once by the next ("x." then ".y" in "x..y"): scanned from
    the character before each match, the second would be missed, so such a vocabulary is not scanned so."""
    caseless = mentions._caseless_alternation(frozenset({"x.", ".y"}))
    assert not caseless.scanned
    assert [m.span() for m in caseless.finditer("x..y", "x..y")] == [(0, 2), (2, 4)]
    assert mentions._after_non_word("(?:x)") is None  # only a pattern that looks back for a word start


def _nearest_measure_as_first_written(text: str, start: int, end: int) -> str:
    index = mentions._measure_index(mentions._snapshot(mentions._MEASURES))
    words = mentions._WORDS
    before = [(start - w.end(), w.group().lower()) for w in words.finditer(text, max(0, start - 60), start)][-6:]
    after = [(w.start() - end, w.group().lower()) for w in words.finditer(text, end, end + 60)][:6]
    best: tuple[int, str] | None = None
    for distance, word in before + after:
        measure = index.get(word)
        if measure is not None and (best is None or distance < best[0]):
            best = (distance, measure)
    return best[1] if best else ""


MEASURE_WORDS = sorted({w for ws in mentions._MEASURES.values() for w in ws})


@given(st.lists(st.one_of(st.sampled_from([*MEASURE_WORDS, "the", "of", "a", "ARMY", "5"]),
                          st.text(alphabet=" \n,.-xy", max_size=4)), max_size=30),
       st.integers(0, 200), st.integers(0, 20))  # fmt: skip
@example(["troops", "5", "assets"], 7, 1)  # a word each side, one character away: the one before wins
def test_the_nearest_measure_is_the_one_first_written_found(parts: list[str], start: int, length: int) -> None:
    """quantity_mentions looks for the nearest measure word from each side inwards, stopping at the first:
    the measure a search of all twelve words finds, a word before winning at equal distances."""
    text = " ".join(parts)
    start = min(start, len(text))
    end = min(start + length, len(text))
    assert mentions._nearest_measure(text, start, end) == _nearest_measure_as_first_written(text, start, end)


def test_grouping_by_first_letter_refuses_what_it_cannot_group_exactly() -> None:
    assert mentions._by_first("in|over|up to|at least|at most") == "i(?:n)|o(?:ver)|u(?:p to)|a(?:t least|t most)"
    assert mentions._by_first("an|a") == "a(?:n|)"
    for words in ("May|may", "a.b", "in||on", " in", "über"):
        with pytest.raises(ValueError, match="_by_first"):
            mentions._by_first(words)


@given(
    st.lists(
        st.sampled_from(
            ["1", "23", "456", ",", ".", "000", "$", "k", " ", "\u00a0", "\u202f", "\u2009", "bn", "a", "_"]
        ),
        max_size=10,
    )
)
def test_numbers_are_found_from_their_first_digit_as_by_looking_behind_them(parts: list[str]) -> None:
    text = "".join(parts)
    number = re.compile(rf"(?<![\w.,$€£])(?P<n>{mentions._NUM}){mentions._NUMBER_SCALE}")
    assert [m.groupdict() | {"span": m.span()} for m in mentions._NUMBER.finditer(text)] == [
        m.groupdict() | {"span": m.span()} for m in number.finditer(text)
    ]


NAMES = sorted(mentions._actor_vocabulary(mentions._snapshot(mentions.ACTORS))[0]) + sorted(mentions.PLACE_SPELLINGS)


@given(st.lists(st.one_of(st.sampled_from(NAMES), st.text(alphabet=TRICKY + "abUSN", max_size=3)), max_size=10))
def test_the_names_pattern_finds_what_the_plain_alternation_finds(parts: list[str]) -> None:
    words = frozenset(NAMES)
    for text in ("".join(parts), " ".join(parts)):
        fast = [m.span() for m in mentions._names_pattern(words).finditer(text)]
        assert fast == [m.span() for m in mentions._alternation(words).finditer(text)]


def test_vocabularies_are_read_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """What is compiled from a vocabulary is cached by its content: rebinding it, or changing it in place, tells."""
    old, new = "Moldova is duty bound to hold talks in Chisinau.", "Moldova may hold talks in Tiraspol."

    def found() -> list[tuple[str, str | None, str | None]]:
        return [(f.kind.value, f.old, f.new) for f in text_findings(old, new)]

    assert found() == [("modality", None, "may")]
    monkeypatch.setattr(
        mentions, "MODALS", MappingProxyType({**mentions.MODALS, 5: {*mentions.MODALS[5], "is duty bound to"}})
    )
    monkeypatch.setattr(mentions, "PLACES", mentions.PLACES | {"Chisinau", "Tiraspol"})
    actors: dict[str, set[str]] = {name: set(aliases) for name, aliases in mentions.ACTORS.items()}
    monkeypatch.setattr(mentions, "ACTORS", actors)
    assert mentions.actor_order(old) == []
    actors["Moldova"] = {"Moldova"}
    assert mentions.actor_order(old) == ["Moldova"]
    assert found() == [
        ("modality", "is duty bound to", "may"),
        ("place", None, "Tiraspol"),
        ("place", "Chisinau", None),
    ]
    monkeypatch.undo()
    assert found() == [("modality", None, "may")]
    assert mentions.actor_order(old) == []


@given(tricky, tricky)
def test_findings_never_fail_on_letters_that_ignorecase_equates_with_i_and_s(old: str, new: str) -> None:
    # "muſt", "wıll", "ſeven days", "halveſ": IGNORECASE finds them, so the vocabulary lookups must too.
    forward = text_findings(old, new)
    assert sorted(map(repr, text_findings(new, old))) == sorted(repr(f.invert()) for f in forward)


def test_a_modal_or_duration_spelled_with_a_long_s_or_dotless_i_is_read_as_its_word() -> None:
    summaries = [f.summary for f in text_findings("Russia must withdraw.", "Russia wıll withdraw within ſeven days.")]
    assert summaries == ['duration added: "within ſeven days"', 'softened from "must" to "wıll"']


def test_a_position_finding_names_its_party_by_display_name_when_the_names_are_known() -> None:
    text = "Armed forces stay at 800,000."
    old = Provision(label="4", text=text, positions=[Position(actor="russia", stance="accepts")])
    new = Provision(label="4", text=text, positions=[Position(actor="russia", stance="rejects")])
    (changed,) = provision_findings(old, new)
    assert changed.summary == "russia now rejects it (before: accepts it)"
    assert changed.named({"russia": "Russia"}) == "Russia now rejects it (before: accepts it)"
    (dropped,) = provision_findings(old, attrs.evolve(new, positions=[]))
    assert dropped.named({"russia": "Russia"}) == "Russia's position no longer recorded (before: accepts it)"
    # A summary given explicitly is the author's word: it is kept as it is.
    custom = attrs.evolve(changed, summary="Moscow hardens its line")
    assert custom.named({"russia": "Russia"}) == "Moscow hardens its line"
    # Only positions name a party by id: an option keyed like an actor keeps its key.
    with_option = attrs.evolve(new, alternatives=[Alternative(key="russia", text="Forces stay at 600,000.")])
    (option,) = [f for f in provision_findings(new, with_option) if f.kind is FindingKind.ALTERNATIVE]
    assert option.named({"russia": "Russia"}) == option.summary


def test_a_negation_or_condition_spelled_with_a_dotless_i_or_long_s_is_the_same_word() -> None:
    # IGNORECASE finds "neıther" and "unleſs"; their keys must match the plain spelling, or a mere
    # re-spelling reads as a changed negation or condition.
    assert text_findings("Russia will neither attack nor threaten.", "Russia will neıther attack nor harm.") == ()
    assert text_findings("Troops leave unless agreed.", "Troops leave unleſs agreed soon.") == ()


# --- issue 13: each cause of a wrong or missing finding, as a small real-looking example ---


def test_amounts_that_measure_different_things_are_not_one_amount_raised() -> None:
    findings = text_findings(
        "$100bn of frozen Russian assets goes into rebuilding.",
        "Several funds finance the recovery, aiming at $800bn from grants and loans.",
    )
    amounts = {(f.old, f.new, f.direction) for f in only(findings, FindingKind.AMOUNT)}
    assert amounts == {("$100bn", None, "removed"), (None, "$800bn", "added")}


def test_a_count_per_hostage_and_a_count_of_prisoners_are_not_compared() -> None:
    findings = text_findings(
        "Israel releases 30 Palestinian prisoners for each civilian hostage.",
        "Israel releases 250 prisoners serving life sentences.",
    )
    numbers = {(f.old, f.new, f.direction) for f in only(findings, FindingKind.NUMBER)}
    assert numbers == {("30", None, "removed"), (None, "250", "added")}


def test_the_length_of_a_phase_and_a_deadline_are_not_compared() -> None:
    findings = text_findings("The first phase lasts 42 days.", "The war ends immediately once both sides agree.")
    durations = {(f.old, f.new, f.direction) for f in only(findings, FindingKind.DURATION)}
    assert durations == {("42 days", None, "removed"), (None, "immediately", "added")}


def test_a_span_of_the_past_is_no_duration() -> None:
    old = "Both sides settle every ambiguity of the past thirty years."
    assert only(text_findings(old, "Both sides settle nothing."), FindingKind.DURATION) == []


def test_a_quantity_mentioned_only_as_dropped_is_not_in_force() -> None:
    (raised,) = only(
        text_findings(
            "Ukraine's armed forces are capped at 600,000 personnel.",
            "The 600,000 cap on Ukraine's armed forces is dropped; Kyiv accepts the 800,000 figure.",
        ),
        FindingKind.NUMBER,
    )
    assert (raised.old, raised.new, raised.direction) == ("600,000", "800,000", "raised")
    dropped = text_findings(
        "Reconstruction is financed from frozen assets, without the $100bn allocation of the US draft.",
        "Several funds aim at $800bn.",
    )
    assert {(f.old, f.new) for f in only(dropped, FindingKind.AMOUNT)} == {(None, "$800bn")}


GUARANTEE_VOID_28 = (
    "Ukraine loses the guarantee if it invades Russia. "
    "The guarantee is void if Ukraine launches a missile at Moscow or St Petersburg without cause."
)
GUARANTEE_VOID_20 = (
    "The guarantees are void if Ukraine invades Russia or fires on Russian territory without provocation, "
    "and take effect if Russia fires on Ukraine."
)


def test_a_condition_whose_actor_and_effect_change_is_a_new_condition_not_the_old_one_changed() -> None:
    conditions = only(text_findings(GUARANTEE_VOID_28, GUARANTEE_VOID_20), FindingKind.CONDITION)
    assert {(f.direction, f.old, f.new, f.about) for f in conditions} == {
        (
            "changed",
            "if Ukraine launches a missile at Moscow or St Petersburg without cause",
            "if Ukraine invades Russia or fires on Russian territory without provocation",
            "voids",
        ),
        ("added", None, "if Russia fires on Ukraine", "triggers"),
    }
    added = next(f for f in conditions if f.direction == "added")
    assert added.summary == 'condition added (triggers): "if Russia fires on Ukraine"'


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Once all parties accept this memorandum, a ceasefire takes effect.", "A ceasefire takes effect once all "
         "parties agree to the deal."),
        ("The guarantees lapse if this is breached.", "The guarantees lapse if this is broken."),
        ("Partners act if Ukraine is attacked again.", "Partners support Ukraine if Russia attacks it again."),
        ("The US guarantee is subject to conditions.", "The US guarantee is strengthened."),
    ],
)  # fmt: skip
def test_a_condition_reworded_but_kept_is_no_finding(old: str, new: str) -> None:
    assert only(text_findings(old, new), FindingKind.CONDITION) == []


def test_a_condition_knows_what_it_does_to_the_provision() -> None:
    (f,) = only(
        text_findings("A military response follows.", "If Russia invades Ukraine, a military response follows."),
        FindingKind.CONDITION,
    )
    assert (f.new, f.about) == ("If Russia invades Ukraine", "triggers")


@pytest.mark.parametrize(
    ("new", "name"),
    [
        ("The United States gives Ukraine a guarantee that mirrors NATO's Article 5.", "NATO"),
        ('A legally binding guarantee, "as NATO does for its members", offered now.', "NATO"),
        ("Kyiv accepts the 800,000 figure the Europeans proposed.", "Europe"),
    ],
)
def test_a_name_used_only_in_a_comparison_a_quotation_or_an_attribution_is_not_a_party(new: str, name: str) -> None:
    old = "The United States gives Ukraine a guarantee."
    assert not [f for f in only(text_findings(old, new), FindingKind.PARTY) if name in f.summary]


@pytest.mark.parametrize(
    ("old", "new", "summary"),
    [
        ("Russia writes non-aggression into law.", "Russia writes non-aggression into law, ratified by the Duma.",
         "the Duma now named"),
        ("A special zone needs a referendum.", "A special zone needs the approval of the Rada or a referendum.",
         "the Rada now named"),
        ("Territory is left open.", "Territory is left open for Presidents Trump and Zelensky to decide.",
         "Trump and Zelensky now named"),
        ("France, Germany and Poland are the partners.", "France, Germany, Poland and Finland are the partners.",
         "Finland added alongside France, Germany and Poland"),
    ],
)  # fmt: skip
def test_parliaments_leaders_and_a_state_added_to_a_list_are_parties(old: str, new: str, summary: str) -> None:
    assert [f.summary for f in only(text_findings(old, new), FindingKind.PARTY)] == [summary]


def test_a_party_named_only_to_be_excluded_says_so() -> None:
    (f,) = only(
        text_findings("Foreign troops may be stationed in Ukraine.", "No NATO troops are stationed in Ukraine."),
        FindingKind.PARTY,
    )
    assert (f.new, f.about, f.summary) == ("NATO", "excluded", "NATO now named, to be excluded")
    assert f.invert().summary == "NATO no longer named (was excluded)"


def test_two_lists_with_nothing_in_common_are_not_one_replaced_by_the_other() -> None:
    parties = only(
        text_findings(
            "Territory is left for Presidents Trump and Zelensky to decide.",
            "Russia leaves the Sumy and Kharkiv regions.",
        ),
        FindingKind.PARTY,
    )
    assert {(f.old, f.new, f.direction) for f in parties} == {
        ("Trump and Zelensky", None, "removed"),
        (None, "Russia", "added"),
    }


def test_a_name_that_may_only_describe_is_a_possible_party() -> None:
    (f,) = only(
        text_findings("Prisoners are exchanged.", "Prisoners are exchanged and Ukrainian children returned."),
        FindingKind.PARTY,
    )
    assert f.possible
    assert f.confidence < 0.6


def test_a_parent_compared_with_its_sub_points_in_view_adds_no_name_they_already_named() -> None:
    old = Provision(
        label="10",
        text="The US guarantee is subject to conditions.",
        children=[Provision(label="b", text="Ukraine loses the guarantee if it invades Russia.")],
    )
    new = Provision(
        label="5",
        text="The United States gives Ukraine a guarantee.",
        children=[Provision(label="b", text="The guarantee is void if Ukraine invades Russia.")],
    )
    assert only(provision_findings(old, new, children=False), FindingKind.PARTY) == []


def test_a_sub_point_dropped_does_not_drop_the_topics_its_parent_keeps() -> None:
    from peaceplan import Version, diff

    def version(vid: str, children: list[Provision]) -> Version:
        parent = Provision(label="24", text="A committee settles humanitarian questions.", topics=["humanitarian"],
                           children=children)  # fmt: skip
        return Version(id=vid, document="d", title="t", status="draft", provisions=[parent])

    kept = Provision(label="a", text="Prisoners are exchanged all for all.", topics=["humanitarian"])
    dropped = Provision(label="c", text="Families are reunited.", topics=["humanitarian", "sovereignty"])
    d = diff(version("v1", [kept, dropped]), version("v2", [kept]))
    (change,) = [c for c in d.entries if c.old_labels == ("24.c",)]
    assert [(f.kind, f.old) for f in change.findings] == [(FindingKind.TOPIC, "sovereignty")]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("Ukraine's forces stay at 800,000.", "Ukraine's forces stay at 800,000 in peacetime.",
         {(None, "in peacetime", "added")}),
        ("A non-aggression agreement.", "A full and unconditional non-aggression agreement.",
         {(None, "full", "added"), (None, "unconditional", "added")}),
        ("A guarantee like Article 5.", "A legally binding guarantee like Article 5, offered now and not for ever.",
         {(None, "legally binding", "added"), (None, "not for ever", "added")}),
        ("Sanctions are lifted in stages.", "Sanctions are eased step by step.", set()),
    ],
)  # fmt: skip
def test_qualifiers_that_change_what_is_committed_to_are_findings(
    old: str, new: str, expected: set[tuple[str | None, str | None, str]]
) -> None:
    assert {(f.old, f.new, f.direction) for f in only(text_findings(old, new), FindingKind.QUALIFIER)} == expected


def test_a_body_that_no_longer_guarantees_softens_and_the_noun_is_no_obligation() -> None:
    (f,) = text_findings(
        "A Peace Council monitors and guarantees it.", "A Peace Council chaired by the US oversees it."
    )[:1]
    assert (f.kind, f.old, f.direction) == (FindingKind.MODALITY, "guarantees it", "softened")
    noun = text_findings("The US gives guarantees.", "The US gives security guarantees that mirror Article 5.")
    assert only(noun, FindingKind.MODALITY) == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("NATO agrees not to station its troops in Ukraine.", "NATO does not station troops in Ukraine."),
        ("Talks on the second phase start by the 16th day.", "Talks start no later than the 16th day."),
        ("A guarantee, offered now.", 'A guarantee, "not a blank check", offered now.'),
        ("Aid is distributed by the UN.", "Aid is distributed by the UN and institutions not associated with either."),
    ],
)
def test_what_only_looks_like_a_negation_added_is_no_negation_finding(old: str, new: str) -> None:
    assert only(text_findings(old, new), FindingKind.NEGATION) == []


def test_one_wording_of_a_permission_for_another_is_no_change_of_strength() -> None:
    findings = text_findings(
        "Displaced Palestinians may return to northern Gaza.",
        "No one is forced to leave Gaza; those who wish to leave are free to do so and free to return.",
    )
    assert only(findings, FindingKind.MODALITY) == []


def test_every_actor_of_the_corpus_is_in_the_party_vocabulary() -> None:
    from peaceplan import load_corpus
    from peaceplan.compare.mentions import party_ids

    missing = [
        a.id
        for a in load_corpus().actors
        if a.kind.value in ("state", "organisation", "person") and not party_ids(a.name)
    ]
    assert missing == []


# --- evidence and confidence ---------------------------------------------------------------


def test_a_finding_carries_the_words_it_rests_on_in_each_text() -> None:
    (f,) = only(text_findings(ARMY_28, ARMY_20), FindingKind.NUMBER)
    assert f.old_evidence is not None
    assert f.new_evidence is not None
    assert f.old_evidence.words == "600,000"
    assert f.new_evidence.marked() == "Armed forces stay at [800,000] in peacetime"
    assert f.invert().old_evidence == f.new_evidence


@given(prose, prose)
def test_evidence_points_at_the_words_of_each_text(old: str, new: str) -> None:
    for f in text_findings(old, new):
        for text, ev in ((old, f.old_evidence), (new, f.new_evidence)):
            if ev is not None:
                assert text[ev.start : ev.end] == ev.words
                assert text[ev.excerpt_start : ev.excerpt_start + len(ev.excerpt)] == ev.excerpt
        assert 0.0 <= f.confidence <= 1.0


def test_evidence_outside_its_excerpt_is_refused_with_the_offsets() -> None:
    with pytest.raises(ValidationError) as info:
        Evidence(start=5, end=40, excerpt="capped at 600,000", excerpt_start=0)
    assert str(info.value) == "Evidence: expected start <= end inside the excerpt (offsets 0..17), got 5..40"
    with pytest.raises(ValidationError) as info:
        Finding(kind="number", old="1", new="2", direction="raised", confidence=1.5)
    assert str(info.value) == "Finding.confidence: expected a number from 0 to 1, got 1.5"


def test_evidence_and_confidence_round_trip_through_plain_data() -> None:
    (f,) = only(text_findings("Prisoners are exchanged.", "Ukrainian children are returned."), FindingKind.PARTY)
    data = f.to_dict()
    assert data["confidence"] == f.confidence
    assert data["new_evidence"]["excerpt"] == "Ukrainian children are returned"
    assert Finding.from_dict(data) == f


# --- properties ----------------------------------------------------------------------------

_SENTENCES = [
    "Ukraine's armed forces are capped at {} personnel.",
    "Israel releases {} prisoners once all hostages are returned.",
    "Russia withdraws {} troops from the Kharkiv region.",
    "Israel lets {} trucks of aid into Gaza every day.",
]


@given(
    st.sampled_from(_SENTENCES),
    st.integers(min_value=11, max_value=999_999),
    st.integers(min_value=11, max_value=999_999),
    st.booleans(),
)
def test_a_number_changed_in_the_text_always_yields_a_number_finding(
    sentence: str, before: int, after: int, commas: bool
) -> None:
    shown = "{:,}" if commas else "{}"
    old, new = sentence.format(shown.format(before)), sentence.format(shown.format(after))
    numbers = only(text_findings(old, new), FindingKind.NUMBER)
    if before == after:
        assert numbers == []
    else:
        (f,) = numbers
        assert (f.old, f.new) == (shown.format(before), shown.format(after))
        assert f.direction == ("raised" if after > before else "lowered")


def _restyled(text: str, data: st.DataObject) -> str:
    """``text`` with case, spacing and punctuation changed where the redline calls that editorial."""
    out = []
    for word in text.split(" "):
        style = data.draw(st.sampled_from(["same", "upper", "lower", "spaced"]))
        out.append(word.upper() if style == "upper" else word.lower() if style == "lower" else word)
        if style == "spaced":
            out.append("")
    return " ".join(out).rstrip(".")


@given(st.sampled_from([ARMY_28, NATO_28, CEASEFIRE_28, GUARANTEE_VOID_28, *_SENTENCES]), st.data())
def test_no_finding_when_the_texts_are_equal_after_normalisation(text: str, data: st.DataObject) -> None:
    assert text_findings(text, _restyled(text, data)) == ()


# --- whether there is a finding, found faster ------------------------------------------------


@given(st.one_of(st.text(), prose, tricky), st.one_of(st.text(), prose, tricky), st.booleans())
def test_has_text_findings_says_whether_text_findings_finds_anything(old: str, new: str, scoped: bool) -> None:
    scope = (f"{old} Crimea and NATO in full", f"{new} Russia") if scoped else None
    assert has_text_findings(old, new, scope=scope) is bool(text_findings(old, new, scope=scope))


FAMILIES = ("places", "modals", "qualifiers", "quantities", "conditions", "negations", "parties")


@given(st.one_of(prose, tricky), st.one_of(prose, tricky), st.booleans())
def test_whether_there_is_a_finding_does_not_depend_on_the_order_the_families_are_asked_in(
    old: str, new: str, scoped: bool
) -> None:
    """_Analysis.any asks first the family the changed runs suggest (a digit, an obligation word): whatever
    it asks first, it finds a finding exactly when one of the families, asked alone, finds one."""
    old, new = min(old, new), max(old, new)  # the order text_findings compares them in
    scope = (f"{old} Crimea and NATO in full", f"{new} Russia") if scoped else None

    def finds(family: str) -> bool:
        analysis = findings_module._Analysis(old, new, scope, first=True)
        try:
            getattr(analysis, family)()
        except findings_module._Found:
            return True
        return False

    assert findings_module._Analysis(old, new, scope).any() is any(finds(family) for family in FAMILIES)


def _point(label: str, text: str, topics: list[str], children: list[Provision]) -> Provision:
    return Provision(label=label, text=text or "Text.", topics=topics, children=children)


def prose_points(depth: int = 1) -> st.SearchStrategy[Provision]:
    """Points whose texts are made of the words findings look for, with sub-points labelled a or b."""
    children = st.lists(
        st.sampled_from("ab").flatmap(
            lambda label: prose_points(depth - 1).map(lambda p: attrs.evolve(p, label=label))
        ),
        max_size=2 if depth else 0,
        unique_by=lambda p: p.label,
    )
    topics = st.lists(st.sampled_from(["ceasefire", "elections"]), max_size=1)
    return st.builds(_point, st.just("1"), prose, topics, children)


@given(
    st.one_of(st.none(), prose_points(), strategies.provisions()),
    st.one_of(st.none(), prose_points(), strategies.provisions()),
    st.booleans(),
)
def test_has_findings_says_whether_provision_findings_finds_anything(
    old: Provision | None, new: Provision | None, children: bool
) -> None:
    assert has_findings(old, new, children=children) is bool(provision_findings(old, new, children=children))


@pytest.mark.parametrize(("old", "new"), PAIRS)
def test_corpus_pairs_have_findings(old: str, new: str) -> None:
    assert has_text_findings(old, new)
    assert has_text_findings(new, old)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (ARMY_28, ARMY_28),
        (ARMY_28, ARMY_28.upper()),
        ("Ukraine gets reliable guarantees.", "Ukraine gets strong guarantees."),
        ("", ""),
    ],
)
def test_equal_restyled_and_reworded_texts_have_no_findings(old: str, new: str) -> None:
    assert not has_text_findings(old, new)
    assert text_findings(old, new) == ()


def test_a_point_whose_text_stays_has_findings_when_its_topics_or_positions_change() -> None:
    old = Provision(label="4", text=ARMY_20, topics=["army-size"])
    assert has_findings(old, attrs.evolve(old, topics=["army-size", "security"]))
    assert has_findings(old, attrs.evolve(old, positions=[Position(actor="russia", stance="accepts")]))
    assert not has_findings(old, attrs.evolve(old, label="5"))
    assert not has_findings(None, None)


def test_a_sub_point_changed_is_a_finding_only_when_sub_points_are_compared() -> None:
    old = Provision(label="5", text="Guarantees:", children=[Provision(label="a", text=ARMY_28)])
    new = attrs.evolve(old, children=[Provision(label="a", text=ARMY_20)])
    assert has_findings(old, new)  # the sub-points have the same label: compared one with the other
    assert not has_findings(old, new, children=False)  # the points' own texts are the same
    assert provision_findings(old, new, children=False) == ()


# --- what one comparison finds is kept for the next ------------------------------------------


@given(prose, prose, prose)
def test_findings_do_not_depend_on_what_was_compared_before(a: str, b: str, c: str) -> None:
    before = (text_findings(a, b), text_findings(b, c), text_findings(c, a))
    mentions._kept_mentions.cache_clear()
    assert (text_findings(a, b), text_findings(b, c), text_findings(c, a)) == before


def test_mentions_kept_with_one_vocabulary_are_not_used_with_another(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = "Talks are held in Chisinau.", "Talks are held in Tiraspol."
    assert text_findings(old, new) == ()
    kept = mentions.text_mentions(old)
    assert mentions.text_mentions(old) is kept
    monkeypatch.setattr(mentions, "PLACES", mentions.PLACES | {"Chisinau", "Tiraspol"})
    assert mentions.text_mentions(old) is not kept
    assert list(mentions.text_mentions(old).places) == ["Chisinau"]
    assert [(f.kind.value, f.old, f.new) for f in text_findings(old, new)] == [
        ("place", "Chisinau", None),
        ("place", None, "Tiraspol"),
    ]
    monkeypatch.setattr(mentions, "PLACES", frozenset(mentions.PLACES))  # an equal copy: the same words
    assert len(text_findings(old, new)) == 2
    monkeypatch.undo()
    assert text_findings(old, new) == ()


def test_mentions_read_after_a_vocabulary_change_stay_out_of_the_kept_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = "Talks are held in Chisinau, Moldova.", "Talks are held in Tiraspol, Moldova."
    held = mentions.text_mentions(old)  # made with the vocabularies as shipped, its families not yet found
    monkeypatch.setattr(mentions, "PLACES", mentions.PLACES | {"Chisinau", "Tiraspol"})
    assert list(held.places) == ["Chisinau"]  # read now: found with the vocabularies as they are now
    monkeypatch.undo()
    assert list(mentions.text_mentions(old).places) == []
    assert text_findings(old, new) == ()


def test_mentions_kept_with_a_rebound_vocabulary_share_one_copy_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each kept text is keyed by the vocabularies' content: a copy per text would be some 60 kB each.
    monkeypatch.setattr(mentions, "PLACES", mentions.PLACES | {"Chisinau"})
    first, second = mentions.text_mentions("Talks in Chisinau."), mentions.text_mentions("Talks in Kyiv.")
    assert first.vocabularies is not None
    assert first.vocabularies is second.vocabularies
    assert list(first.places) == ["Chisinau"]


@pytest.mark.usefixtures("_no_kept_texts")
def test_a_long_text_is_not_kept_so_the_kept_texts_hold_bounded_memory() -> None:
    # A kept text's tokens take some 35 bytes a character: 1,024 texts of 10,000 characters would hold 380 MB.
    from peaceplan.compare import findings, redline

    old, new = " ".join([ARMY_28] * 60), " ".join([ARMY_20] * 60)  # some 3,000 characters each
    assert redline.redline(old, new) == redline._redline(old, new)
    assert findings._same_in_substance(old, new) is False
    assert mentions._folded(old) == old.lower()
    assert [c.cache_info().currsize for c in (redline._tokens, findings._editorial, mentions._kept_folded)] == [0, 0, 0]
    assert mentions.text_mentions(old) is not mentions.text_mentions(old)
    assert text_findings(old, new)


@pytest.fixture(autouse=False)
def _no_kept_texts() -> None:
    from peaceplan.compare import findings, redline

    for cache in (redline._tokens, findings._editorial, mentions._kept_folded, mentions._kept_mentions):
        cache.cache_clear()


@settings(max_examples=20)  # texts of 2,000 to 5,000 characters
@given(
    st.lists(st.sampled_from([ARMY_28, ARMY_20, NATO_28, CEASEFIRE_28, GUARANTEE_VOID_28]), min_size=40, max_size=70),
    st.data(),
)
def test_findings_of_long_texts_are_those_found_with_every_text_kept(parts: list[str], data: st.DataObject) -> None:
    from peaceplan.compare import findings, redline

    old = " ".join(parts)
    new = " ".join(data.draw(st.permutations(parts)) + data.draw(st.lists(st.sampled_from(parts), max_size=3)))
    scope = (f"{old} Crimea", new)
    found = (text_findings(old, new), text_findings(old, new, scope=scope), redline.redline(old, new))
    with pytest.MonkeyPatch.context() as patch:
        for module in (redline, mentions):
            patch.setattr(module, "_KEPT_UP_TO", 10**9)
        patch.setattr(findings, "_editorial_of", findings._editorial)
        assert (text_findings(old, new), text_findings(old, new, scope=scope), redline._redline(old, new)) == found
