"""Draw the second reader's sample: 50 labelled findings at random (seed 13), with both texts, without verdicts.

Run from the repository root: ``python benchmarks/findings/second-reader/draw.py``.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

import peaceplan  # noqa: E402

_SEED, _SIZE = 13, 50


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _text(version: peaceplan.Version, labels: list[str]) -> str:
    return " | ".join(f"[{label}] {version.provision(label).full_text()}" for label in labels)


def main() -> None:
    corpus = peaceplan.load_corpus()

    def version(vid: str) -> peaceplan.Version:
        return corpus.version(vid) if vid in corpus else peaceplan.load_version(HERE.parent / "texts" / f"{vid}.yaml")

    items = []
    for path in sorted((HERE.parent / "labels").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items += [(data["pair"], f) for f in data["findings"]]
    random.seed(_SEED)
    out = []
    for pair, f in random.sample(items, _SIZE):
        old, new = version(pair[0]), version(pair[1])
        keep = ("old", "new", "path", "kind", "direction", "was", "now", "claim")
        out.append({"pair": pair, **{k: f[k] for k in keep if k in f}})
        out[-1] |= {"old_text": _text(old, f["old"]), "new_text": _text(new, f["new"]), "verdict": None, "reason": None}
    header = f"# {_SIZE} findings drawn at random (seed {_SEED}) from labels/, with both texts, for a second reader.\n"
    body = yaml.dump(out, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
    (HERE / "sample.yaml").write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    main()
