"""A seeded generator of treaty-like documents and realistic revisions with a known alignment.

``make_document(n, seed)`` writes a version of ``n`` provisions (sub-points
included) in the register of a peace plan: "The parties shall ...", numbers,
named places and bodies, recurring legal vocabulary shared across points, some
near-duplicate boilerplate, some points with lettered sub-points.

``revise(version, rate, seed)`` edits about ``rate`` of the top-level points
the way drafters do (light rewording, heavy paraphrase with synonyms and
reordered clauses, a changed number or place, insertions, deletions, moves,
moves with rewording, splits with both halves reworded, merges of adjacent and
non-adjacent points, sub-point edits), renumbers everything, and returns the
new version with the :class:`Gold` alignment. ``f1``/``edited_f1`` score an
alignment against it. Benchmarks reuse this module, so it stays fast at 20,000
provisions.
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Iterable

import attrs

from peaceplan.compare.align import Match
from peaceplan.model.records import Provision, Version

__all__ = ["Gold", "edited_f1", "f1", "make_chain", "make_document", "pairs_of", "revise"]

Pair = tuple[str | None, str | None]

SUBJECTS = [
    "The parties",
    "Ukraine",
    "The Russian Federation",
    "The United States",
    "The European Union",
    "NATO",
    "Both sides",
    "The guarantor states",
    "The signatories",
    "The Joint Monitoring Commission",
    "The Peace Council",
    "The Government of Ukraine",
]
MODALS = ["shall", "will", "agree to", "undertake to", "commit to", "are expected to"]
PLACES = [
    "Donetsk",
    "Luhansk",
    "Zaporizhzhia",
    "Kherson",
    "Kharkiv",
    "Sumy",
    "Odesa",
    "Mykolaiv",
    "Crimea",
    "Dnipropetrovsk",
    "Chernihiv",
    "Poltava",
    "Belgorod",
    "Kursk",
    "Bryansk",
    "Kyiv",
    "Enerhodar",
    "Kramatorsk",
    "Sloviansk",
    "Pokrovsk",
]
REGIONS = ["the region of", "the occupied areas of", "the border districts of", "the city of", "the oblast of"]
WATERS = ["the Black Sea", "the Sea of Azov", "the Dnipro river", "the Danube delta", "the Kerch Strait"]
BODIES = [
    "the Joint Monitoring Commission",
    "the Peace Council",
    "the International Atomic Energy Agency",
    "the OSCE Special Monitoring Mission",
    "the United Nations Security Council",
    "a Humanitarian Committee",
    "the Coalition of the Willing",
    "an international arbitration panel",
]
TEXTS = [
    "the Charter of the United Nations",
    "this Agreement",
    "the Geneva Conventions",
    "the Treaty on the Non-Proliferation of Nuclear Weapons",
    "the Budapest Memorandum",
    "international humanitarian law",
]
ACTIONS = [
    "withdraw all armed forces from {place} within {n} days of signature",
    "establish a demilitarised buffer zone of {n} kilometres along the contact line in {place}",
    "exchange all prisoners of war and civilian detainees held since {year}",
    "lift economic sanctions in stages, reviewed every {n} months by {body}",
    "guarantee the security of {place} for a period of {n} years",
    "cap the peacetime strength of the armed forces at {big} personnel",
    "hold presidential and parliamentary elections within {n} days after the ceasefire",
    "allocate {n} billion dollars of frozen assets to the reconstruction of {place}",
    "restore free commercial shipping and grain exports on {water}",
    "protect the rights of linguistic and religious minorities in {place}",
    "monitor compliance with the ceasefire through {body}",
    "refrain from stationing foreign troops or military infrastructure in {place}",
    "return all deported children to their families in {place} within {n} days",
    "resume operation of the nuclear power plant at {place} under the supervision of {body}",
    "grant a full amnesty for acts committed during the conflict, except for war crimes in {place}",
    "submit any dispute about the line of contact in {place} to {body} for binding arbitration",
    "rebuild the energy grid and water supply of {place} with a fund of {n} million euros",
    "reopen the border crossings at {place} to civilian traffic no later than {year}",
    "clear landmines and unexploded ordnance from {n} square kilometres around {place}",
    "recognise the administrative boundary of {place} as the line of separation",
    "reduce the number of heavy weapons deployed near {place} to {n} units",
    "establish a joint working group on security that meets every {n} weeks in {place}",
    "extend the arms control treaties, including limits of {big} warheads, until {year}",
    "share the electricity produced at {place} equally between the two grids",
    "provide compensation of {n} million dollars to displaced residents of {place}",
]
CONDITIONS = [
    "provided that {subj} complies with {text}",
    "in accordance with {text}",
    "unless otherwise agreed by {body}",
    "subject to verification by {body}",
    "without prejudice to {text}",
    "no later than {n} days after the entry into force of {text}",
    "as set out in Annex {k}",
]
BOILERPLATE = [
    "The provisions of Article {k} shall apply mutatis mutandis to {place}.",
    "Annex {k} forms an integral part of this Agreement and has the same legal force as its articles.",
    "Nothing in Article {k} shall be interpreted as recognition of any change to the status of {place}.",
]
INTROS = [
    "{subj} {modal} take the following measures in {place}:",
    "The following arrangements apply to {place}:",
    "{subj} {modal} ensure that:",
]
SYNONYMS = {
    "shall": "will",
    "will": "shall",
    "agree": "undertake",
    "undertake": "agree",
    "commit": "pledge",
    "withdraw": "pull back",
    "all": "every one of the",
    "armed forces": "military units",
    "within": "no later than",
    "signature": "signing",
    "establish": "set up",
    "demilitarised": "demilitarized",
    "buffer zone": "neutral area",
    "kilometres": "km",
    "exchange": "swap",
    "prisoners of war": "captured soldiers",
    "detainees": "captives",
    "lift": "remove",
    "economic": "financial",
    "sanctions": "restrictive measures",
    "in stages": "gradually",
    "reviewed": "reassessed",
    "guarantee": "ensure",
    "security": "safety",
    "period": "term",
    "cap": "limit",
    "peacetime strength": "size in peacetime",
    "personnel": "troops",
    "hold": "organise",
    "elections": "votes",
    "allocate": "assign",
    "frozen assets": "immobilised funds",
    "reconstruction": "rebuilding",
    "restore": "reinstate",
    "shipping": "navigation",
    "protect": "safeguard",
    "rights": "freedoms",
    "minorities": "minority communities",
    "monitor": "oversee",
    "compliance with": "observance of",
    "refrain from": "not engage in",
    "stationing": "deploying",
    "troops": "soldiers",
    "infrastructure": "facilities",
    "return": "repatriate",
    "children": "minors",
    "families": "relatives",
    "resume": "restart",
    "operation": "functioning",
    "supervision": "oversight",
    "grant": "provide",
    "full": "complete",
    "acts": "actions",
    "conflict": "war",
    "dispute": "disagreement",
    "submit": "refer",
    "binding": "final",
    "rebuild": "repair",
    "fund": "facility",
    "reopen": "open again",
    "civilian": "non-military",
    "clear": "remove",
    "landmines": "mines",
    "recognise": "acknowledge",
    "reduce": "lower",
    "heavy weapons": "artillery systems",
    "deployed": "positioned",
    "joint": "common",
    "meets": "convenes",
    "extend": "prolong",
    "share": "divide",
    "equally": "in equal parts",
    "provide": "pay",
    "compensation": "redress",
    "displaced": "uprooted",
    "residents": "inhabitants",
    "provided that": "on condition that",
    "complies with": "respects",
    "in accordance with": "consistent with",
    "unless otherwise agreed by": "except where decided otherwise by",
    "subject to": "conditional on",
    "verification": "confirmation",
    "without prejudice to": "without affecting",
    "entry into force": "coming into effect",
    "set out": "described",
    "measures": "steps",
    "arrangements": "rules",
    "ensure": "make sure",
    "The parties": "The sides",
    "Both sides": "The two parties",
}
FILLERS = ["in good faith", "without delay", "fully", "as appropriate", "in full", "promptly"]
_SYN_KEYS = sorted(SYNONYMS, key=lambda k: -len(k.split()))
_SYN_PATTERN = re.compile(r"\b(" + "|".join(re.escape(k) for k in _SYN_KEYS) + r")\b")


@attrs.frozen(kw_only=True)
class Gold:
    """The true alignment of a revision.

    ``pairs`` holds ``(old_path, new_path)`` for every pairing (a split or merge
    gives one pair per part), ``(old_path, None)`` for a removal and
    ``(None, new_path)`` for an addition. ``edited_old``/``edited_new`` are the
    paths whose point was reworded, changed, moved, split, merged, added or removed.
    """

    pairs: frozenset[Pair]
    edited_old: frozenset[str]
    edited_new: frozenset[str]


@attrs.define
class _Item:
    text: str
    origin: tuple[str, ...]
    edited: bool = False
    children: list[_Item] = attrs.field(factory=list)


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def fill(self, template: str) -> str:
        r = self.rng
        place = f"{r.choice(REGIONS)} {r.choice(PLACES)}" if r.random() < 0.4 else r.choice(PLACES)
        return template.format(
            place=place,
            n=r.randint(2, 999),
            big=f"{r.randint(10, 990) * 1000:,}",
            year=r.randint(2014, 2035),
            body=r.choice(BODIES),
            water=r.choice(WATERS),
            text=r.choice(TEXTS),
            subj=r.choice(SUBJECTS),
            k=r.randint(1, 40),
            modal=r.choice(MODALS),
        )

    def sentence(self) -> str:
        r = self.rng
        words = f"{r.choice(SUBJECTS)} {r.choice(MODALS)} {self.fill(r.choice(ACTIONS))}"
        if r.random() < 0.6:
            words += ", " + self.fill(r.choice(CONDITIONS))
        return words + "."

    def clause(self) -> str:
        """A point of 20–60 words, occasionally boilerplate."""
        r = self.rng
        if r.random() < 0.04:
            return self.fill(r.choice(BOILERPLATE))
        parts = [self.sentence()]
        target = r.randint(20, 60)
        while len(" ".join(parts).split()) < target - 8 and len(parts) < 4:
            parts.append(self.sentence())
        return " ".join(parts)

    def item(self, budget: int) -> _Item:
        r = self.rng
        if budget >= 3 and r.random() < 0.12:
            k = min(r.randint(2, 4), budget - 1)
            intro = "" if r.random() < 0.25 else self.fill(r.choice(INTROS))
            kids = [_Item(text=self.sentence(), origin=()) for _ in range(k)]
            return _Item(text=intro, origin=(), children=kids)
        return _Item(text=self.clause(), origin=())


def make_document(n: int, seed: int, *, version_id: str = "old") -> Version:
    """A version of exactly ``n`` provisions (top-level points plus sub-points), deterministic in ``seed``.

    >>> v = make_document(50, seed=1)
    >>> sum(1 for _ in v.walk())
    50
    """
    writer = _Writer(random.Random(seed))
    items: list[_Item] = []
    count = 0
    while count < n:
        item = writer.item(n - count)
        items.append(item)
        count += 1 + len(item.children)
    return _version(items, version_id)


def make_chain(versions: int, points: int, seed: int) -> tuple[Version, ...]:
    """Drafts ``v0`` to ``v{versions - 1}`` of document ``doc``, each a :func:`revise` of the one before and its child.

    Renumbering, splits, merges, moves and rewordings at every step; deterministic in ``seed``.

    >>> [(v.id, v.parents) for v in make_chain(3, 20, seed=1)]
    [('v0', ()), ('v1', ('v0',)), ('v2', ('v1',))]
    """
    rng = random.Random(seed)
    chain = [attrs.evolve(make_document(points, seed, version_id="v0"), document="doc")]
    for k in range(1, versions):
        child, _ = revise(chain[-1], rng.uniform(0.05, 0.3), seed + k, version_id=f"v{k}")
        chain.append(attrs.evolve(child, document="doc", parents=(chain[-1].id,)))
    return tuple(chain)


def _version(items: list[_Item], version_id: str) -> Version:
    provisions = [
        Provision(
            label=str(i),
            text=item.text,
            children=[Provision(label=string.ascii_lowercase[k], text=c.text) for k, c in enumerate(item.children)],
        )
        for i, item in enumerate(items, 1)
    ]
    return Version(
        id=version_id, document="generated", title=f"Generated {version_id}", status="draft", provisions=provisions
    )


def _items(version: Version) -> list[_Item]:
    return [
        _Item(
            text=p.text,
            origin=(p.label,),
            children=[_Item(text=c.text, origin=(f"{p.label}.{c.label}",)) for c in p.children],
        )
        for p in version.provisions
    ]


def reword(text: str, fraction: float, rng: random.Random) -> str:
    """Change about ``fraction`` of the words of ``text``: synonyms, fillers, and (when heavy) reordered clauses.

    >>> reword("The parties shall withdraw all armed forces.", 0.3, random.Random(0)) != "The parties ..."
    True
    """
    words = len(text.split())
    budget = max(1, round(words * fraction))
    sentences = re.split(r"(?<=\.) ", text)
    if fraction >= 0.3:
        sentences = [_front_condition(s) for s in sentences]
        if len(sentences) > 1 and rng.random() < 0.5:
            rng.shuffle(sentences)
    text = " ".join(sentences)
    spots = list(_SYN_PATTERN.finditer(text))
    rng.shuffle(spots)
    chosen = sorted(spots[:budget], key=lambda m: m.start())
    out, last, changed = [], 0, 0
    for m in chosen:
        out.append(text[last : m.start()])
        out.append(SYNONYMS[m.group()])
        last = m.end()
        changed += len(m.group().split())
    out.append(text[last:])
    words_list = "".join(out).split(" ")
    while changed < budget and len(words_list) > 4:
        k = rng.randrange(1, len(words_list) - 1)
        if rng.random() < 0.6:
            words_list.insert(k, rng.choice(FILLERS))
        else:
            del words_list[k]
        changed += 1
    return " ".join(words_list)


def _front_condition(sentence: str) -> str:
    """'Subject shall act, provided that X.' → 'Provided that X, subject shall act.'"""
    head, sep, tail = sentence.rstrip(".").partition(", ")
    if not sep or not tail:
        return sentence
    return f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."


def _change_fact(text: str, rng: random.Random, writer: _Writer) -> str:
    numbers = list(re.finditer(r"\d[\d,]*", text))
    if numbers and rng.random() < 0.6:
        m = rng.choice(numbers)
        return f"{text[: m.start()]}{rng.randint(2, 999)}{text[m.end() :]}"
    places = [m for p in PLACES for m in re.finditer(rf"\b{p}\b", text)]
    if places:
        m = rng.choice(places)
        return f"{text[: m.start()]}{rng.choice(PLACES)}{text[m.end() :]}"
    return text.rstrip(".") + ", " + writer.fill(rng.choice(CONDITIONS)) + "."


OPERATIONS = {
    "reword": 0.22,
    "paraphrase": 0.10,
    "fact": 0.14,
    "delete": 0.11,
    "insert": 0.11,
    "move": 0.08,
    "move-reword": 0.06,
    "split": 0.08,
    "merge": 0.06,
    "children": 0.04,
}


def revise(version: Version, rate: float, seed: int, *, version_id: str = "new") -> tuple[Version, Gold]:
    """Edit about ``rate`` of the top-level points of ``version``; return the new version and the gold alignment.

    >>> old = make_document(40, seed=3)
    >>> new, gold = revise(old, 0.3, seed=4)
    >>> {p for p, _ in gold.pairs if p} == {path for path, _ in old.walk()}
    True
    """
    rng = random.Random(seed)
    writer = _Writer(rng)
    items = _items(version)
    ops, weights = list(OPERATIONS), list(OPERATIONS.values())
    out: list[_Item] = []
    moves: list[_Item] = []
    skip: set[int] = set()
    for idx, item in enumerate(items):
        if idx in skip:
            continue
        if rng.random() >= rate:
            out.append(item)
            continue
        op = rng.choices(ops, weights)[0]
        if op in ("split", "merge") and not item.text:
            op = "children"
        if op == "reword" and item.text:
            item.text, item.edited = reword(item.text, rng.uniform(0.1, 0.3), rng), True
        elif op == "paraphrase" and item.text:
            item.text, item.edited = reword(item.text, 0.4, rng), True
        elif op == "fact" and item.text:
            item.text, item.edited = _change_fact(item.text, rng, writer), True
        elif op == "delete":
            continue
        elif op == "insert":
            out.append(item)
            item = writer.item(5)
            item.edited = True
        elif op in ("move", "move-reword"):
            item.edited = True
            if op == "move-reword" and item.text:
                item.text = reword(item.text, rng.uniform(0.15, 0.3), rng)
            moves.append(item)
            continue
        elif op == "split":
            halves = _split(item, rng)
            if halves:
                out.extend(halves)
                continue
            item.text, item.edited = reword(item.text, 0.2, rng), True
        elif op == "merge":
            other = _merge_partner(items, idx, skip, rng)
            if other is not None:
                skip.add(other)
                partner = items[other]
                item = _Item(
                    text=f"{reword(item.text, 0.1, rng)} {reword(partner.text, 0.1, rng)}",
                    origin=item.origin + partner.origin,
                    edited=True,
                    children=item.children + partner.children,
                )
        else:
            _edit_children(item, rng, writer)
        out.append(item)
    for item in moves:
        out.insert(rng.randint(0, len(out)), item)
    return _version(out, version_id), _gold(version, out)


def _split(item: _Item, rng: random.Random) -> list[_Item] | None:
    sentences = re.split(r"(?<=\.) ", item.text)
    if len(sentences) < 2 or not item.origin:
        return None
    cut = rng.randint(1, len(sentences) - 1)
    first, second = " ".join(sentences[:cut]), " ".join(sentences[cut:])
    return [
        _Item(text=reword(first, 0.15, rng), origin=item.origin, edited=True, children=item.children),
        _Item(text=reword(second, 0.15, rng), origin=item.origin, edited=True),
    ]


def _merge_partner(items: list[_Item], idx: int, skip: set[int], rng: random.Random) -> int | None:
    """A later point to merge into ``items[idx]``: the next one, or (half the time) one a few points on."""
    reach = 1 if rng.random() < 0.5 else rng.randint(2, 6)
    k = idx + reach
    if k >= len(items) or k in skip or not items[k].text or not items[idx].text or len(items[k].origin) != 1:
        return None
    return k


def _edit_children(item: _Item, rng: random.Random, writer: _Writer) -> None:
    if not item.children:
        item.children.append(_Item(text=writer.sentence(), origin=(), edited=True))
        return
    k = rng.randrange(len(item.children))
    choice = rng.random()
    if choice < 0.4:
        child = item.children[k]
        child.text, child.edited = reword(child.text, 0.25, rng), True
    elif choice < 0.7 and len(item.children) > 1:
        del item.children[k]
    else:
        item.children.insert(k, _Item(text=writer.sentence(), origin=(), edited=True))


def _gold(old: Version, items: list[_Item]) -> Gold:
    pairs: set[Pair] = set()
    edited_old: set[str] = set()
    edited_new: set[str] = set()
    seen: set[str] = set()

    def visit(item: _Item, path: str) -> None:
        if item.edited or not item.origin:
            edited_new.add(path)
            edited_old.update(item.origin)
        for o in item.origin:
            pairs.add((o, path))
            seen.add(o)
        if not item.origin:
            pairs.add((None, path))

    for i, item in enumerate(items, 1):
        visit(item, str(i))
        for k, child in enumerate(item.children):
            visit(child, f"{i}.{string.ascii_lowercase[k]}")
    for path, _ in old.walk():
        if path not in seen:
            pairs.add((path, None))
            edited_old.add(path)
    return Gold(pairs=frozenset(pairs), edited_old=frozenset(edited_old), edited_new=frozenset(edited_new))


def pairs_of(matches: Iterable[Match]) -> set[Pair]:
    """The ``(old, new)`` pairs an alignment asserts, in the form of :attr:`Gold.pairs`."""
    out: set[Pair] = set()
    for m in matches:
        if not m.new:
            out.update((o, None) for o in m.old)
        elif not m.old:
            out.update((None, n) for n in m.new)
        else:
            out.update((o, n) for o in m.old for n in m.new)
    return out


def _f1(pred: set[Pair], gold: set[Pair]) -> float:
    if not pred and not gold:
        return 1.0
    hit = len(pred & gold)
    return 2 * hit / (len(pred) + len(gold))


def f1(matches: Iterable[Match], gold: Gold) -> float:
    """F1 of the asserted pairs (additions and removals included) against the gold pairs."""
    return _f1(pairs_of(matches), set(gold.pairs))


def edited_f1(matches: Iterable[Match], gold: Gold) -> float:
    """F1 restricted to pairs that involve an edited old or new point."""

    def edited(pair: Pair) -> bool:
        return pair[0] in gold.edited_old or pair[1] in gold.edited_new

    return _f1({p for p in pairs_of(matches) if edited(p)}, {p for p in gold.pairs if edited(p)})
