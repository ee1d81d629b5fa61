#!/usr/bin/env python3
"""Build the real document pairs of ``benchmarks/realworld/pairs/`` from their public sources.

Each pair is two versions of a real document whose provisions were renumbered, moved, reworded,
split, merged, added or dropped, with gold correspondences taken from the publisher's own data
(never from text similarity). Every pair folder gets:

* ``old.txt``, ``new.txt`` -- one provision a line, in document order: the printed label, one
  space, the text (UTF-8);
* ``gold.json`` -- ``pairs``, ``optional_pairs``, ``unscored_old``, ``unscored_new``, ``source``,
  ``licence``, ``kinds``, ``sizes`` and ``notes`` (see ``pairs/README.md``);
* ``NOTICE.md`` -- attribution and licence.

The sources are read from local copies given on the command line; nothing is downloaded, and the
exact commit or tag of every source is fixed below (``SOURCES``) and checked where the copy is a
git repository. Sources and what is taken from them:

``attack`` -- MITRE ATT&CK Enterprise v6.3 -> v7.0, one tactic a pair, and the whole Mobile matrix
    v11.2 -> v11.3. A git repository of ``https://github.com/mitre/cti`` (``--cti``, a clone or a
    bare git directory) holding the tags ``ATT&CK-v6.3``, ``ATT&CK-v7.0``, ``ATT&CK-v11.2`` and
    ``ATT&CK-v11.3``; the per-object STIX files under ``<domain>/attack-pattern/`` and
    ``<domain>/relationship/`` are read.

``nist`` -- NIST SP 800-53 Rev. 4 -> Rev. 5, one control family a pair. A git repository of
    ``https://github.com/usnistgov/oscal-content`` (``--oscal``) holding the commits of the two
    OSCAL catalogs.

``bible`` -- a book of the Hebrew Bible, King James Version (English versification) -> JPS 1917
    (Hebrew versification). ``--kjv``: a git repository of ``https://github.com/aruljohn/Bible-kjv``;
    ``--jps``: a folder holding the Sefaria-Export files
    ``json/Tanakh/<section>/<Book>/English/The Holy Scriptures A New Translation JPS 1917.json``
    (same relative paths as in ``https://github.com/Sefaria/Sefaria-Export``; that repository is
    several GB, so only the few files are needed); ``--vrs``: a git repository of
    ``https://github.com/Copenhagen-Alliance/versification-specification`` (its
    ``versification-mappings/standard-mappings/eng.json`` is the Paratext ``eng.vrs`` map).

``mastg`` -- OWASP MASTG v1 tests -> v2 tests. A git repository of ``https://github.com/OWASP/mastg``
    (``--mastg``): the v1 tests ``tests/**/MASTG-TEST-*.md`` at tag ``v1.7.0``, the v2 tests
    ``tests-beta/**/MASTG-TEST-*.md`` and the v1 tests' ``status`` / ``covered_by`` front matter at
    the pinned commit.

Usage (from the project root; each command writes its pairs under ``--out``)::

    python benchmarks/realworld/build_pairs.py attack --cti CTI_GIT
    python benchmarks/realworld/build_pairs.py nist --oscal OSCAL_GIT
    python benchmarks/realworld/build_pairs.py bible --kjv KJV_GIT --jps SEFARIA_DIR --vrs VRS_GIT
    python benchmarks/realworld/build_pairs.py mastg --mastg MASTG_GIT

The output is deterministic: running a command again over the same sources rewrites the same bytes.
"""

from __future__ import annotations

import argparse
import collections
import html
import json
import pathlib
import re
import subprocess
import sys
from collections.abc import Iterable
from typing import Any

Json = dict[str, Any]  # one decoded JSON object of a source

HERE = pathlib.Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "pairs"

# The exact versions read, per source. A run fails when a git copy lacks one of them.
SOURCES: dict[str, Json] = {
    "cti": {
        "url": "https://github.com/mitre/cti",
        "domain": "enterprise-attack",
        "matrix": "Enterprise",
        "old": ("ATT&CK-v6.3", "c139e37bdc51acbc7d0488a5be48553caffdbbd7"),
        "new": ("ATT&CK-v7.0", "9af3f74582454caf70b228a0773add43f8b493ff"),
        "why": "the release that introduced sub-techniques",
        "year": "2020",
    },
    "cti-mobile": {
        "url": "https://github.com/mitre/cti",
        "domain": "mobile-attack",
        "matrix": "Mobile",
        "old": ("ATT&CK-v11.2", "46ea00730d8d61184720a325ea1232b0d78d43dc"),
        "new": ("ATT&CK-v11.3", "e78357f1f3cf1ac4e9f2aa04ac0ff831260305a7"),
        "why": "the release that introduced sub-techniques to the Mobile matrix",
        "year": "2022",
    },
    "oscal": {
        "url": "https://github.com/usnistgov/oscal-content",
        "old": ("88bb8de", "nist.gov/SP800-53/rev4/json/NIST_SP-800-53_rev4_catalog-min.json"),
        "new": ("a849dbc", "nist.gov/SP800-53/rev5/json/NIST_SP-800-53_rev5_catalog-min.json"),
    },
    "kjv": {"url": "https://github.com/aruljohn/Bible-kjv", "commit": "a9aa4e55afbb3e095f57e4b14cd1f22c5ee8d7c9"},
    "jps": {
        "url": "https://github.com/Sefaria/Sefaria-Export",
        "commit": "1af9cdcbd6a0aa32443579b5db53c01772b1dd8c",
        "path": "json/Tanakh/{section}/{book}/English/The Holy Scriptures A New Translation JPS 1917.json",
    },
    "mastg": {
        "url": "https://github.com/OWASP/mastg",
        "old": ("v1.7.0", "7172dfaf9e690d1f2addc0b2e0a4072da53a8b66"),
        "new": "6b0b7def269cf619643a9c4b2e0aa525368c9ee8",
    },
    "vrs": {
        "url": "https://github.com/Copenhagen-Alliance/versification-specification",
        "commit": "e3dfaaf0d2438a092bef77556198f14579f13df6",
        "path": "versification-mappings/standard-mappings/eng.json",
    },
}

# Which pairs each command builds.
ATTACK_TACTICS = ("command-and-control", "credential-access", "execution", "lateral-movement")
NIST_FAMILIES = ("au", "cm")
BIBLE_BOOKS = {"Joel": ("JOL", "Prophets")}


# --------------------------------------------------------------------------- reading sources


class Git:
    """Read files of a git repository (a clone or a bare git directory) at a given revision."""

    def __init__(self, path: str) -> None:
        p = pathlib.Path(path)
        self.gitdir = str(p / ".git") if (p / ".git").exists() else str(p)
        self.run("rev-parse", "--git-dir")

    def run(self, *args: str, data: bytes | None = None) -> bytes:
        done = subprocess.run(["git", "--git-dir", self.gitdir, *args], input=data, capture_output=True, check=False)
        if done.returncode:
            raise SystemExit(f"git {' '.join(args)} failed in {self.gitdir}: {done.stderr.decode().strip()}")
        return done.stdout

    def commit(self, rev: str) -> str:
        return self.run("rev-parse", "--verify", f"{rev}^{{commit}}").decode().strip()

    def show(self, rev: str, path: str) -> bytes:
        return self.run("show", f"{rev}:{path}")

    def tree(self, rev: str, folder: str) -> dict[str, bytes]:
        """Every file under ``folder`` at ``rev``, read in one ``git cat-file --batch``."""
        listing = self.run("ls-tree", "-r", rev, "--", folder).decode()
        rows = [line.split("\t", 1) for line in listing.splitlines()]
        items = [(path, meta.split()[2]) for meta, path in rows if meta.split()[1] == "blob"]
        raw = self.run("cat-file", "--batch", data="".join(h + "\n" for _, h in items).encode())
        out, pos = {}, 0
        for path, _ in items:
            nl = raw.index(b"\n", pos)
            header = raw[pos:nl].split()
            if header[-1] == b"missing":
                raise SystemExit(f"{path} at {rev} is missing from {self.gitdir}")
            size = int(header[2])
            out[path] = raw[nl + 1 : nl + 1 + size]
            pos = nl + 1 + size + 1
        return out


def check_rev(git: Git, rev: str, expected: str | None = None) -> str:
    sha = git.commit(rev)
    if expected and not sha.startswith(expected):
        raise SystemExit(f"{rev} is {sha} in {git.gitdir}, expected {expected}")
    return sha


# --------------------------------------------------------------------------- writing pairs


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def write_pair(
    out: pathlib.Path,
    name: str,
    old: list[tuple[str, str]],
    new: list[tuple[str, str]],
    gold: dict[str, Any],
    notice: str,
) -> None:
    """Write one pair folder, after checking that the gold refers only to labels of the texts."""
    old_labels, new_labels = [lab for lab, _ in old], [lab for lab, _ in new]
    for side, labels in (("old", old_labels), ("new", new_labels)):
        if len(set(labels)) != len(labels):
            raise SystemExit(f"{name}: duplicate labels in {side}.txt")
        if any(" " in lab or not lab for lab in labels):
            raise SystemExit(f"{name}: a label of {side}.txt is empty or has a space")
    olds, news = set(old_labels), set(new_labels)
    for key in ("pairs", "optional_pairs"):
        for o, n in gold[key]:
            if o not in olds or n not in news:
                raise SystemExit(f"{name}: gold {key} link {o} -> {n} names a label missing from the texts")
    if not set(gold["unscored_old"]) <= olds or not set(gold["unscored_new"]) <= news:
        raise SystemExit(f"{name}: an unscored label is missing from the texts")
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    for fname, lines in (("old.txt", old), ("new.txt", new)):
        body = "".join(f"{lab} {one_line(text)}\n" for lab, text in lines)
        (folder / fname).write_text(body, encoding="utf-8", newline="\n")
    gold = {**gold, "sizes": {"old": len(old), "new": len(new)}}
    (folder / "gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "NOTICE.md").write_text(notice, encoding="utf-8")
    print(
        f"{name}: {len(old)} -> {len(new)} provisions, {len(gold['pairs'])} gold links "
        f"(+{len(gold['optional_pairs'])} optional), kinds {gold['kinds']}"
    )


def sorted_links(links: Iterable[tuple[str, str]], order_old: list[str], order_new: list[str]) -> list[list[str]]:
    po, pn = {lab: i for i, lab in enumerate(order_old)}, {lab: i for i, lab in enumerate(order_new)}
    return [list(x) for x in sorted(set(links), key=lambda p: (po[p[0]], pn[p[1]]))]


def merge_targets(pairs: list[list[str]]) -> dict[str, int]:
    c = collections.Counter(n for _, n in pairs)
    return {n: k for n, k in sorted(c.items()) if k > 1}


# --------------------------------------------------------------------------- MITRE ATT&CK

ATTACK_NOTICE = """# Notice

Copyright 2015-{year}, The MITRE Corporation. MITRE ATT&CK and ATT&CK are registered trademarks of
The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE
Corporation, under the ATT&CK Terms of Use (https://attack.mitre.org/resources/legal-and-branding/terms-of-use/),
which allow copies for research, development and commercial purposes provided MITRE's copyright
designation and that licence are reproduced in every copy.

Taken from https://github.com/mitre/cti (distributed under the Apache License 2.0, see its
`LICENSE.txt`), tags `{old_tag}` (commit {old_sha}) and `{new_tag}` (commit {new_sha}),
folder `{domain}/` (one STIX 2.0 bundle per object: `attack-pattern/`, `relationship/`).

Each line is {article} {matrix} technique or sub-technique of {scope}: its ATT&CK ID, its
name and its description, with `(Citation: ...)` markers removed, Markdown links reduced to their
text and HTML tags removed. Changes: only that extraction; no wording was edited. The gold links
restate the `revoked-by` relationships, identifiers and deprecation notices of the same release.
"""


def attack_id(obj: Json) -> str | None:
    for ref in obj.get("external_references", []):
        if ref.get("source_name") in ("mitre-attack", "mitre-mobile-attack"):
            return str(ref["external_id"])
    return None


def attack_text(obj: Json) -> str:
    """Name and description: citations removed, Markdown links reduced to their text, HTML tags removed."""
    desc = obj.get("description", "")
    desc = re.sub(r"\s*\(Citation:[^)]*\)", "", desc)
    desc = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", desc)
    desc = re.sub(r"<[^>]+>", "", desc)
    desc = html.unescape(desc)
    return one_line(f"{obj['name']}. {desc}")


def attack_sort_key(tid: str) -> tuple[int, int]:
    num, _, sub = tid[1:].partition(".")
    return int(num), int(sub or 0)


def load_attack(git: Git, tag: str, domain: str) -> tuple[dict[str, Json], list[Json]]:
    patterns: dict[str, Json] = {}
    rels: list[Json] = []
    for sub in ("attack-pattern", "relationship"):
        for raw in git.tree(tag, f"{domain}/{sub}").values():
            for obj in json.loads(raw)["objects"]:
                if obj["type"] == "attack-pattern":
                    patterns[obj["id"]] = obj
                elif obj["type"] == "relationship":
                    rels.append(obj)
    return patterns, rels


def is_active(obj: Json) -> bool:
    return not obj.get("revoked") and not obj.get("x_mitre_deprecated")


def in_tactic(obj: Json, tactic: str | None) -> bool:
    """Whether the technique belongs to the tactic (to any, when ``tactic`` is None: the whole matrix)."""
    if tactic is None:
        return True
    return any(
        p["kill_chain_name"] in ("mitre-attack", "mitre-mobile-attack") and p["phase_name"] == tactic
        for p in obj.get("kill_chain_phases", [])
    )


def build_attack(cti: Git, tactic: str | None, out: pathlib.Path, release: str = "cti") -> None:
    """One pair: the techniques of one tactic (of the whole matrix when ``tactic`` is None) across a release."""
    src = SOURCES[release]
    old_tag, old_sha = src["old"]
    new_tag, new_sha = src["new"]
    check_rev(cti, old_tag, old_sha)
    check_rev(cti, new_tag, new_sha)
    old_objs, _ = load_attack(cti, old_tag, src["domain"])
    new_objs, new_rels = load_attack(cti, new_tag, src["domain"])
    scope = f"the {tactic} tactic" if tactic else f"the {src['matrix']} matrix"

    old = sorted(
        (o for o in old_objs.values() if is_active(o) and in_tactic(o, tactic)),
        key=lambda o: attack_sort_key(attack_id(o) or ""),
    )
    new = sorted(
        (o for o in new_objs.values() if is_active(o) and in_tactic(o, tactic)),
        key=lambda o: attack_sort_key(attack_id(o) or ""),
    )
    new_ids = {attack_id(o) for o in new}
    by_attack_id = {attack_id(o): o for o in new_objs.values() if is_active(o)}
    revoked_by = {r["source_ref"]: r["target_ref"] for r in new_rels if r["relationship_type"] == "revoked-by"}
    children: dict[str, list[str]] = collections.defaultdict(list)
    for r in new_rels:
        if r["relationship_type"] == "subtechnique-of" and r["source_ref"] in new_objs:
            child = new_objs[r["source_ref"]]
            if is_active(child) and in_tactic(child, tactic):
                children[r["target_ref"]].append(attack_id(child) or "")

    pairs: list[tuple[str, str]] = []
    optional: list[tuple[str, str]] = []
    unscored: list[str] = []
    notes: dict[str, str] = {}
    kinds: collections.Counter[str] = collections.Counter()

    def name_of(stix_id: str) -> str:
        return f"{attack_id(new_objs[stix_id])} ({new_objs[stix_id]['name']})"

    for o in old:
        oid = attack_id(o) or ""
        cur = new_objs.get(o["id"])
        if cur is None:
            raise SystemExit(f"{oid} ({o['id']}) is missing from {new_tag}")
        seen = {cur["id"]}
        how = "same id"
        while cur.get("revoked"):
            target = revoked_by.get(cur["id"])
            if target is None or target in seen:
                raise SystemExit(f"{oid}: revoked in {new_tag} without a revoked-by relationship to follow")
            seen.add(target)
            cur = new_objs[target]
            how = "revoked-by (new id)" if attack_id(cur) != oid else "revoked-by (same id)"
        if cur.get("x_mitre_deprecated"):
            m = re.match(r"\*\*This technique has been deprecated\. Please use (.*?)\.\*\*", cur["description"])
            if m is None and "deprecated" not in cur["description"][:200]:
                # Deprecated with its description unchanged: the release names no successor and
                # does not say the content is gone, so the technique is not scored.
                kinds["deprecated without a notice (unscored)"] += 1
                unscored.append(oid)
                notes[oid] = f"{new_tag}: deprecated, description unchanged, no successor named"
                continue
            if m is None:
                if "should no longer be used" not in cur["description"][:200]:
                    raise SystemExit(f"{oid}: deprecation notice not understood: {cur['description'][:200]!r}")
                kinds["deprecated, no successor named"] += 1
                notes[oid] = f'{new_tag}: deprecated, "should no longer be used": scored as removed'
                continue
            named = [u.replace("/", ".") for u in re.findall(r"attack\.mitre\.org/techniques/([T0-9/]+)\)", m.group(1))]
            if not named:
                raise SystemExit(f"{oid}: no technique named in the deprecation notice {m.group(0)!r}")
            weak = "where appropriate" in m.group(1)
            inside = [t for t in named if t in new_ids]
            said = ", ".join(named) + (" where appropriate" if weak else "")
            notes[oid] = f'{new_tag}: deprecated, "Please use {said}"'
            if not inside:
                kinds["deprecated, successors outside this tactic"] += 1
                unscored.append(oid)
                notes[oid] += f"; none of them is in {scope}"
                continue
            if weak:
                kinds['deprecated, "please use ... where appropriate" (optional)'] += 1
                optional += [(oid, t) for t in inside]
            else:
                kinds['deprecated, "please use" successors'] += 1
                pairs += [(oid, t) for t in inside]
                for t in inside:
                    optional += [(oid, c) for c in children.get(by_attack_id[t]["id"], [])]
            if len(inside) < len(named):
                notes[oid] += f"; outside {scope}: {', '.join(t for t in named if t not in inside)}"
            continue
        nid = attack_id(cur) or ""
        if nid not in new_ids:
            kinds["target outside this tactic"] += 1
            unscored.append(oid)
            verb = "revoked-by" if how != "same id" else "kept as"
            notes[oid] = f"{new_tag}: {verb} {name_of(cur['id'])}, which is not in {scope}"
            continue
        kinds[how] += 1
        pairs.append((oid, nid))
        optional += [(oid, c) for c in children.get(cur["id"], [])]

    old_lines = [(attack_id(o) or "", attack_text(o)) for o in old]
    new_lines = [(attack_id(o) or "", attack_text(o)) for o in new]
    po, pn = [lab for lab, _ in old_lines], [lab for lab, _ in new_lines]
    gold_pairs = sorted_links(pairs, po, pn)
    optional = [p for p in optional if p not in set(pairs)]
    matrix, ov, nv = src["matrix"], old_tag.split("-v")[-1], new_tag.split("-v")[-1]
    head = f"{tactic.replace('-', ' ').capitalize()} tactic." if tactic else f"The whole {matrix} matrix."
    where = "whose kill_chain_phases include the tactic" if tactic else "of the matrix"
    tail = "Partners outside the tactic make the old technique unscored." if tactic else ""
    if kinds["deprecated without a notice (unscored)"]:
        tail += " A technique deprecated with its description unchanged (no notice, no successor) is unscored."
    tail = tail.strip()
    gold = {
        "pairs": gold_pairs,
        "optional_pairs": sorted_links(optional, po, pn),
        "unscored_old": unscored,
        "unscored_new": [],
        "source": (
            f"{head} MITRE ATT&CK {matrix} v{ov} (mitre/cti tag {old_tag}, "
            f"commit {old_sha[:10]}) -> v{nv} (tag {new_tag}, commit {new_sha[:10]}, {src['why']}); techniques "
            f"(attack-pattern objects, neither revoked nor deprecated) {where}; text = name + description with "
            f"citations removed. Gold: the same STIX object still active in v{nv} (same ATT&CK id), or the STIX "
            f'"revoked-by" relationship published in v{nv} (followed to an active object); a v{ov} technique '
            f'deprecated in v{nv} is linked to the techniques its deprecation notice names ("This technique has '
            'been deprecated. Please use A, B and/or C"); when the notice says "where appropriate" those links are '
            'optional; "deprecated and should no longer be used" means no partner. Optional pairs: an old technique '
            f'and each v{nv} sub-technique of its gold partner (the published "subtechnique-of" relationships). '
            f"{tail}"
        ),
        "licence": (
            f"mitre/cti is distributed under the Apache License 2.0; ATT&CK content (c) 2015-{src['year']} The MITRE "
            "Corporation, used under the ATT&CK Terms of Use (attribution). See NOTICE.md."
        ),
        "kinds": dict(sorted(kinds.items())),
        "notes": dict(sorted(notes.items(), key=lambda kv: attack_sort_key(kv[0]))),
        "merges_into": merge_targets(gold_pairs),
    }
    notice = ATTACK_NOTICE.format(
        year=src["year"],
        old_tag=old_tag,
        new_tag=new_tag,
        old_sha=old_sha,
        new_sha=new_sha,
        domain=src["domain"],
        article="an" if matrix[0] in "AEIOU" else "a",
        matrix=matrix,
        scope=scope,
    )
    name = f"attack-{tactic}" if tactic else f"attack-{src['domain'].split('-')[0]}"
    write_pair(out, f"{name}-v{ov}-v{nv}", old_lines, new_lines, gold, notice)


# --------------------------------------------------------------------------- NIST SP 800-53

NIST_NOTICE = """# Notice

Text: NIST Special Publication 800-53 Revision 4, *Security and Privacy Controls for Federal
Information Systems and Organizations* (April 2013, updated 22 January 2015), and NIST Special
Publication 800-53 Revision 5, *Security and Privacy Controls for Information Systems and
Organizations* (September 2020), National Institute of Standards and Technology, U.S. Department
of Commerce.

Works of the United States Government are not subject to copyright protection in the United
States (17 U.S.C. 105); this text is in the public domain there. Please attribute NIST.

Taken from the OSCAL catalogs published by NIST at https://github.com/usnistgov/oscal-content:
- Rev. 4: `{old_path}` (commit {old_sha});
- Rev. 5: `{new_path}` (commit {new_sha}, catalog version {new_version}).

Each line is a control or control enhancement of the {family} family that is not withdrawn: its
label, its title and its statement, with assignment and selection parameters printed as
`[Assignment: ...]` and `[Selection (one or more): ...]` as in the printed publication.
Supplemental guidance / discussion and assessment objectives are left out.
"""


def nist_controls(catalog: Json) -> list[Json]:
    """Every control and enhancement of the catalog, in document order."""
    out = []
    for group in catalog["groups"]:
        for ctl in group.get("controls", []):
            out.append(ctl)
            out.extend(ctl.get("controls", []))
    return out


def nist_prop(ctl: Json, name: str) -> str | None:
    for p in ctl.get("props", []):
        if p["name"] == name:
            return str(p["value"])
    return None


def nist_withdrawn(ctl: Json) -> bool:
    return (nist_prop(ctl, "status") or "").lower() == "withdrawn"


def nist_text(ctl: Json) -> str:
    """Title and statement, parameters printed as in the publication."""
    params = {p["id"]: p for p in ctl.get("params", [])}

    def param(pid: str) -> str:
        p = params[pid]
        if "select" in p:
            sel = p["select"]
            how = " (one or more)" if sel.get("how-many") == "one-or-more" else ""
            return f"[Selection{how}: " + "; ".join(fill(c) for c in sel.get("choice", [])) + "]"
        return f"[Assignment: {fill(p.get('label', pid))}]"

    def fill(prose: str) -> str:
        return re.sub(r"\{\{\s*insert:\s*param,\s*([^\s}]+)\s*\}\}", lambda m: param(m.group(1)), prose)

    def part_text(part: Json) -> list[str]:
        words = []
        label = nist_prop(part, "label")
        if label:
            words.append(label)
        if part.get("prose"):
            words.append(fill(part["prose"]))
        for sub in part.get("parts", []):
            if sub.get("name") == "item":
                words += part_text(sub)
        return words

    statement = [p for p in ctl.get("parts", []) if p.get("name") == "statement"]
    body = " ".join(w for p in statement for w in part_text(p))
    return one_line(f"{ctl['title']}. {body}")


def nist_label(ctl: Json) -> str:
    label = nist_prop(ctl, "label")
    if label is None:
        raise SystemExit(f"control {ctl['id']} has no label")
    return label


def build_nist(oscal: Git, family: str, out: pathlib.Path) -> None:
    src = SOURCES["oscal"]
    (old_rev, old_path), (new_rev, new_path) = src["old"], src["new"]
    old_sha, new_sha = check_rev(oscal, old_rev, old_rev), check_rev(oscal, new_rev, new_rev)
    r4 = json.loads(oscal.show(old_sha, old_path))["catalog"]
    r5 = json.loads(oscal.show(new_sha, new_path))["catalog"]
    r4_all, r5_all = nist_controls(r4), nist_controls(r5)
    fam = family.upper() + "-"
    old = [c for c in r4_all if nist_label(c).startswith(fam) and not nist_withdrawn(c)]
    new = [c for c in r5_all if nist_label(c).startswith(fam) and not nist_withdrawn(c)]
    r5_by_id = {c["id"]: c for c in r5_all}
    new_labels = {nist_label(c) for c in new}

    def targets(ctl: Json, trail: tuple[str, ...] = ()) -> tuple[list[tuple[str, str]], list[str]]:
        """(rel, active Rev 5 label) reached from a withdrawn Rev 5 control, chains followed; families named."""
        found, families = [], []
        for link in ctl.get("links", []):
            rel = link["rel"]
            if rel not in ("incorporated-into", "moved-to"):
                continue
            ref = link["href"].lstrip("#").split("_smt")[0]
            if ref in r5_by_id:
                tgt = r5_by_id[ref]
                if nist_withdrawn(tgt):
                    if ref in trail:
                        raise SystemExit(f"cycle of withdrawn controls through {ref}")
                    sub, fams = targets(tgt, (*trail, ref))
                    found += [(rel, lab) for _, lab in sub]
                    families += fams
                else:
                    found.append((rel, nist_label(tgt)))
            elif any(g["id"] == ref for g in r5["groups"]):
                families.append(ref)
            else:
                raise SystemExit(f"{nist_label(ctl)}: link target {link['href']} not in the Rev 5 catalog")
        return found, families

    pairs, optional, unscored = [], [], []
    notes: dict[str, str] = {}
    kinds: collections.Counter[str] = collections.Counter()
    for c in old:
        lab = nist_label(c)
        cur = r5_by_id.get(c["id"])
        if cur is None:
            raise SystemExit(f"{lab} ({c['id']}) is missing from Rev 5")
        if not nist_withdrawn(cur):
            if lab in new_labels:
                kinds["same id"] += 1
                pairs.append((lab, lab))
            else:
                kinds["target outside this pair"] += 1
                unscored.append(lab)
                notes[lab] = "Rev 5: kept under the same identifier outside this pair"
            continue
        found, fams = targets(cur)
        desc = ", ".join([f"{rel} {t}" for rel, t in found] + [f"incorporated-into family {f.upper()}" for f in fams])
        inside = [(rel, t) for rel, t in found if t in new_labels]
        if fams:
            fam_members = [nist_label(x) for x in new if nist_label(x).split("-")[0].lower() in fams]
            if fam_members:
                kinds["incorporated-into family"] += 1
                optional += [(lab, t) for t in fam_members]
                notes[lab] = f"Rev 5: {desc} (the whole family); every control of it is an optional pair"
            else:
                kinds["target outside this pair"] += 1
                unscored.append(lab)
                notes[lab] = f"Rev 5: {desc}"
            continue
        if not found:
            kinds["withdrawn, no successor named"] += 1
            notes[lab] = "Rev 5: withdrawn without an incorporated-into or moved-to link: scored as removed"
            continue
        if len(inside) < len(found):
            kinds["target outside this pair"] += 1
            unscored.append(lab)
            notes[lab] = f"Rev 5: {desc}"
            continue
        for rel, t in inside:
            pairs.append((lab, t))
            kinds[rel] += 1

    old_lines = [(nist_label(c), nist_text(c)) for c in old]
    new_lines = [(nist_label(c), nist_text(c)) for c in new]
    po, pn = [lab for lab, _ in old_lines], [lab for lab, _ in new_lines]
    gold_pairs = sorted_links(pairs, po, pn)
    version = r5["metadata"].get("version", "")
    family_name = next(g["title"] for g in r4["groups"] if g["id"] == family)
    gold = {
        "pairs": gold_pairs,
        "optional_pairs": sorted_links(optional, po, pn),
        "unscored_old": unscored,
        "unscored_new": [],
        "source": (
            f"{family_name} family. NIST SP 800-53 Rev. 4 (OSCAL catalog, usnistgov/oscal-content commit {old_rev}, "
            f"{old_path}) -> NIST SP 800-53 Rev. 5 (OSCAL catalog {version}, usnistgov/oscal-content commit {new_rev}, "
            f"{new_path}); gold: same control identifier in both = correspondence (NIST keeps identifiers stable); "
            'Rev 5 withdrawn controls: their "incorporated-into" and "moved-to" links (a link to a statement part '
            "counts as a link to the control; chains of withdrawn controls are followed); a link to a whole family "
            "makes every control of it an optional pair; links leaving the family make the old control unscored"
        ),
        "licence": (
            "Public domain: work of the US Government (NIST), 17 U.S.C. 105; OSCAL content from "
            "github.com/usnistgov/oscal-content"
        ),
        "kinds": dict(sorted(kinds.items())),
        "notes": notes,
        "merges_into": merge_targets(gold_pairs),
    }
    notice = NIST_NOTICE.format(
        old_path=old_path,
        old_sha=old_sha[:10],
        new_path=new_path,
        new_sha=new_sha[:10],
        new_version=version,
        family=family.upper(),
    )
    write_pair(out, f"nist80053-{family}-r4-r5", old_lines, new_lines, gold, notice)


# --------------------------------------------------------------------------- Bible versification

BIBLE_NOTICE = """# Notice

old.txt: the Book of {book} in the King James Version (Authorized Version, 1769 Oxford text),
public domain (in the United Kingdom the Authorized Version is subject to Crown letters patent).
Taken from https://github.com/aruljohn/Bible-kjv (`{book_file}`, commit {kjv_sha}; MIT-licensed
packaging, Copyright (c) 2019 Arul John).

new.txt: the Book of {book} in *The Holy Scriptures According to the Masoretic Text: A New
Translation* (Jewish Publication Society, 1917), public domain. Taken from Sefaria's export
(https://github.com/Sefaria/Sefaria-Export, commit {jps_sha}, `{jps_path}`,
marked "Public Domain"; Sefaria imported it from the Open Siddur Project). HTML markup of the
export (footnote markers and notes, italics) is removed; no wording was edited.

The gold links follow the standard English -> original versification mapping `eng.vrs`
maintained for Paratext, as published by the Copenhagen Alliance
(https://github.com/Copenhagen-Alliance/versification-specification, commit {vrs_sha},
`versification-mappings/standard-mappings/eng.json`; also distributed in
https://github.com/sillsdev/libpalaso, `SIL.Scripture/Resources/eng.vrs.txt`, MIT licence).
A verse concordance is a statement of fact.
"""


def expand_range(ref: str) -> list[tuple[str, int, int]]:
    """``"JOL 2:28-32"`` -> [("JOL", 2, 28), ..., ("JOL", 2, 32)]; ``"JOL 3:1"`` -> [("JOL", 3, 1)]."""
    m = re.fullmatch(r"(\w+) (\d+):(\d+)(?:-(\d+))?", ref)
    if m is None:
        raise SystemExit(f"versification reference not understood: {ref!r}")
    book, ch, v1 = m.group(1), int(m.group(2)), int(m.group(3))
    v2 = int(m.group(4) or v1)
    return [(book, ch, v) for v in range(v1, v2 + 1)]


def jps_clean(text: str) -> str:
    """Drop Sefaria's footnote markers and notes and its HTML tags."""
    text = re.sub(r"<sup[^>]*>.*?</sup>\s*<i class=\"footnote\">.*?</i>", "", text, flags=re.S)
    text = re.sub(r"<i class=\"footnote\">.*?</i>", "", text, flags=re.S)
    text = re.sub(r"<sup[^>]*>.*?</sup>", "", text, flags=re.S)
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    return one_line(html.unescape(text))


def build_bible(kjv: Git, jps_dir: pathlib.Path, vrs: Git, book: str, out: pathlib.Path) -> None:
    code, section = BIBLE_BOOKS[book]
    kjv_sha = check_rev(kjv, SOURCES["kjv"]["commit"], SOURCES["kjv"]["commit"])
    vrs_sha = check_rev(vrs, SOURCES["vrs"]["commit"], SOURCES["vrs"]["commit"])
    book_file = f"{book}.json"
    kjv_data = json.loads(kjv.show(kjv_sha, book_file))
    old = [(f"{c['chapter']}:{v['verse']}", one_line(v["text"])) for c in kjv_data["chapters"] for v in c["verses"]]
    jps_path = SOURCES["jps"]["path"].format(section=section, book=book)
    jps_file = jps_dir / jps_path
    if not jps_file.is_file():
        raise SystemExit(f"{jps_file} not found: --jps must be a folder holding {jps_path} from Sefaria-Export")
    jps_data = json.loads(jps_file.read_text(encoding="utf-8"))
    if jps_data.get("license") != "Public Domain" or jps_data.get("title") != book:
        raise SystemExit(f"{jps_file}: expected the public-domain JPS 1917 text of {book}")
    new = []
    for ch, verses in enumerate(jps_data["text"], start=1):
        for v, text in enumerate(verses, start=1):
            if not isinstance(text, str) or not jps_clean(text):
                raise SystemExit(f"{jps_file}: {book} {ch}:{v} is empty")
            new.append((f"{ch}:{v}", jps_clean(text)))

    mapping = json.loads(vrs.show(vrs_sha, SOURCES["vrs"]["path"]))
    eng_to_org: dict[str, str] = {}
    rules = []
    for src_ref, dst_ref in mapping["mappedVerses"].items():
        if not src_ref.startswith(code + " "):
            continue
        a, b = expand_range(src_ref), expand_range(dst_ref)
        if len(a) != len(b) or any(x[0] != code for x in b):
            raise SystemExit(f"mapping {src_ref} = {dst_ref} is not verse-to-verse within {code}")
        rules.append(f"{code} {src_ref.split(' ', 1)[1]} = {dst_ref.split(' ', 1)[1]}")
        for (_, c1, v1), (_, c2, v2) in zip(a, b, strict=True):
            eng_to_org[f"{c1}:{v1}"] = f"{c2}:{v2}"
    for key in ("excludedVerses", "partialVerses"):
        if any(str(k).startswith(code + " ") for k in mapping.get(key, {})):
            raise SystemExit(f"the eng map has {key} entries for {code}; this builder does not handle them")
    new_labels = {lab for lab, _ in new}
    old_labels = {lab for lab, _ in old}
    pairs: list[tuple[str, str]] = []
    kinds: collections.Counter[str] = collections.Counter()
    for lab, _ in old:
        tgt = eng_to_org.get(lab, lab)
        if tgt not in new_labels:
            raise SystemExit(f"{book} KJV {lab} maps to {tgt}, which the JPS text lacks")
        pairs.append((lab, tgt))
        if tgt == lab:
            kinds["same verse number"] += 1
        else:
            kinds["renumbered"] += 1
            if tgt in old_labels:
                kinds["renumbered onto a label that the old text uses for another verse"] += 1
    if len({n for _, n in pairs}) != len(new):
        raise SystemExit(f"{book}: the map does not cover every JPS verse exactly once")
    gold = {
        "pairs": [list(p) for p in pairs],
        "optional_pairs": [],
        "unscored_old": [],
        "unscored_new": [],
        "source": (
            f"Book of {book}: King James Version (1769 text; English versification; JSON from "
            f"github.com/aruljohn/Bible-kjv commit {kjv_sha[:10]}, {book_file}) -> The Holy Scriptures: A New "
            f"Translation (JPS 1917; Hebrew/Masoretic versification; Sefaria-Export commit "
            f"{SOURCES['jps']['commit'][:10]}, {jps_path}). Gold: the standard Paratext versification mapping eng.vrs "
            f'(English -> BHS "original"), lines {", ".join(rules)} (Copenhagen-Alliance/versification-specification '
            f"commit {vrs_sha[:10]}, versification-mappings/standard-mappings/eng.json); every other verse keeps its "
            "number."
        ),
        "licence": (
            "Both texts are in the public domain (KJV: public domain outside the United Kingdom, where it is under "
            "Crown letters patent; JPS 1917: public domain, per Sefaria). The mapping is a factual verse concordance."
        ),
        "kinds": dict(sorted(kinds.items())),
        "notes": {},
    }
    notice = BIBLE_NOTICE.format(
        book=book,
        book_file=book_file,
        kjv_sha=kjv_sha[:10],
        jps_sha=SOURCES["jps"]["commit"][:10],
        jps_path=jps_path,
        vrs_sha=vrs_sha[:10],
    )
    write_pair(out, f"{book.lower()}-kjv-jps1917", old, new, gold, notice)


# --------------------------------------------------------------------------- OWASP MASTG tests

MASTG_NOTICE = """# Notice

Text: OWASP Mobile Application Security Testing Guide (MASTG), by the OWASP Mobile Application
Security (MAS) project (Carlos Holguera, Sven Schleier, Jeroen Beckers, Bernhard Mueller and
contributors), https://mas.owasp.org/, The OWASP Foundation, licensed under the Creative Commons
Attribution-ShareAlike 4.0 International licence (CC BY-SA 4.0,
https://creativecommons.org/licenses/by-sa/4.0/). These files, being adapted from it, are
distributed under the same licence.

Taken from https://github.com/OWASP/mastg:
- old.txt: the MASTG v1 tests, `tests/<platform>/<category>/MASTG-TEST-*.md` at tag `{old_tag}`
  (commit {old_sha});
- new.txt: the MASTG v2 tests, `tests-beta/<platform>/<category>/MASTG-TEST-*.md` at commit
  {new_sha}.

Changes: each line is one test: its id, its title and the prose of its body, with YAML front
matter, headings, fenced code blocks and images removed, Markdown links reduced to their text and
HTML tags removed; a v2 test published as a placeholder is its title and its `note`. No wording
was edited. The gold links restate the `status: deprecated` / `covered_by` front matter of the v1
tests at commit {new_sha}.
"""


def md_split(raw: bytes, where: str) -> tuple[dict[str, str], str]:
    """(front matter as flat ``key: value`` strings, body) of a Markdown file with YAML front matter."""
    m = re.match(r"---\n(.*?)\n---\n?(.*)", raw.decode("utf-8"), re.S)
    if m is None:
        raise SystemExit(f"{where}: no front matter")
    meta: dict[str, str] = {}
    key = None
    for line in m.group(1).splitlines():
        km = re.match(r"([A-Za-z_][\w-]*):\s*(.*)", line)
        if km:
            key, meta[km.group(1)] = km.group(1), km.group(2).strip()
        elif key is not None:  # a continued value or a "- item" line of a list
            meta[key] = (meta[key] + " " + line.strip()).strip()
    return meta, m.group(2)


def md_prose(body: str) -> str:
    """The prose of a Markdown body: no code blocks, images, headings, HTML or link targets."""
    text = re.sub(r"^(```|~~~).*?^\1[^\n]*$", " ", body, flags=re.S | re.M)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
    text = re.sub(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)", r"\1", text)  # one level of [..] inside
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"^#+ .*$", " ", text, flags=re.M)
    text = re.sub(r"^\s*(!!!|\?\?\?\+?)\s*\w+", " ", text, flags=re.M)  # admonition markers, not their titles
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*\|?[-:| ]+\|[-:| ]*$", " ", text, flags=re.M)
    text = text.replace("|", " ").replace("`", "").replace("**", "")
    return one_line(html.unescape(text))


def mastg_list(value: str) -> list[str]:
    """``[MASTG-TEST-0212, 'MASTG-TEST-0221']`` -> the ids, quotes and brackets removed."""
    return [x.strip().strip("'\"") for x in value.strip().strip("[]").split(",") if x.strip().strip("'\"")]


def build_mastg(git: Git, out: pathlib.Path) -> None:
    src = SOURCES["mastg"]
    old_tag, old_sha = src["old"]
    new_sha = check_rev(git, src["new"], src["new"])
    check_rev(git, old_tag, old_sha)

    def tests(rev: str, folder: str) -> list[tuple[str, dict[str, str], str]]:
        found = []
        for path, raw in sorted(git.tree(rev, folder).items()):
            m = re.fullmatch(rf"{folder}/(android|ios)/MASVS-[A-Z]+/(MASTG-TEST-\d{{4}})\.md", path)
            if m is None:
                continue
            meta, body = md_split(raw, f"{path} at {rev}")
            if meta.get("id", m.group(2)) != m.group(2):
                raise SystemExit(f"{path}: id {meta['id']} differs from the file name")
            found.append((m.group(2), meta, body))
        return found

    old_tests = tests(old_sha, "tests")
    fate = {tid: meta for tid, meta, _ in tests(new_sha, "tests")}
    new_tests = tests(new_sha, "tests-beta")
    old_lines = [(tid, one_line(f"{meta['title']}. {md_prose(body)}")) for tid, meta, body in old_tests]
    new_lines = []
    for tid, meta, body in new_tests:
        prose = md_prose(body)
        if meta.get("status") == "placeholder":
            prose = one_line(f"{prose} {meta.get('note', '')}")
        new_lines.append((tid, one_line(f"{meta['title']}. {prose}")))
    new_ids = {tid for tid, _ in new_lines}

    pairs: list[tuple[str, str]] = []
    unscored: list[str] = []
    notes: dict[str, str] = {}
    kinds: collections.Counter[str] = collections.Counter()
    splits: dict[str, int] = {}
    platforms = {tid: meta.get("platform", "") for tid, meta, _ in old_tests}
    for tid, _ in old_lines:
        state = fate.get(tid)
        if state is None:
            # Deleted from the guide: the deleting commit says why; no partner either way.
            log = git.run("log", "--diff-filter=D", "--format=%h %s", "-1", new_sha, "--", f"*{tid}.md")
            if not log.strip():
                raise SystemExit(f"v1 test {tid} of {old_tag} is missing at {new_sha} and no commit deleted it")
            kinds["deleted from the guide before the new commit"] += 1
            notes[tid] = f"{platforms[tid]} test deleted by commit {log.decode().strip()}: scored as removed"
            continue
        if state.get("status") != "deprecated":
            kinds["not deprecated at the new commit (fate not stated): unscored"] += 1
            unscored.append(tid)
            continue
        targets = mastg_list(state.get("covered_by", ""))
        missing = [t for t in targets if t not in new_ids]
        if missing:
            raise SystemExit(f"{tid}: covered_by names {missing}, not among the v2 tests")
        if not targets:
            kinds["deprecated, covered by no v2 test"] += 1
            notes[tid] = f"deprecated with an empty covered_by: {state.get('deprecation_note', '')}".strip()
            continue
        kinds[
            "deprecated, covered by one v2 test" if len(targets) == 1 else "deprecated, covered by several v2 tests"
        ] += 1
        if len(targets) > 1:
            splits[tid] = len(targets)
        pairs += [(tid, t) for t in targets]

    po, pn = [lab for lab, _ in old_lines], [lab for lab, _ in new_lines]
    # A v2 test that no covered_by names may be new or may carry on a v1 test whose fate is not
    # stated yet (covered_by lists are written when a v1 test is deprecated and not revisited):
    # the source does not say which, so links touching it are not scored.
    covered = {n for _, n in pairs}
    unscored_new = [lab for lab in pn if lab not in covered]
    for lab in unscored_new:
        notes[lab] = "v2 test named by no covered_by: its origin is not stated"
    gold = {
        "pairs": sorted_links(pairs, po, pn),
        "optional_pairs": [],
        "unscored_old": unscored,
        "unscored_new": unscored_new,
        "source": (
            f"OWASP MASTG tests: v1 tests (github.com/OWASP/mastg tag {old_tag}, commit {old_sha[:10]}, "
            f"tests/<platform>/<category>/MASTG-TEST-*.md) -> v2 tests (commit {new_sha[:10]}, tests-beta/...); "
            "text = title + body prose (front matter, headings, code blocks and images removed; a placeholder v2 "
            'test = title + note). Gold: the front matter of each v1 test at the new commit: "status: deprecated" '
            'with "covered_by: [v2 test ids]" links the v1 test to each v2 test named; an empty covered_by means '
            "no partner (scored as removed); a v1 test not deprecated there is unscored (the publisher has not "
            "stated its fate yet); a v2 test named by no covered_by is unscored (its origin is not stated)."
        ),
        "licence": (
            "CC BY-SA 4.0, OWASP MAS project (The OWASP Foundation); this adaptation is shared under CC BY-SA 4.0; "
            "see NOTICE.md."
        ),
        "kinds": dict(sorted(kinds.items())),
        "notes": notes,
        "splits": splits,
    }
    notice = MASTG_NOTICE.format(old_tag=old_tag, old_sha=old_sha[:10], new_sha=new_sha[:10])
    write_pair(out, f"mastg-tests-{old_tag}-v2", old_lines, new_lines, gold, notice)


# --------------------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="where the pair folders go (default: pairs/)")
    sub = ap.add_subparsers(dest="source", required=True)
    a = sub.add_parser("attack", help="MITRE ATT&CK Enterprise v6.3 -> v7.0 by tactic; Mobile v11.2 -> v11.3")
    a.add_argument("--cti", required=True, help="git repository of github.com/mitre/cti")
    a.add_argument(
        "--tactic",
        action="append",
        choices=(*ATTACK_TACTICS, "mobile"),
        help="an Enterprise tactic, or 'mobile' for the whole Mobile matrix (default: all of them)",
    )
    n = sub.add_parser("nist", help="NIST SP 800-53 Rev. 4 -> Rev. 5 by control family")
    n.add_argument("--oscal", required=True, help="git repository of github.com/usnistgov/oscal-content")
    n.add_argument("--family", action="append", choices=NIST_FAMILIES, help="default: all of them")
    b = sub.add_parser("bible", help="KJV -> JPS 1917 by book, gold from the eng.vrs versification map")
    b.add_argument("--kjv", required=True, help="git repository of github.com/aruljohn/Bible-kjv")
    b.add_argument("--jps", required=True, type=pathlib.Path, help="folder holding the Sefaria-Export JPS 1917 files")
    b.add_argument(
        "--vrs", required=True, help="git repository of github.com/Copenhagen-Alliance/versification-specification"
    )
    b.add_argument("--book", action="append", choices=sorted(BIBLE_BOOKS), help="default: all of them")
    m = sub.add_parser("mastg", help="OWASP MASTG v1 tests -> v2 tests, gold from covered_by")
    m.add_argument("--mastg", required=True, help="git repository of github.com/OWASP/mastg")
    args = ap.parse_args(argv)
    out: pathlib.Path = args.out
    if args.source == "attack":
        cti = Git(args.cti)
        for tactic in args.tactic or (*ATTACK_TACTICS, "mobile"):
            if tactic == "mobile":
                build_attack(cti, None, out, release="cti-mobile")
            else:
                build_attack(cti, tactic, out)
    elif args.source == "nist":
        oscal = Git(args.oscal)
        for family in args.family or NIST_FAMILIES:
            build_nist(oscal, family, out)
    elif args.source == "mastg":
        build_mastg(Git(args.mastg), out)
    else:
        kjv, vrs = Git(args.kjv), Git(args.vrs)
        for book in args.book or sorted(BIBLE_BOOKS):
            build_bible(kjv, args.jps, vrs, book, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
