"""The shortcuts a small residue takes give what the general path gives.

A level whose every pair is bounded (the changed points of one edge of a long lineage)
reads what the bounds gathered instead of computing it again: the wholes a split or merge
part may join, a pair's character ratio for its score, a text's sorted-words length from
its key, the tokens of a merge or split from its texts' tokens, the order of its equally
similar pairs. Each is checked against the path that computes everything.
"""

from __future__ import annotations

import itertools

import attrs
import pytest
from generator import make_document, revise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peaceplan import Provision, Version
from peaceplan.compare import align as aligner
from peaceplan.compare.align import AlignOptions, align, confidence, shared_bags
from peaceplan.compare.similarity import best_container, exact_key, sorted_words, token_bag

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def _revisions(draw: st.DrawFn) -> tuple[Version, Version]:
    """A generated draft and a revision of it, some revised points copied over others (equally similar twins)."""
    size = draw(st.integers(min_value=3, max_value=40))
    rate = draw(st.floats(min_value=0.05, max_value=0.8))
    seed = draw(st.integers(min_value=0, max_value=10_000))
    old = make_document(size, seed, version_id="a")
    new, _ = revise(old, rate, seed + 1, version_id="b")
    points = list(new.provisions)
    for source, target in draw(st.lists(st.tuples(st.integers(0, 99), st.integers(0, 99)), max_size=3)):
        if not points:
            break
        s, t = source % len(points), target % len(points)
        points[t] = attrs.evolve(points[t], text=points[s].text, children=points[s].children)
    return old, attrs.evolve(new, provisions=points)


def _everything_computed(patch: pytest.MonkeyPatch) -> None:
    """The general path: no bound stands in for a similarity (so nothing the bounds gathered is read)."""
    patch.setattr(aligner._Residue, "bounded", property(lambda self: False))


@PROPERTY
@given(
    _revisions(), st.sampled_from([AlignOptions(), AlignOptions(label_evidence=1), AlignOptions(part_containment=0.4)])
)
def test_a_bounded_residue_aligns_as_computing_every_similarity_does(
    pair: tuple[Version, Version], options: AlignOptions
) -> None:
    old, new = pair
    with shared_bags({}):
        bounded = align(old, new, options=options)
    with pytest.MonkeyPatch.context() as patch:
        _everything_computed(patch)
        computed = align(old, new, options=options)
    assert bounded == computed
    assert [(m.score, m.confidence) for m in bounded] == [(m.score, m.confidence) for m in computed]


@PROPERTY
@given(_revisions())
def test_a_score_read_off_the_pairings_character_ratio_is_the_score_computed_again(
    pair: tuple[Version, Version],
) -> None:
    old, new = pair
    kept = align(old, new)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aligner._Group, "chars", property(lambda self: None, lambda self, value: None))
        again = align(old, new)
    assert [(m.score, m.confidence) for m in kept] == [(m.score, m.confidence) for m in again]


@PROPERTY
@given(_revisions(), st.floats(min_value=0.0, max_value=1.0))
def test_the_wholes_a_part_may_join_hold_every_whole_that_holds_enough_of_it(
    pair: tuple[Version, Version], floor: float
) -> None:
    old, new = pair
    seen: list[aligner._Residue] = []
    run = aligner._Residue.run

    def keep(self: aligner._Residue) -> None:
        seen.append(self)
        run(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aligner._Residue, "run", keep)
        align(old, new, options=AlignOptions(part_containment=floor))
    for residue in seen:
        for split, parts, wholes, part_bags, whole_bags in (
            (True, residue.rn, residue.ro, residue.wn, residue.wo),
            (False, residue.ro, residue.rn, residue.wo, residue.wn),
        ):
            for k in parts:
                able = residue._wholes(k, split=split)
                if able is None:
                    continue
                for w in wholes:
                    if best_container(part_bags[k], {w: whole_bags[w]}, floor) is not None:
                        assert w in able


_TEXT = st.text(
    alphabet=st.sampled_from(["a", "B", "7", " ", ",", ".", "\n", "\t", "\xa0", "\x85", "\u2003", "é", "İ", "'"]),
    max_size=60,
)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_a_keys_sorted_words_are_as_long_as_the_key(text: str) -> None:
    key = exact_key(text)
    words = sorted_words(key)
    assert words is not None
    assert len(words) == len(key)


_WORDS = st.sampled_from(["Ukraine", "ukraine", "NATO", "the", "truce", "600", "000", "1,000", "5", "Kyiv's", "é", "x"])
_POINT_TEXT = st.lists(_WORDS, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_POINT_TEXT, st.lists(_POINT_TEXT, max_size=2)), min_size=1, max_size=4),
    st.booleans(),
    st.lists(st.booleans(), min_size=4, max_size=4),
)
def test_the_tokens_of_joined_points_are_the_tokens_of_their_joined_texts(
    points: list[tuple[str, list[str]]], shared: bool, cut: list[bool]
) -> None:
    provisions = [
        Provision(
            label=str(n + 1), text=text, children=[Provision(label=chr(97 + m), text=c) for m, c in enumerate(kids)]
        )
        for n, (text, kids) in enumerate(points)
    ]
    version = Version(id="a", document="d", title="A", status="draft", provisions=provisions)
    with shared_bags({}) if shared else _nothing():
        roots, _ = aligner._build(version)
        for node, tokens_made in zip(roots, cut, strict=False):
            if tokens_made:
                assert isinstance(node.bag, dict)  # (its tokens made, as the pairing pass makes them)
        joined = " ".join(n.full for n in roots)
        assert list(aligner._joined_tokens(roots).items()) == list(token_bag(joined).items())
        for node in roots:
            assert list(aligner._own_tokens(node).items()) == list(token_bag(node.own).items())


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _calibrated(score: float, *, same_label: bool, parts: int) -> float:
    """:func:`confidence` as the knots are walked one by one."""
    evidence = min(1.0, max(0.0, score + (aligner.SAME_LABEL_EVIDENCE if same_label else 0.0)))
    p = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(aligner._CALIBRATION):
        if evidence <= x1:
            p = y0 + (y1 - y0) * (evidence - x0) / (x1 - x0)
            break
    if parts > 2:
        p *= aligner.PART_DISCOUNT
    return round(p, 4)


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(st.floats(min_value=-0.5, max_value=1.5), st.sampled_from([x for x, _ in aligner._CALIBRATION])),
    st.booleans(),
    st.integers(min_value=2, max_value=4),
)
def test_a_confidence_is_read_on_the_segment_of_the_calibration_its_evidence_falls_on(
    score: float, same: bool, parts: int
) -> None:
    assert confidence(score, same_label=same, parts=parts) == _calibrated(score, same_label=same, parts=parts)


def test_of_two_equally_similar_partners_the_numbers_are_read_off_the_one_computing_every_pair_meets_first() -> None:
    # Old point 1 was revised and the revision printed twice, as point 1 and as point 6: the two are
    # equally similar to it, and which of them counts decides whether any pair kept its number.
    texts = [
        "The parties shall restore free commercial shipping on the Sea of Azov within thirty days.",
        "A demilitarised zone of fifteen kilometres is established along the line of contact.",
        "Prisoners of war are exchanged all for all under the supervision of the Red Cross.",
        "Ukraine shall hold presidential elections within one hundred days after signature.",
        "Frozen assets are invested in a reconstruction fund managed by the Peace Council.",
    ]
    revised = [
        t.replace(" within", " no later than").replace(" is ", " shall be ").replace(" are ", " shall be ")
        for t in texts
    ]

    def version(vid: str, items: list[tuple[str, str]]) -> Version:
        points = [Provision(label=label, text=text) for label, text in items]
        return Version(id=vid, document="d", title=vid, status="draft", provisions=points)

    old = version("a", [(str(n + 1), t) for n, t in enumerate(texts)])
    new = version(
        "b",
        [
            ("1", revised[0]),
            ("2", revised[4]),
            ("3", revised[1]),
            ("4", revised[2]),
            ("5", revised[3]),
            ("6", revised[0]),
        ],
    )
    options = AlignOptions(label_evidence=5)
    found: dict[str, list[float]] = {"bounded": [], "computed": []}
    stability = aligner._Residue.label_stability

    def record(path: str) -> object:
        def recorded(
            self: aligner._Residue, strong: list[tuple[int, int]], sims: dict[tuple[int, int], float]
        ) -> float:
            value = stability(self, strong, sims)
            found[path].append(value)
            return value

        return recorded

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(aligner._Residue, "label_stability", record("bounded"))
        bounded = align(old, new, options=options, use_lineage=False)
    with pytest.MonkeyPatch.context() as patch:
        _everything_computed(patch)
        patch.setattr(aligner._Residue, "label_stability", record("computed"))
        computed = align(old, new, options=options, use_lineage=False)
    assert found["bounded"] == found["computed"]
    assert bounded == computed


@settings(max_examples=200, deadline=None)
@given(_POINT_TEXT)
def test_the_commitments_a_bag_states_are_the_tokens_it_ends_with(text: str) -> None:
    bag = aligner._tokens(text)
    assert set(aligner._stated(bag)) == bag.keys() & aligner._STATED
