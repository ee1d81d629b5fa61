"""Write the bundled (self-contained) schemas from the sources: run it after editing a schema.

``schemas/bundled/KIND.schema.json`` is :func:`peaceplan.files.schemata.bundle` of the
sources in ``schemas/``, for every shipped schema that refers to another one
(today the diff schema, which embeds two versions). ``--check`` writes nothing
and exits 1 when a bundled file differs from what the sources give;
``tests/test_schemata.py`` fails in the same case.

    python scripts/bundle_schemas.py          # write
    python scripts/bundle_schemas.py --check  # compare only
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's peaceplan and schemas/, not an installed copy

from peaceplan.files import schemata  # noqa: E402


def rendered(kind: str) -> str:
    """The text of the bundled schema of ``kind``, as the file holds it."""
    return json.dumps(schemata.bundle(kind), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 when a file is out of date")
    args = parser.parse_args(argv)
    folder = ROOT / "schemas" / "bundled"
    stale = []
    for kind in schemata.SHIPPED:
        if schemata.bundle(kind) == schemata.schema(kind):
            continue  # refers to no other schema: it is its own bundle
        path = folder / f"{kind}.schema.json"
        text = rendered(kind)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            folder.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "written"
    for path in stale:
        print(f"{path}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
