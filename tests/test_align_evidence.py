"""The evidence the aligner weighs beyond wording: printed numbers, near-duplicate merges, and how sure it is."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import peaceplan
from peaceplan.compare import paraphrase
from peaceplan.compare.align import AlignOptions, MatchKind, align, confidence
from peaceplan.compare.paraphrase import COMMITMENTS
from peaceplan.errors import PeaceplanError, UnknownProvisionError
from peaceplan.model.records import Provision, Version

CONTROLS = [
    ("AC-1", "Policy and Procedures. Develop, document and disseminate an access control policy."),
    ("AC-2", "Account Management. Define and document the types of accounts allowed in the system."),
    ("AC-3", "Access Enforcement. Enforce approved authorisations for logical access to information."),
    ("AC-4", "Information Flow Enforcement. Enforce approved authorisations for controlling flows."),
    ("AC-5", "Separation of Duties. Identify and document duties of individuals requiring separation."),
    ("AC-6", "Least Privilege. Employ the principle of least privilege for specific duties."),
    ("AC-7", "Unsuccessful Logon Attempts. Enforce a limit of consecutive invalid logon attempts."),
]


def catalogue(vid: str, items: list[tuple[str, str]]) -> Version:
    points = [Provision(label=label, text=text) for label, text in items]
    return Version(id=vid, document="catalogue", title=vid, status="draft", provisions=points)


def test_a_short_requirement_and_its_long_rewrite_under_the_same_number_are_paired() -> None:
    # Identifiers are stable in this catalogue (six of seven controls kept theirs), so "AC-5" in both
    # versions is evidence enough to pair a terse old text with its much longer rewrite.
    rewritten = dict(CONTROLS)
    rewritten["AC-5"] = (
        "Divided Responsibilities. Define access authorizations that split mission functions among "
        "different people, so that no one person holds every duty, reviewed every year by the owner."
    )
    old = catalogue("r4", CONTROLS)
    new = catalogue("r5", [*rewritten.items(), ("AC-8", "System Use Notification. Display a notice before access.")])
    matches = {m.old: m for m in align(old, new, use_lineage=False)}
    assert matches[("AC-5",)].new == ("AC-5",)
    assert matches[("AC-5",)].kind is MatchKind.MODIFIED


def test_the_same_number_in_another_format_counts_as_the_same_number() -> None:
    items = [(f"{k}.1.{n}", text.split(". ", 1)[1]) for k, n, text in ((2, i, t) for i, (_, t) in enumerate(CONTROLS))]
    old = catalogue("a", items)
    padded = [(f"0{label.replace('.', '.0')}", text) for label, text in items]
    padded[4] = (padded[4][0], "No single person holds every duty of a sensitive task; the owner reviews the division.")
    padded.insert(5, ("02.01.04a", "Visitors sign in at the front desk and wear a badge."))
    matches = {m.old: m for m in align(old, catalogue("b", padded), use_lineage=False)}
    assert matches[(items[4][0],)].new == (padded[4][0],)


def test_a_number_says_nothing_in_a_draft_that_renumbered_its_points() -> None:
    # The drafters inserted a point at the top: every kept point moved down by one. The removed old
    # point 5 and the unrelated new point 5 share a number by accident only.
    texts = [text.split(". ", 1)[1] for _, text in CONTROLS]
    old = catalogue("a", [(str(i), t) for i, t in enumerate(texts, 1)])
    kept = [texts[0], texts[1], texts[2], "Unsuccessful logon attempts lock the account.", texts[5], texts[6]]
    new = catalogue("b", [(str(i), t) for i, t in enumerate(["Prisoners are exchanged all for all.", *kept], 1)])
    removed = [m for m in align(old, new, use_lineage=False) if m.kind is MatchKind.REMOVED]
    assert ("4",) in [m.old for m in removed]
    assert ("5",) in [m.old for m in removed]


def test_near_duplicates_folded_into_one_provision_are_a_merge() -> None:
    old = catalogue(
        "r4",
        [
            ("1", "Multifactor authentication is required for network access to privileged accounts."),
            ("2", "Multifactor authentication is required for network access to non-privileged accounts."),
            ("3", "Passwords are changed every ninety days."),
        ],
    )
    new = catalogue(
        "r5",
        [
            (
                "1",
                "Multifactor authentication is required for network access to privileged and non-privileged accounts.",
            ),
            ("2", "Passwords are changed every ninety days."),
        ],
    )
    merged = [m for m in align(old, new, use_lineage=False) if m.kind is MatchKind.MERGED]
    assert [(m.old, m.new) for m in merged] == [(("1", "2"), ("1",))]


def test_identical_and_curated_pairings_are_sure_and_a_weak_guess_is_uncertain() -> None:
    old = catalogue("a", [("1", "A ceasefire starts at once."), ("2", "Sanctions are lifted in stages.")])
    new = catalogue("b", [("1", "A ceasefire starts at once."), ("2a", "Sanctions relief is discussed later.")])
    matches = {m.old: m for m in align(old, new, use_lineage=False, options=AlignOptions(min_score=0.2))}
    assert matches[("1",)].confidence >= 0.99
    assert not matches[("1",)].uncertain
    weak = matches[("2",)]
    assert weak.confidence < 0.7
    assert weak.uncertain


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.booleans())
def test_confidence_grows_with_the_evidence_and_stays_a_probability(a: float, b: float, same: bool) -> None:
    low, high = sorted((a, b))
    assert 0.0 <= confidence(low, same_label=same) <= confidence(high, same_label=same) <= 1.0
    assert confidence(low) <= confidence(low, same_label=True)
    assert confidence(high, parts=3) <= confidence(high)


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40))
def test_shifting_every_number_of_the_new_version_pairs_the_same_texts(shift: int) -> None:
    old = catalogue("a", CONTROLS)
    new = catalogue("b", [(f"{label}-x", text) for label, text in CONTROLS[1:]])
    shifted = catalogue("c", [(str(k + shift), text) for k, (_, text) in enumerate(CONTROLS[1:])])

    def texts(v: Version, ms: tuple[peaceplan.Match, ...]) -> set[tuple[str, ...]]:
        return {tuple(v.provision(n).text for n in m.new) for m in ms if m.old}

    assert texts(new, align(old, new, use_lineage=False)) == texts(shifted, align(old, shifted, use_lineage=False))


# --- review, then curate ---------------------------------------------------------------------

OLD = "1. A ceasefire starts at once.\n2. Prisoners are exchanged all for all.\n3. Elections are held within 100 days."
NEW = "1. Prisoners are exchanged.\n2. A full and unconditional truce takes effect.\n3. Elections are held in 2026."


def drafts() -> tuple[Version, Version]:
    return peaceplan.read_text(OLD, id="old").version, peaceplan.read_text(NEW, id="new").version


def test_an_accepted_pairing_is_written_as_curated_lineage_and_used_by_the_next_diff() -> None:
    old, new = drafts()
    first = peaceplan.diff(old, new)
    assert first.change(new="1").old_labels == ("2",)
    curated = peaceplan.link(first, accept=["1"], pairs={"2": "1"})
    assert [str(r) for r in curated.provision("1").derived_from] == ["old#2"]
    assert [str(r) for r in curated.provision("2").derived_from] == ["old#1"]
    again = peaceplan.diff(old, curated)
    assert again.change(new="2").old_labels == ("1",)
    assert again.change(new="2").match.curated
    assert again.change(new="1").match.curated


def test_accepting_above_a_confidence_takes_only_the_sure_pairings() -> None:
    old, new = drafts()
    first = peaceplan.diff(old, new)
    sure = {row[0] for row in peaceplan.review(first) if row[3] >= 0.9}
    curated = peaceplan.link(first, above=0.9)
    linked = {path for path, p in curated.walk() if p.derived_from}
    assert linked == sure


def test_review_lists_inferred_pairings_least_sure_first() -> None:
    old, new = drafts()
    rows = peaceplan.review(peaceplan.diff(old, new))
    assert [r[3] for r in rows] == sorted(r[3] for r in rows)
    assert all(isinstance(r[4], bool) for r in rows)


def test_linking_an_unknown_label_is_refused_naming_it() -> None:
    old, new = drafts()
    first = peaceplan.diff(old, new)
    with pytest.raises(UnknownProvisionError, match="'9'"):
        peaceplan.link(first, accept=["9"])
    with pytest.raises(UnknownProvisionError, match="'7'"):
        peaceplan.link(first, pairs={"1": "7"})
    with pytest.raises(PeaceplanError, match="between 0 and 1"):
        peaceplan.link(first, above=1.5)


def test_the_link_command_lists_then_writes_the_accepted_links(tmp_path: pytest.TempPathFactory) -> None:
    from click.testing import CliRunner

    from peaceplan.cli import cli

    old, new = drafts()
    folder = tmp_path
    peaceplan.dump_version(old, folder / "old.yaml")  # type: ignore[operator]
    peaceplan.dump_version(new, folder / "new.yaml")  # type: ignore[operator]
    runner = CliRunner()
    listed = runner.invoke(cli, ["link", str(folder / "old.yaml"), str(folder / "new.yaml")])  # type: ignore[operator]
    assert listed.exit_code == 0, listed.output
    assert "← 2" in listed.output
    wrote = runner.invoke(cli, ["link", str(folder / "old.yaml"), str(folder / "new.yaml"), "--pair", "2=1"])  # type: ignore[operator]
    assert wrote.exit_code == 0, wrote.output
    saved = peaceplan.load_version(folder / "new.yaml")  # type: ignore[operator]
    assert [str(r) for r in saved.provision("2").derived_from] == ["old#1"]
    bad = runner.invoke(cli, ["link", str(folder / "old.yaml"), str(folder / "new.yaml"), "--pair", "2"])  # type: ignore[operator]
    assert bad.exit_code == 2


def test_a_clause_that_moved_and_grew_is_paired_not_removed_and_added() -> None:
    # Old point 2 survives nearly word for word inside a longer new point at the end, with a list
    # appended; the new point shares little else with the old text, so as wholes they look apart.
    old = catalogue(
        "a",
        [
            ("1", "A ceasefire takes effect along the whole line of contact."),
            ("2", "An international mission monitors the ceasefire and reports every violation."),
            ("3", "Prisoners of war are exchanged all for all within thirty days."),
        ],
    )
    new = catalogue(
        "b",
        [
            ("1", "A ceasefire takes effect along the whole line of contact."),
            ("2", "Prisoners of war are exchanged all for all within thirty days."),
            (
                "3",
                "An international mission monitors the ceasefire and reports every violation. Its members are "
                "drawn from neutral states, answer to a joint commission, have free access to the zone, may "
                "inspect heavy weapons storage sites, publish weekly reports and keep drones over the line.",
            ),
        ],
    )
    matches = {m.old: m for m in align(old, new, use_lineage=False)}
    assert matches[("2",)].new == ("3",)


def test_points_that_open_with_the_same_heading_are_paired_across_the_document() -> None:
    old = catalogue(
        "a",
        [
            ("T1", "Input Capture. Adversaries record keystrokes typed on the device to steal passwords."),
            ("T2", "Screen Capture. Adversaries take pictures of the screen."),
            ("T3", "Location Tracking. Adversaries read the device position from its radio."),
        ],
    )
    new = catalogue(
        "b",
        [
            ("T9", "Location Tracking. The position of a device is obtained through platform services."),
            ("T8", "Screen Capture. Adversaries take pictures of the screen."),
            ("T7", "Input Capture. Adversaries capture what a user types on the device to obtain credentials."),
        ],
    )
    matches = {m.old: m.new for m in align(old, new, use_lineage=False)}
    assert matches[("T1",)] == ("T7",)
    assert matches[("T3",)] == ("T9",)


def test_a_point_whose_text_went_elsewhere_while_its_number_lives_on_was_split() -> None:
    # A catalogue of stable identifiers: technique T5's text moved to the new sub-technique T5.1,
    # and T5 itself lives on, re-scoped, with a shorter text.
    kept = [(f"T{k}", text) for k, (_, text) in enumerate(CONTROLS, 1) if k != 5]
    old = catalogue(
        "a", [*kept, ("T5", "Screen Capture. Adversaries take pictures of the screen to collect what the user sees.")]
    )
    new = catalogue(
        "b",
        [
            *kept,
            ("T5", "Capture. Adversaries collect what the user sees or types on the screen."),
            ("T5.1", "Screen Capture. Adversaries may take pictures of the screen to collect what a user sees."),
        ],
    )
    matches = {m.old: m for m in align(old, new, use_lineage=False)}
    assert matches[("T5",)].kind is MatchKind.SPLIT
    assert set(matches[("T5",)].new) == {"T5", "T5.1"}


def test_a_commitment_restated_in_other_words_is_paired() -> None:
    old = catalogue(
        "a",
        [
            ("1", "Regional self-government is expanded."),
            ("2", "The parties cease all hostilities."),
            ("3", "Sanctions are lifted in stages."),
        ],
    )
    new = catalogue(
        "b",
        [
            ("1", "A full and unconditional truce takes effect."),
            ("2", "A constitutional amendment grants the regions wider powers."),
            ("3", "Sanctions are lifted in stages."),
        ],
    )
    matches = {m.old: m.new for m in align(old, new, use_lineage=False)}
    assert matches[("2",)] == ("1",)
    assert matches[("1",)] == ("2",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The guns fall silent along the line.", {"ceasefire"}),
        ("Both armies withdraw 15 km from the contact line.", {"withdrawal"}),
        ("Observers of the OSCE verify the heavy weapons sites.", {"monitoring"}),
        ("Prisoners of war are exchanged all for all.", {"prisoners"}),
        ("The budget for schools grows.", set()),
    ],
)
def test_commitments_are_found_in_their_usual_phrasings(text: str, expected: set[str]) -> None:
    from peaceplan.compare.paraphrase import commitments

    assert commitments(text) == expected


# --- a semantic backend ------------------------------------------------------------------------

MEANINGS = {
    "truce": (1.0, 0.0, 0.0),
    "hostilities": (1.0, 0.0, 0.0),
    "regions": (0.0, 1.0, 0.0),
    "self-government": (0.0, 1.0, 0.0),
    "sanctions": (0.0, 0.0, 1.0),
}


def meaning_embedder(texts: object) -> list[list[float]]:
    """A deterministic embedder for tests: the sum of the vectors of the words it knows."""
    out = []
    for text in texts:  # type: ignore[attr-defined]
        vector = [0.0, 0.0, 0.0]
        for word in str(text).casefold().replace(".", "").split():
            for k, x in enumerate(MEANINGS.get(word, (0.0, 0.0, 0.0))):
                vector[k] += x
        out.append(vector)
    return out


def test_a_semantic_backend_pairs_what_words_alone_cannot() -> None:
    old = catalogue("a", [("1", "Quiet returns along the front within a week."), ("2", "Budgets of the regions grow.")])
    new = catalogue("b", [("1", "Money for local self-government rises."), ("2", "The truce starts in seven days.")])
    old = attrs.evolve(old, provisions=[*old.provisions, Provision(label="3", text="Hostilities end.")])
    words_only = {m.old: m.new for m in align(old, new, use_lineage=False)}
    semantic = AlignOptions(similarity=meaning_embedder, semantic_weight=0.8)
    with_meaning = {m.old: m.new for m in align(old, new, use_lineage=False, options=semantic)}
    assert words_only.get(("3",)) != ("2",)
    assert with_meaning[("3",)] == ("2",)
    assert with_meaning[("2",)] == ("1",)


def test_an_embedder_that_returns_the_wrong_number_of_vectors_is_refused() -> None:
    old = catalogue("a", [("1", "A ceasefire."), ("2", "Elections.")])
    new = catalogue("b", [("1", "A truce."), ("2", "A vote.")])
    with pytest.raises(PeaceplanError, match="returned 1 vectors for 4 texts"):
        align(old, new, use_lineage=False, options=AlignOptions(similarity=lambda texts: [[1.0]]))


def test_the_sentence_transformer_backend_names_its_extra_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from peaceplan.compare.semantic import sentence_transformer
    from peaceplan.errors import MissingExtraError

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'peaceplan\[semantic\]'"):
        sentence_transformer("any-model")


def test_a_withdrawn_enhancement_folded_into_its_base_control_is_a_merge() -> None:
    base = "Account Management. Define the types of accounts allowed; disable accounts of users who leave."
    old = catalogue(
        "r4",
        [
            *CONTROLS[:1],
            ("AC-2", base),
            ("AC-2(10)", "Shared Account Termination. Disable shared accounts when members leave."),
            *CONTROLS[2:],
        ],
    )
    new = catalogue(
        "r5",
        [*CONTROLS[:1], ("AC-2", base + " Terminate shared and group account credentials."), *CONTROLS[2:]],
    )
    merged = [m for m in align(old, new, use_lineage=False) if m.kind is MatchKind.MERGED]
    assert [(m.old, m.new) for m in merged] == [(("AC-2", "AC-2(10)"), ("AC-2",))]


def test_a_pasted_point_that_repeats_a_points_own_text_without_its_sub_points_is_paired_with_it() -> None:
    def point(label: str, text: str, *subs: str) -> Provision:
        kids = [Provision(label=chr(ord("a") + k), text=t) for k, t in enumerate(subs)]
        return Provision(label=label, text=text, children=kids)

    old = Version(
        id="a",
        document="plan",
        title="a",
        status="draft",
        provisions=[
            point("1", "A ceasefire takes effect along the line of contact."),
            point(
                "2",
                "Ukraine's armed forces are capped at 600,000 personnel.",
                "The cap is verified by international inspectors every year;",
                "reserve units and territorial defence brigades count towards the cap;",
                "heavy weapons above the cap are stored under international monitoring.",
            ),
            point("3", "International inspectors verify heavy weapons storage every year under a monitoring mission."),
        ],
    )
    new = Version(
        id="b",
        document="plan",
        title="b",
        status="draft",
        provisions=[
            point("1", "A ceasefire takes effect along the line of contact."),
            point("2", "International inspectors verify heavy weapons storage under a monitoring mission each year."),
            point("3", "Ukraine's armed forces are capped at 600,000 personnel."),
        ],
    )
    matches = {m.old: m.new for m in align(old, new, use_lineage=False) if m.old and m.new}
    assert matches[("2",)] == ("3",)
    assert matches[("3",)] == ("2",)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.data())
def test_splitting_a_point_in_two_and_rejoining_it_are_a_split_and_a_merge(seed: int, data: st.DataObject) -> None:
    from generator import make_document

    old = make_document(30, seed, version_id="old")
    k = data.draw(st.integers(0, len(old.provisions) - 1))
    point = old.provisions[k]
    words = point.full_text().split()
    assume(len(words) >= 12 and not point.children)
    cut = data.draw(st.integers(len(words) // 3, 2 * len(words) // 3))
    halves = [Provision(label=f"{point.label}a", text=" ".join(words[:cut])),
              Provision(label=f"{point.label}b", text=" ".join(words[cut:]))]  # fmt: skip
    split = attrs.evolve(old, id="split", provisions=[*old.provisions[:k], *halves, *old.provisions[k + 1 :]])
    forward = {m.old: m for m in align(old, split, use_lineage=False)}
    assert forward[(point.label,)].kind is MatchKind.SPLIT
    assert set(forward[(point.label,)].new) == {h.label for h in halves}
    backward = {m.new: m for m in align(split, old, use_lineage=False)}
    assert backward[(point.label,)].kind is MatchKind.MERGED
    assert set(backward[(point.label,)].old) == {h.label for h in halves}


_PHRASING_WORDS = sorted(
    {w for c in COMMITMENTS.values() for p in c.phrasings for w in paraphrase._words(p.rstrip("*"))}
    | {"withdrawals", "truces", "the", "all", "Cease", "ALL", "x"}
)


def _walked(matcher: paraphrase._Matcher, words: list[str]) -> frozenset[str]:
    """The commitments stated by ``words``, found the plain way: each word looked up, a phrase tried at every word."""
    found: set[str] = set()
    for k, word in enumerate(words):
        found |= matcher.seen[word] if word in matcher.seen else matcher._word(word)
        for rest, open_end, slug in matcher.phrases.get(word, ()):
            if matcher._follows(words, k, rest, open_end):
                found.add(slug)
    return frozenset(found)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_PHRASING_WORDS), st.sampled_from([" ", ", ", ". ", "-", "_", "’", "'s ", "\xa0"])),
        max_size=10,
    ).map(lambda parts: "".join(w + sep for w, sep in parts))
)
def test_commitments_are_the_same_whether_the_words_were_met_before_or_not(text: str) -> None:
    matcher = paraphrase._Matcher(COMMITMENTS)
    first = matcher(text)  # every word new: looked up one by one
    assert matcher(text) == first == _walked(matcher, paraphrase._folded_words(text))
    assert paraphrase._folded_words(text) == paraphrase._WORD.findall(text.casefold())


def test_a_point_that_repeats_itself_cut_in_two_word_for_word_is_a_split_and_rejoined_a_merge() -> None:
    # One half adds no word the other lacks, so word weights alone cannot tell it is a part.
    text = (
        "Both sides shall grant a full amnesty for acts committed during the conflict, except for war crimes "
        "in Sumy. The parties shall grant a full amnesty for acts committed during the conflict, except for "
        "war crimes in Donetsk, in accordance with the Geneva Conventions."
    )
    words = text.split()
    others = [
        Provision(label="1", text="All foreign troops withdraw to the lines of the first day within ninety days."),
        Provision(label="3", text="A joint commission oversees the exchange of prisoners and civilian detainees."),
    ]
    old = Version(
        id="old",
        document="d",
        title="Old",
        status="draft",
        provisions=[others[0], Provision(label="2", text=text), others[1]],
    )
    halves = [Provision(label="2a", text=" ".join(words[:17])), Provision(label="2b", text=" ".join(words[17:]))]
    new = attrs.evolve(old, id="new", provisions=[others[0], *halves, others[1]])
    forward = {m.old: m for m in align(old, new, use_lineage=False)}
    assert (forward[("2",)].kind, forward[("2",)].new) == (MatchKind.SPLIT, ("2a", "2b"))
    backward = {m.new: m for m in align(new, old, use_lineage=False)}
    assert (backward[("2",)].kind, backward[("2",)].old) == (MatchKind.MERGED, ("2a", "2b"))
