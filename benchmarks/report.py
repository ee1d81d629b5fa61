"""The benchmark's results as records, and the one table that shows them.

A :class:`Row` holds everything measured on one generated pair of versions
(N points, edit rate p): peaceplan's time and F1, each baseline's (or ``None``
when it was skipped at that size), the load floor and memory. A
:class:`Report` gathers the rows with the figures measured once per run
(scaling exponent, blame chain, load and validate).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import attrs

__all__ = ["BASELINES", "Method", "Pair", "Report", "Row", "format_report", "format_table"]

BASELINES = {
    "deepdiff": "DeepDiff(ignore_order=True)",
    "deepdiff-paired": "DeepDiff(ignore_order=True, label excluded)",
    "all-pairs": "rapidfuzz cdist + assignment",
    "difflib": "difflib.SequenceMatcher",
}
"""Baseline keys, in table order, with what each one runs."""


@attrs.frozen(kw_only=True)
class Method:
    """One method's figures on one pair of versions: median seconds over ``runs``, and F1."""

    seconds: float
    runs: int
    f1: float
    edited_f1: float


@attrs.frozen(kw_only=True)
class Row:
    """Everything measured on one generated revision of N points at edit rate ``rate``.

    ``floor`` is ``json.load`` plus ``Version.from_dict`` of the two version files;
    ``load`` is ``peaceplan.files.io.load_version`` of both (schema validation included).
    ``memory`` is the peak traced bytes of ``peaceplan.diff``, ``parsed`` the traced
    bytes of the two parsed versions.
    """

    n: int
    rate: float
    peaceplan: Method
    baselines: Mapping[str, Method | None]
    floor: float
    load: float
    memory: int | None = None
    parsed: int | None = None

    def ratio(self, baseline: str) -> float | None:
        """peaceplan's median time over the baseline's (below 1: peaceplan is faster)."""
        other = self.baselines.get(baseline)
        return None if other is None else self.peaceplan.seconds / other.seconds

    @property
    def floor_ratio(self) -> float:
        return self.peaceplan.seconds / self.floor

    @property
    def memory_ratio(self) -> float | None:
        return None if self.memory is None or not self.parsed else self.memory / self.parsed


@attrs.frozen(kw_only=True)
class Pair:
    """A measured time and the reference it is compared with (``seconds / reference``)."""

    seconds: float
    reference: float
    what: str

    @property
    def ratio(self) -> float:
        return self.seconds / self.reference


@attrs.frozen(kw_only=True)
class Report:
    """One run: its rows, scaling exponent over ``exponent_range``, and the one-off comparisons."""

    quick: bool
    machine: str
    rows: tuple[Row, ...]
    exponent: float | None = None
    exponent_range: tuple[int, int] | None = None
    scaling: tuple[tuple[int, float], ...] = ()  # (N, median seconds) the exponent is fitted on
    blame: Pair | None = None
    load_validate: Pair | None = None
    paste: Pair | None = None
    render_text: Pair | None = None  # the terminal report of one diff vs that diff
    render_html: Pair | None = None  # the HTML report of the same diff vs that diff
    notes: tuple[str, ...] = ()

    def row(self, n: int, rate: float) -> Row | None:
        """The row measured at N = ``n`` and edit rate ``rate``, if any."""
        for r in self.rows:
            if r.n == n and abs(r.rate - rate) < 1e-9:
                return r
        return None


def _ms(seconds: float) -> str:
    ms = seconds * 1000
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.3g}"


def _ratio(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if value >= 10 else f"{value:.2g}"


def format_table(rows: tuple[Row, ...]) -> str:
    """The side-by-side table: one line per (N, p); times in ms (medians), ratios peaceplan/baseline.

    >>> m = Method(seconds=0.01, runs=5, f1=1.0, edited_f1=0.98)
    >>> row = Row(n=28, rate=0.1, peaceplan=m, baselines={"difflib": m}, floor=0.005, load=0.006)
    >>> print(format_table((row,)).splitlines()[-1])  # doctest: +NORMALIZE_WHITESPACE
    28 10% 10 1.00 0.98 | — — — | — — — | — — — | 10 0.98 1 | 5 6 2 | — —
    """
    head = (
        f"{'':>6} {'':>3} {'peaceplan.diff':^16} | {'DeepDiff':^17} | {'DeepDiff paired':^17} | "
        f"{'all-pairs':^17} | {'difflib':^17} | {'load floor':^17} | {'memory':^10}"
    )
    sub = (
        f"{'N':>6} {'p':>3} {'ms':>6} {'F1':>4} {'F1ed':>4} | "
        + " | ".join(f"{'ms':>6} {'F1ed':>4} {'pp/':>5}" for _ in BASELINES)
        + f" | {'ms':>5} {'load':>5} {'pp/':>5} | {'MB':>4} {'×ver':>5}"
    )
    lines = [head, sub, "-" * len(sub)]
    for r in rows:
        ours = r.peaceplan
        cells = [f"{r.n:>6} {r.rate:>3.0%} {_ms(ours.seconds):>6} {ours.f1:>4.2f} {ours.edited_f1:>4.2f}"]
        for key in BASELINES:
            b = r.baselines.get(key)
            if b is None:
                cells.append(f"{'—':>6} {'—':>4} {'—':>5}")
            else:
                cells.append(f"{_ms(b.seconds):>6} {b.edited_f1:>4.2f} {_ratio(r.ratio(key)):>5}")
        cells.append(f"{_ms(r.floor):>5} {_ms(r.load):>5} {_ratio(r.floor_ratio):>5}")
        memory = "—" if r.memory is None else f"{r.memory / 2**20:.0f}"
        cells.append(f"{memory:>4} {_ratio(r.memory_ratio):>5}")
        lines.append(" | ".join(cells))
    return "\n".join(lines)


def format_report(report: Report) -> str:
    """The table with its legend, the scaling exponent and the one-off comparisons."""
    mode = "quick mode (small N)" if report.quick else "full run"
    out = [f"peaceplan benchmark, {mode}; machine: {report.machine}", "", format_table(report.rows), ""]
    legend = (
        "ms: median wall time (runs per median scale down with N; a method slower than 2 s is timed once). "
        "F1: alignment F1 against the generator's gold; F1ed: on the edited points alone. "
        "pp/: peaceplan's time over that method's (0.01 = 100x faster). load floor: json.load + "
        "Version.from_dict of the two files; 'load': peaceplan.files.io.load_version (validated). "
        "memory: peak traced MB of peaceplan.diff; ×ver: over the traced size of the two parsed versions. "
        "—: not run at that size (see notes)."
    )
    out.extend(textwrap.wrap(legend, width=120))
    if report.exponent is not None and report.exponent_range is not None:
        lo, hi = report.exponent_range
        times = ", ".join(f"{n:,}: {_ms(t)} ms" for n, t in report.scaling)
        out.append(
            f"scaling exponent of peaceplan.diff time in N ({lo:,}..{hi:,}, p=10%): {report.exponent:.2f}"
            + (f" (medians timed round robin across sizes: {times})" if times else "")
        )
    for pair in (report.blame, report.load_validate, report.paste, report.render_text, report.render_html):
        if pair is not None:
            out.append(f"{pair.what}: {_ms(pair.seconds)} ms vs {_ms(pair.reference)} ms, ratio {pair.ratio:.2f}")
    for note in report.notes:
        out.extend(textwrap.wrap(f"note: {note}", width=120, subsequent_indent="  "))
    return "\n".join(out)
