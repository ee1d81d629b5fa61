"""The performance targets of issue 6, checked against one run's ratios.

Every target is a ratio measured in the same run on the same data, so a noisy
machine slows both sides alike. The full run checks them at N = 5,000 and
20,000; quick mode (small N, for CI) checks only what small sizes can show:
the ratios to difflib and to the load floor, the F1 on edited points, and the
scaling exponent over a small range with a lenient bound. Every other target
is listed as skipped, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs

from .report import Report, Row

__all__ = [
    "QUICK_DIFFLIB",
    "QUICK_EXPONENT",
    "RENDER_RATIO",
    "TARGET_EXPONENT",
    "Check",
    "evaluate",
    "failed",
    "format_checks",
    "process_checks",
]

REFERENCE = (5000, 0.1)
"""The size and edit rate at which the full run checks the ratios."""

TARGET_EXPONENT = 1.15
QUICK_EXPONENT = 1.35
"""Lenient bound for quick mode's small range, where fixed costs bend the fit either way."""

MIN_EDITED_F1 = 0.97

PASTE_LINEARITY = 1.5
"""Reading a paste 4x as long may take at most this many times 4x as long (quadratic work gives about 4)."""

RENDER_RATIO = 1.0
"""A report (terminal or HTML) of a diff may cost at most this many times the diff itself (issue 16)."""

QUICK_DIFFLIB = 50.0
"""Quick mode's regression bound on peaceplan/difflib time (the issue's target, 3, is far off)."""


@attrs.frozen(kw_only=True)
class Check:
    """One target: what it asks, what was measured, and whether it held (``None``: skipped)."""

    name: str
    target: str
    measured: str = ""
    passed: bool | None = None
    reason: str = ""

    def line(self) -> str:
        status = {True: "ok  ", False: "FAIL", None: "skip"}[self.passed]
        detail = self.measured if self.passed is not None else self.reason
        return f"[{status}] {self.name}: target {self.target}; {detail}"


def _ratio_check(name: str, row: Row | None, value: Callable[[Row], float | None], limit: float, target: str) -> Check:
    if row is None:
        return Check(name=name, target=target, reason="not measured in this run")
    got = value(row)
    if got is None:
        return Check(name=name, target=target, reason=f"baseline skipped at N={row.n:,}")
    return Check(name=name, target=target, measured=f"measured {got:.3g} at N={row.n:,}", passed=got <= limit)


def _ratio_checks(row: Row | None, *, quick: bool) -> list[Check]:
    checks = []
    if not quick:
        checks += [
            _ratio_check(
                "vs DeepDiff paired", row, lambda r: r.ratio("deepdiff-paired"), 0.01, "pp/DeepDiff paired <= 0.01"
            ),
            _ratio_check("vs DeepDiff plain", row, lambda r: r.ratio("deepdiff"), 1.0, "pp/DeepDiff < 1"),
            _ratio_check("vs all-pairs", row, lambda r: r.ratio("all-pairs"), 0.02, "pp/all-pairs <= 0.02"),
        ]
    if quick:
        # The 3x-difflib target is not met yet (see benchmarks/README.md); in CI
        # this bound guards against regressions from today's ratio (about 35-45x).
        checks.append(
            _ratio_check(
                "vs difflib (regression guard)",
                row,
                lambda r: r.ratio("difflib"),
                QUICK_DIFFLIB,
                f"pp/difflib <= {QUICK_DIFFLIB:g} (the full run checks the issue's 3x)",
            )
        )
    else:
        checks.append(_ratio_check("vs difflib", row, lambda r: r.ratio("difflib"), 3.0, "pp/difflib <= 3"))
    checks.append(_ratio_check("vs load floor", row, lambda r: r.floor_ratio, 10.0, "pp/floor <= 10"))
    if row is None:
        checks.append(Check(name="edited-point F1", target=f">= {MIN_EDITED_F1}", reason="not measured in this run"))
    else:
        f1 = row.peaceplan.edited_f1
        checks.append(
            Check(
                name="edited-point F1",
                target=f">= {MIN_EDITED_F1}",
                measured=f"measured {f1:.3f} at N={row.n:,}",
                passed=f1 >= MIN_EDITED_F1,
            )
        )
    return checks


def _quick_reference(report: Report) -> Row | None:
    rows = [r for r in report.rows if abs(r.rate - 0.1) < 1e-9 and 1000 <= r.n <= 2000]
    return max(rows, key=lambda r: r.n) if rows else None


def evaluate(report: Report) -> tuple[Check, ...]:
    """Every target of the issue, checked or skipped with a reason, for this report's mode."""
    quick = report.quick
    row = _quick_reference(report) if quick else report.row(*REFERENCE)
    checks = _ratio_checks(row, quick=quick)
    bound = QUICK_EXPONENT if quick else TARGET_EXPONENT
    span = report.exponent_range
    exp_name = "scaling exponent" + (" (small range, lenient)" if quick else "")
    if report.exponent is None or span is None:
        checks.append(Check(name=exp_name, target=f"<= {bound}", reason="fewer than two sizes at p=10%"))
    else:
        checks.append(
            Check(
                name=exp_name,
                target=f"<= {bound}",
                measured=f"measured {report.exponent:.2f} over N={span[0]:,}..{span[1]:,}",
                passed=report.exponent <= bound,
            )
        )
    if quick:
        for name in ("vs DeepDiff paired", "vs DeepDiff plain", "vs all-pairs"):
            checks.append(Check(name=name, target="at N=5,000", reason="full run only (N=5,000)"))
        checks += [
            Check(name="N=20,000 completes", target="completes", reason="full run only"),
            Check(name="memory at N=20,000", target="< 10x parsed versions", reason="full run only"),
            Check(name="blame chain", target="<= 10x one diff", reason="full run only (100 x 1,000 points)"),
            Check(name="load+validate 20k", target="<= 3x json.load + validation", reason="full run only"),
        ]
        checks.append(_paste_check(report, PASTE_LINEARITY))
        checks += _render_checks(report)
        return tuple(checks)
    big = report.row(20000, 0.1)
    checks.append(
        Check(
            name="N=20,000 completes",
            target="completes",
            measured="completed" if big else "",
            passed=True if big else None,
            reason="" if big else "N=20,000 not in this run",
        )
    )
    checks.append(_ratio_check("memory at N=20,000", big, lambda r: r.memory_ratio, 10.0, "peak < 10x parsed versions"))
    for name, pair, limit, target in (
        ("blame chain", report.blame, 10.0, "blame <= 10x one diff"),
        ("load+validate 20k", report.load_validate, 3.0, "<= 3x json.load + one validation"),
    ):
        if pair is None:
            checks.append(Check(name=name, target=target, reason="not measured in this run"))
        else:
            checks.append(
                Check(name=name, target=target, measured=f"measured {pair.ratio:.2f}", passed=pair.ratio <= limit)
            )
    checks.append(_paste_check(report, PASTE_LINEARITY))
    checks += _render_checks(report)
    return tuple(checks)


def _render_checks(report: Report) -> list[Check]:
    """The terminal and the HTML report of a diff each cost less than the diff (20,000 points in the full run)."""
    out = []
    for name, pair in (("terminal report", report.render_text), ("HTML report", report.render_html)):
        target = f"<= {RENDER_RATIO:g}x the diff it shows"
        if pair is None:
            out.append(Check(name=name, target=target, reason="not measured in this run"))
        else:
            measured = f"measured {pair.ratio:.2f} ({pair.seconds * 1000:,.0f} ms vs {pair.reference * 1000:,.0f} ms)"
            out.append(Check(name=name, target=target, measured=measured, passed=pair.ratio <= RENDER_RATIO))
    return out


def _paste_check(report: Report, limit: float) -> Check:
    """Reading a pasted plan four times as long takes at most ``limit`` times four short ones."""
    name, target = "import a paste (linear)", f"<= {limit:g}x four pastes of a quarter the size"
    if report.paste is None:
        return Check(name=name, target=target, reason="not measured in this run")
    return Check(
        name=name, target=target, measured=f"measured {report.paste.ratio:.2f}", passed=report.paste.ratio <= limit
    )


def failed(checks: Sequence[Check]) -> tuple[Check, ...]:
    """The checks that ran and did not hold."""
    return tuple(c for c in checks if c.passed is False)


def format_checks(checks: Sequence[Check]) -> str:
    """One line per check, then a verdict line."""
    lines = [c.line() for c in checks]
    bad = failed(checks)
    skipped = sum(c.passed is None for c in checks)
    verdict = (
        f"{len(bad)} of {len(checks) - skipped} checked targets FAILED: {', '.join(c.name for c in bad)}"
        if bad
        else f"all {len(checks) - skipped} checked targets hold ({skipped} skipped)"
    )
    return "\n".join([*lines, verdict])


# --- whole processes (issue 16) ------------------------------------------------------------------

DIFF_PROCESS_CPU = 0.25
"""`peaceplan diff 28-point 20-point`, the whole process, in CPU seconds (issue 16)."""
DIFF_PROCESS_RATIO = 25.0
"""... and at most this many times `python -c pass`."""
IMPORT_CPU = 0.12
"""`import peaceplan`, the whole process, in CPU seconds."""
WARM_COMMAND_CPU = 1.0
"""A warm corpus command on the 100 x 1,000 corpus, whole process."""
COLD_OVER_FLOOR = 2.0
"""A cold corpus command over one in-process load_corpus plus one diff(first, last)."""
LOAD_OVER_JSON = 5.0
"""load_corpus of a corpus folder over json.load of its files (issue 16)."""
QUICK_SLACK = 2.0
"""Quick mode runs on CI machines of any speed: its absolute bounds are this many times the issue's."""


def process_checks(report: Any, *, quick: bool) -> tuple[Check, ...]:
    """The start-up and corpus-command targets of issue 16, from one run of benchmarks.process.

    Ratios are checked in both modes; absolute CPU bounds hold on the issue's machine kind, so
    quick mode (CI) allows :data:`QUICK_SLACK` times as much, and the warm/cold corpus targets,
    defined on the 100 x 1,000 corpus, are checked only in the full run.
    """
    slack = QUICK_SLACK if quick else 1.0
    diff_cpu = report.startup["peaceplan diff 28-point 20-point"].cpu
    import_cpu = report.startup["import peaceplan"].cpu
    out = [
        Check(
            name="peaceplan diff 28-point 20-point (process CPU)",
            target=f"<= {DIFF_PROCESS_CPU * slack:.2f} s",
            measured=f"{diff_cpu:.3f} s",
            passed=diff_cpu <= DIFF_PROCESS_CPU * slack,
        ),
        Check(
            name="peaceplan diff vs python -c pass",
            target=f"<= {DIFF_PROCESS_RATIO:.0f}x",
            measured=f"{report.ratio('peaceplan diff 28-point 20-point'):.1f}x",
            passed=report.ratio("peaceplan diff 28-point 20-point") <= DIFF_PROCESS_RATIO * slack,
        ),
        Check(
            name="import peaceplan (process CPU)",
            target=f"<= {IMPORT_CPU * slack:.2f} s",
            measured=f"{import_cpu:.3f} s",
            passed=import_cpu <= IMPORT_CPU * slack,
        ),
    ]
    load_ratio = report.floors["load_corpus"] / max(report.floors["json.load"], 1e-9)
    out.append(
        Check(
            name="load_corpus vs json.load of its files",
            target=f"<= {LOAD_OVER_JSON * slack:.0f}x",
            measured=f"{load_ratio:.1f}x",
            passed=load_ratio <= LOAD_OVER_JSON * slack,
        )
        if not quick
        else Check(
            name="load_corpus vs json.load of its files",
            target=f"<= {LOAD_OVER_JSON:.0f}x",
            reason=f"full run only (measured {load_ratio:.1f}x on the small corpus, where fixed costs dominate)",
        )
    )
    if "load_corpus (cache warm)" in report.floors:
        warm_ratio = report.floors["load_corpus (cache warm)"] / max(report.floors["json.load"], 1e-9)
        out.append(
            Check(
                name="load_corpus (cache warm) vs json.load of its files",
                target=f"<= {LOAD_OVER_JSON * slack:.0f}x",
                measured=f"{warm_ratio:.1f}x",
                passed=warm_ratio <= LOAD_OVER_JSON * slack,
            )
            if not quick
            else Check(
                name="load_corpus (cache warm) vs json.load of its files",
                target=f"<= {LOAD_OVER_JSON:.0f}x",
                reason=f"full run only (measured {warm_ratio:.1f}x on the small corpus)",
            )
        )
    floor = report.floors["load_corpus"] + report.floors["diff(first, last)"]
    for name, timing in report.corpus.items():
        if name.endswith("warm"):
            target, measured, ok = f"<= {WARM_COMMAND_CPU:.1f} s", f"{timing.cpu:.3f} s", timing.cpu <= WARM_COMMAND_CPU
        else:
            target = f"<= {COLD_OVER_FLOOR:.0f}x load + one diff"
            measured, ok = f"{timing.cpu / floor:.2f}x", timing.cpu / floor <= COLD_OVER_FLOOR
        if quick:
            out.append(Check(name=name, target=target, reason="defined on the 100 x 1,000 corpus (full run)"))
        else:
            out.append(Check(name=name, target=target, measured=measured, passed=ok))
    return tuple(out)
