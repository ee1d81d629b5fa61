"""The ``status`` command: how close a deal is, point by point and party by party."""

from __future__ import annotations

import click

from ..render.status import render_status
from ._common import corpus_option, emit, examples, format_option, output_option, state_of

__all__ = ["status"]


@click.command(
    epilog=examples(
        "peaceplan status 20-point",
        "peaceplan status 20-point --party us --party ukraine --party russia",
        "peaceplan status 20-point -f json > status.json",
        "peaceplan status my-draft.yaml -f md -o status.md",
    )
    + "\n\nA point is bracketed when it carries alternatives, open when a party rejects it\n"
    "or has reservations, agreed when every party is on record accepting or proposing\n"
    "it, and unknown otherwise. The parties are the version's drafters and everyone\n"
    "with a recorded position in its document, unless --party names them. A drafter\n"
    "counts as accepting its own text unless a recorded position says otherwise.\n"
    "Unknown points are counted apart, never as agreed."
)
@click.argument("version")
@click.option(
    "--party",
    "parties",
    multiple=True,
    metavar="ACTOR",
    help="Whose agreement counts (repeat for each party); default: every party on record.",
)
@format_option()
@output_option
@corpus_option
@click.pass_context
def status(ctx: click.Context, version: str, parties: tuple[str, ...], fmt: str, output: str | None) -> None:
    """How close a deal is: each party's position on each point, and the share agreed."""
    corpus, (version_id,) = state_of(ctx).corpus_with([version])
    for party in parties:
        corpus.actor(party)  # an unknown id fails here, naming the known ones
    result = corpus.status(version_id, parties=parties or None)
    emit(render_status(result, fmt), output)
