"""What the CLI tests share: running a command, and the one-line error contract (exit 2, one
``peaceplan: error:`` line on stderr, no traceback). The ``runner`` and ``in_tmp`` fixtures are in
conftest.py."""

from __future__ import annotations

from click.testing import CliRunner, Result

from peaceplan.cli import cli

__all__ = ["assert_one_line_error", "run"]


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args), catch_exceptions=False)


def assert_one_line_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("peaceplan: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
