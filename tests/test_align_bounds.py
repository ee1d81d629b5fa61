"""The shortcuts inside the aligner change nothing it answers.

A level whose every pair is compared (``AlignOptions.all_pairs_limit``) first bounds each
pair's similarity and computes it only where the bound could matter: the bound must never be
below the similarity, and the alignment must be the one computing every similarity gives.
An alignment leaves no reference cycle behind (its working tree is freed as it returns).
"""

from __future__ import annotations

import gc

import pytest
from generator import make_document, revise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceplan import Provision, Version
from peaceplan.compare import align as aligner
from peaceplan.compare.align import AlignOptions, align
from peaceplan.compare.similarity import token_bag

PROPERTY = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

OPTIONS = [
    AlignOptions(),
    AlignOptions(token_weight=1.0),
    AlignOptions(token_weight=0.0),
    AlignOptions(containment_weight=0.0),
    AlignOptions(min_score=0.2, strong_score=0.3),
    AlignOptions(structure_bonus=-0.1, containment_min=0.5, containment_floor=0.9),
]

_OPTIONS = st.one_of(
    st.sampled_from(OPTIONS),
    st.builds(  # any set of the weights a bound is made for (see _Residue.bounded)
        AlignOptions,
        token_weight=st.floats(min_value=0.0, max_value=1.0),
        containment_weight=st.floats(min_value=0.0, max_value=1.5),
        containment_min=st.floats(min_value=0.0, max_value=1.0),
        containment_floor=st.floats(min_value=0.0, max_value=1.0),
        containment_tokens=st.integers(min_value=0, max_value=6),
        structure_bonus=st.floats(min_value=-0.3, max_value=0.3),
        min_score=st.floats(min_value=0.05, max_value=0.6),
        strong_score=st.floats(min_value=0.2, max_value=0.9),
        label_bonus=st.floats(min_value=0.0, max_value=0.3),
    ),
)


def _residues(monkeypatch: pytest.MonkeyPatch) -> list[aligner._Residue]:
    """Every residue the aligner runs while the block is active, kept for inspection."""
    seen: list[aligner._Residue] = []
    run = aligner._Residue.run

    def keep(self: aligner._Residue) -> None:
        seen.append(self)
        run(self)

    monkeypatch.setattr(aligner._Residue, "run", keep)
    return seen


@st.composite
def _revisions(draw: st.DrawFn) -> tuple[Version, Version]:
    """A generated draft and a revision of it (renumbering, splits, merges, moves, rewordings)."""
    size = draw(st.integers(min_value=3, max_value=45))
    rate = draw(st.floats(min_value=0.05, max_value=0.8))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    old = make_document(size, seed, version_id="a")
    new, _ = revise(old, rate, seed + 1, version_id="b")
    return old, new


@PROPERTY
@given(_revisions(), _OPTIONS)
def test_a_similarity_bound_is_never_below_the_similarity(pair: tuple[Version, Version], options: AlignOptions) -> None:
    old, new = pair
    with pytest.MonkeyPatch.context() as patch:
        residues = _residues(patch)
        align(old, new, options=options, use_lineage=False)
    for residue in residues:
        if not residue.bounded:
            continue
        for i in residue.ro:
            for j, bound in zip(residue.rn, residue.bounds(i), strict=True):
                assert bound >= residue.pair_similarity(i, j)


@PROPERTY
@given(_revisions(), _OPTIONS)
def test_bounding_similarities_gives_the_alignment_computing_every_one_gives(
    pair: tuple[Version, Version], options: AlignOptions
) -> None:
    old, new = pair
    bounded = align(old, new, options=options)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aligner._Residue, "bounded", property(lambda self: False))
        computed = align(old, new, options=options)
    assert bounded == computed
    assert [(m.score, m.confidence) for m in bounded] == [(m.score, m.confidence) for m in computed]


def test_an_alignment_leaves_no_reference_cycle() -> None:
    old = make_document(60, 3, version_id="a")
    new, _ = revise(old, 0.3, 4, version_id="b")
    align(old, new)  # (anything made once per process is made)
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        align(old, new)
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Capped at 600,000 troops.", {"600000"}),
        ("Capped at 600 000 troops.", {"600000"}),
        ("Capped at 600\u00a0000 or 1\u202f500\u2009000 troops.", {"600000", "1500000"}),
        ("Capped at 1,600,000 or 25,00 troops.", {"1600000", "25", "00"}),
        ("Capped at 600,0000 troops.", {"600", "0000"}),
        ("Zones 12, 345 and 6.", {"12", "345", "6"}),
        ("Points 3,2 and 4.", {"3", "2", "4"}),
    ],
)
def test_thousands_separators_join_a_number_only_before_three_digits(text: str, tokens: set[str]) -> None:
    assert {t for t in token_bag(text) if t[0].isdigit()} == tokens


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Ukraine", "ARMY", "the", "Is", "capped", "600", "000", "600,000", "truce", "İstanbul", "ß"]),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from([" ", "  ", "\n", ", ", ". ", "\xa0", "'s "]), min_size=8, max_size=8),
)
def test_a_pairs_score_reads_the_own_words_as_cutting_the_casefolded_text_would(
    words: list[str], spaces: list[str]
) -> None:
    text = "".join(w + s for w, s in zip(words, spaces, strict=False)).strip() or "x"
    version = Version(id="a", document="d", title="A", status="draft", provisions=[Provision(label="1", text=text)])
    _, (node,) = aligner._build(version)
    assert isinstance(node.bag, dict)  # (its tokens made, as the pairing pass makes them)
    assert list(aligner._own_tokens(node).items()) == list(token_bag(node.own).items())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(["a", "B", " ", "\n", "\t", ".", ":", ";", "é"]), max_size=100))
def test_a_heading_is_the_one_the_expression_finds_wherever_it_is_looked_for(text: str) -> None:
    version = Version(id="a", document="d", title="A", status="draft", provisions=[Provision(label="1", text=text)])
    _, (node,) = aligner._build(version)
    found = aligner._HEADING.match(text)
    expected = "" if found is None or len(found.group(1).split()) > 8 else aligner.exact_key(found.group(1))
    assert node.heading == expected
