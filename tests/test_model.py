"""The data model's invariants: validation messages, dates, references, paths, digests."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import fuzzy_dates, identifiers, labels, versions

from peaceplan import (
    Actor,
    Attribution,
    FuzzyDate,
    Position,
    Provision,
    ProvisionRef,
    Source,
    UnknownProvisionError,
    ValidationError,
    Version,
)
from peaceplan.model.records import canonical_json

# --- construction messages ---------------------------------------------------------

MESSAGES: dict[str, tuple[Callable[[], object], str]] = {
    "an id with a space": (
        lambda: Actor(id="bad id", name="X", kind="state"),
        "Actor.id: expected an id of letters, digits, '.', '_' or '-' (such as '28-point'), got 'bad id'",
    ),
    "a blank name": (
        lambda: Actor(id="us", name="  ", kind="state"),
        "Actor.name: expected a non-empty string, got '  '",
    ),
    "an unknown actor kind": (
        lambda: Actor(id="us", name="US", kind="country"),
        "ActorKind: expected one of 'state', 'organisation', 'coalition', 'person', got 'country'",
    ),
    "a label with a leading space": (
        lambda: Provision(label=" 4", text="x"),
        "Provision.label: expected a printed label without surrounding spaces (such as '7' or '12.b'), got ' 4'",
    ),
    "a topic that is not a slug": (
        lambda: Provision(label="4", text="x", topics=["Army Size"]),
        "Provision.topics[0]: expected a lower-case topic slug such as 'army-size', got 'Army Size'",
    ),
    "two sub-points with one label": (
        lambda: Provision(
            label="4", text="x", children=[Provision(label="a", text="1"), Provision(label="a", text="2")]
        ),
        "at /children/1/label: label 'a' is used twice among these points (first at /children/0); "
        "give every point its own label",
    ),
    "an unknown status": (
        lambda: Version(id="v", document="d", title="T", status="final"),
        "Status: expected one of 'draft', 'leaked', 'proposed', 'agreed', 'signed', 'rejected', 'superseded', "
        "got 'final'",
    ),
    "two points with one label": (
        lambda: Version(
            id="v",
            document="d",
            title="T",
            status="draft",
            provisions=[Provision(label="1", text="a"), Provision(label="1", text="b")],
        ),
        "at /provisions/1/label: label '1' is used twice among these points (first at /provisions/0); "
        "give every point its own label",
    ),
    "a credit citing an unlisted source": (
        lambda: Version(
            id="v", document="d", title="T", status="draft", attributions=[Attribution(actor="us", sources=["cnn"])]
        ),
        "at /attributions/0/sources/0: source 'cnn' is not listed under 'sources' of this version (known: none)",
    ),
    "a point citing an unlisted source": (
        lambda: Version(
            id="v",
            document="d",
            title="T",
            status="draft",
            provisions=[Provision(label="1", text="a", children=[Provision(label="a", text="b", sources=["cnn"])])],
        ),
        "at /provisions/0/children/0/sources/0: source 'cnn' is not listed under 'sources' of this version "
        "(known: none)",
    ),
    "a version that is its own parent": (
        lambda: Version(id="v", document="d", title="T", status="draft", parents=["v"]),
        "at /parents: a version cannot be its own parent",
    ),
    "a date that is a word": (
        lambda: Source(id="s", publisher="P", title="T", reliability="reported", date="soon"),
        "expected a date such as 2025-11-20, 2025-11, 2025, 'late 2025-10' or '20 November 2025', got 'soon'",
    ),
    "a reference without '#'": (
        lambda: ProvisionRef.parse("28-point"),
        "expected a provision reference such as '28-point#10', got '28-point'",
    ),
}


@pytest.mark.parametrize("case", list(MESSAGES))
def test_construction_errors_say_what_was_expected_and_got(case: str) -> None:
    build, message = MESSAGES[case]
    with pytest.raises(ValidationError) as caught:
        build()
    assert str(caught.value) == message


def test_evolve_validates_again() -> None:
    actor = Actor(id="us", name="United States", kind="state")
    with pytest.raises(ValidationError, match=r"^Actor\.id: "):
        attrs.evolve(actor, id="u s")


# --- fuzzy dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-11-20", FuzzyDate(2025, 11, 20)),
        ("2025-11", FuzzyDate(2025, 11)),
        ("2025", FuzzyDate(2025)),
        ("late 2025-10", FuzzyDate(2025, 10, None, "late")),
        ("20 November 2025", FuzzyDate(2025, 11, 20)),
        ("20 Nov 2025", FuzzyDate(2025, 11, 20)),
        ("Late October 2025", FuzzyDate(2025, 10, None, "late")),
        ("  2025-01-02 ", FuzzyDate(2025, 1, 2)),
    ],
)
def test_fuzzy_dates_parse_the_forms_sources_use(text: str, expected: FuzzyDate) -> None:
    assert FuzzyDate.parse(text) == expected


@pytest.mark.parametrize("text", ["2025-13-01", "2025-02-30", "soon", "Smarch 2025", "25-11-20", ""])
def test_fuzzy_dates_refuse_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each form fails with its own message
        FuzzyDate.parse(text)


@given(fuzzy_dates())
def test_fuzzy_date_text_round_trips(date: FuzzyDate) -> None:
    assert FuzzyDate.parse(str(date)) == date


@given(st.dates(), st.dates())
def test_day_precise_fuzzy_dates_order_like_calendar_dates(a: dt.date, b: dt.date) -> None:
    fa, fb = FuzzyDate.parse(a), FuzzyDate.parse(b)
    assert (fa < fb) == (a < b)
    assert (fa <= fb) == (a <= b)


@given(fuzzy_dates())
def test_a_bare_month_sorts_before_its_days_and_a_bare_year_before_its_months(date: FuzzyDate) -> None:
    date = attrs.evolve(date, qualifier=None)
    year = FuzzyDate(date.year)
    assert year <= date
    if date.month is not None:
        assert FuzzyDate(date.year, date.month) <= date


def test_qualifiers_order_early_mid_late_within_a_month() -> None:
    early, mid, late = (FuzzyDate(2025, 10, None, q) for q in ("early", "mid", "late"))
    assert early < mid < late


# --- provision references and paths ------------------------------------------------


@given(identifiers, labels)
def test_provision_refs_round_trip_through_text(version: str, label: str) -> None:
    ref = ProvisionRef(version, label)
    assert ProvisionRef.parse(str(ref)) == ref


def _nested() -> Version:
    return Version(
        id="v",
        document="d",
        title="T",
        status="draft",
        provisions=[
            Provision(label="1", text="one"),
            Provision(
                label="21",
                text="",
                children=[
                    Provision(label="c", text="c"),
                    Provision(label="d", text="d", children=[Provision(label="i", text="i")]),
                ],
            ),
        ],
    )


def test_provision_paths_reach_sub_points() -> None:
    version = _nested()
    assert version.provision("21.d").text == "d"
    assert version.provision("21.d.i").text == "i"
    assert [path for path, _ in version.walk()] == ["1", "21", "21.c", "21.d", "21.d.i"]


def test_an_unknown_path_names_the_points_there_are() -> None:
    with pytest.raises(UnknownProvisionError) as caught:
        _nested().provision("21.e")
    assert str(caught.value) == "version 'v' has no provision '21.e'; its points are 1, 21"


@given(versions())
def test_every_walked_path_finds_a_provision(version: Version) -> None:
    paths = [path for path, _ in version.walk()]
    for path, provision in version.walk():
        if paths.count(path) == 1:  # labels may hold dots, so two points can share a path
            assert version.provision(path) == provision


# --- digests ---------------------------------------------------------------------


@given(versions())
def test_the_digest_is_the_sha256_of_the_canonical_json(version: Version) -> None:
    expected = hashlib.sha256(canonical_json(version.to_dict()).encode("utf-8")).hexdigest()
    assert version.digest == expected


@given(versions())
def test_equal_versions_have_equal_digests(version: Version) -> None:
    again = Version.from_dict(version.to_dict())
    assert again == version
    assert again.digest == version.digest


def _first_provision(version: Version, **changes: Any) -> Version:
    first, *rest = version.provisions
    return attrs.evolve(version, provisions=[attrs.evolve(first, **changes), *rest])


MUTATIONS: dict[str, Callable[[Version], Version]] = {
    "id": lambda v: attrs.evolve(v, id=v.id + "x"),
    "document": lambda v: attrs.evolve(v, document=v.document + "x"),
    "title": lambda v: attrs.evolve(v, title=v.title + "!"),
    "status": lambda v: attrs.evolve(v, status="signed" if v.status != "signed" else "draft"),
    "date": lambda v: attrs.evolve(v, date=FuzzyDate(1899) if v.date != FuzzyDate(1899) else FuzzyDate(1898)),
    "reported": lambda v: attrs.evolve(v, reported=None if v.reported else FuzzyDate(2025, 1)),
    "fidelity": lambda v: attrs.evolve(v, fidelity="partial" if v.fidelity != "partial" else "verbatim"),
    "language": lambda v: attrs.evolve(v, language=v.language + "-x"),
    "notes": lambda v: attrs.evolve(v, notes=(v.notes or "") + "note"),
    "attributions": lambda v: attrs.evolve(v, attributions=[*v.attributions, Attribution(actor="zz")]),
    "sources": lambda v: attrs.evolve(
        v, sources=[*v.sources, Source(id="zz-new", publisher="P", title="T", reliability="analysis")]
    ),
    "provision text": lambda v: _first_provision(v, text=v.provisions[0].text + "!"),
    "provision label": lambda v: _first_provision(v, label="zz-" + v.provisions[0].label),
    "provision topics": lambda v: _first_provision(v, topics=[*v.provisions[0].topics, "new-topic"]),
    "provision positions": lambda v: _first_provision(
        v, positions=[*v.provisions[0].positions, Position(actor="zz", stance="reserves")]
    ),
    "provision order": lambda v: attrs.evolve(v, provisions=list(reversed(v.provisions))),
    "sub-point text": lambda v: _first_provision(
        v, children=[Provision(label="zz", text="new sub-point"), *v.provisions[0].children]
    ),
}


@pytest.mark.parametrize("field", list(MUTATIONS))
@settings(max_examples=25)
@given(version=versions(min_provisions=2))
def test_the_digest_changes_when_any_field_changes(field: str, version: Version) -> None:
    try:
        changed = MUTATIONS[field](version)
    except ValidationError:  # the new label or id happened to exist already
        assume(False)
        raise
    assert changed != version
    assert changed.digest != version.digest


def _same_types(a: object, b: object, where: str = "version") -> None:
    """``a`` and ``b`` alike down to the type of every field (equality alone lets "proposer" pass for Role.PROPOSER)."""
    assert type(a) is type(b), where
    if attrs.has(type(a)):
        for field in attrs.fields(type(a)):
            if field.init:
                _same_types(getattr(a, field.name), getattr(b, field.name), f"{where}.{field.name}")
    elif isinstance(a, tuple):
        assert len(a) == len(b), where  # type: ignore[arg-type]
        for i, (x, y) in enumerate(zip(a, b, strict=True)):  # type: ignore[call-overload]
            _same_types(x, y, f"{where}[{i}]")
    else:
        assert a == b, where


@given(versions())
def test_building_schema_checked_data_gives_what_from_dict_gives(version: Version) -> None:
    from peaceplan.files.schemata import accepts
    from peaceplan.model.records import version_from_checked

    data = version.to_dict() | {"digest": version.digest}
    assume(accepts("version", data))  # the loader builds this way only what the compiled check accepted
    built = version_from_checked(data)
    assert built == Version.from_dict(data) == version
    _same_types(built, version)
    assert built.digest == version.digest
    assert list(built.walk()) == [(path, p) for top in version.provisions for path, p in top.walk()]


def test_building_schema_checked_data_still_refuses_what_the_schema_cannot_see() -> None:
    from peaceplan.model.records import version_from_checked

    header = {"id": "v", "document": "d", "title": "T", "status": "draft"}
    point = {"label": "1", "text": "A ceasefire."}
    with pytest.raises(ValidationError, match="used twice"):
        version_from_checked(header | {"provisions": [point, point]})
    nested = {"label": "1", "text": "", "children": [point, point]}
    with pytest.raises(ValidationError, match="used twice"):
        version_from_checked(header | {"provisions": [nested]})
    with pytest.raises(ValidationError, match="out of range"):
        version_from_checked(header | {"date": "2025-02-30", "provisions": []})
    cites = {"label": "1", "text": "A ceasefire.", "sources": ["nowhere"]}
    with pytest.raises(ValidationError, match="not listed under 'sources'"):
        version_from_checked(header | {"provisions": [cites]})


def test_walking_a_version_leaves_no_reference_cycle() -> None:
    points = [Provision(label="1", text="Parent.", children=[Provision(label="a", text="Child.")])]
    Version(id="v", document="doc", title="V", status="draft", provisions=points).walk()
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        walked = list(Version(id="w", document="doc", title="W", status="draft", provisions=points).walk())
        assert [path for path, _ in walked] == ["1", "1.a"]
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


_JSON_DATA = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()  # every magnitude, NaN and infinities: those the standard library writes its own way
    | st.text(),  # lone surrogates included
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=15,
)


@given(_JSON_DATA)
def test_indented_json_is_the_standard_librarys_indented_text(data: Any) -> None:
    import json

    from peaceplan.model.fields import indented_json

    assert indented_json(data) == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_saved_traced_diff_is_the_standard_librarys_indented_json() -> None:
    import json

    import peaceplan

    diff = peaceplan.load_corpus().diff("28-point", "20-point")
    text = diff.to_json()
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2)
    assert peaceplan.Diff.from_json(text) == diff
