#!/usr/bin/env python3
"""Validate the held-out scenario files against DESIGN.md (sections 1-2).

Checks, per YAML file in this folder:
  * parses as YAML, top-level keys are known (name, description, traits, adopted, expect);
  * every trait id exists in DESIGN.md, with a value of the right kind
    (bool / level value from the listed values / number);
  * every pattern id in adopted / expect.include / expect.exclude is one of the 33;
  * expect.top is an int >= len(include); include and exclude do not overlap;
  * the header has '# Source:' and '# Patterns used' and one evidence line per
    included pattern, each quoted and at most 20 words;
  * no local filesystem paths.

Usage: python3 check_heldout.py [DESIGN.md path]   (default: ../../../shared/DESIGN.md
relative to this file). Exit 0 if all files pass.
"""
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_design(path):
    text = open(path, encoding="utf-8").read()
    patterns, traits = set(), {}
    section = None
    for line in text.splitlines():
        if line.startswith("#"):
            if line.startswith("### Patterns"):
                section = "patterns"
            elif line.startswith("### Traits"):
                section = "traits"
            else:
                section = None
            continue
        if not section or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0] in ("id", "") or set(cells[0]) <= set("-"):
            continue
        if section == "patterns":
            patterns.add(cells[0])
        else:
            kind = cells[1]
            if kind.startswith("level"):
                values = [v.strip() for v in kind.split(":", 1)[1].split(",")]
                traits[cells[0]] = ("level", values)
            else:
                traits[cells[0]] = (kind, None)
    return patterns, traits


def check_file(path, patterns, traits):
    errs = []
    raw = open(path, encoding="utf-8").read()
    try:
        doc = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        return [f"YAML error: {e}"]
    if not isinstance(doc, dict):
        return ["top level is not a mapping"]
    for k in doc:
        if k not in ("name", "description", "traits", "adopted", "expect"):
            errs.append(f"unknown top-level key {k!r}")
    if not isinstance(doc.get("name"), str) or not doc["name"].strip():
        errs.append("missing name")
    for tid, val in (doc.get("traits") or {}).items():
        if tid not in traits:
            errs.append(f"unknown trait {tid!r}")
            continue
        kind, values = traits[tid]
        if kind == "bool" and not isinstance(val, bool):
            errs.append(f"trait {tid}: expected bool, got {val!r}")
        elif kind == "number" and (isinstance(val, bool) or not isinstance(val, (int, float))):
            errs.append(f"trait {tid}: expected number, got {val!r}")
        elif kind == "level" and val not in values:
            errs.append(f"trait {tid}: {val!r} not in {values}")
    for pid in doc.get("adopted") or []:
        if pid not in patterns:
            errs.append(f"unknown adopted pattern {pid!r}")
    exp = doc.get("expect") or {}
    inc = exp.get("include") or []
    exc = exp.get("exclude") or []
    for pid in inc + exc:
        if pid not in patterns:
            errs.append(f"unknown pattern {pid!r}")
    if set(inc) & set(exc):
        errs.append(f"include/exclude overlap: {set(inc) & set(exc)}")
    if len(set(inc)) != len(inc):
        errs.append("duplicate include entries")
    top = exp.get("top")
    if not isinstance(top, int) or isinstance(top, bool) or top < len(inc):
        errs.append(f"bad top {top!r} for {len(inc)} includes")
    # header conventions
    header = []
    for line in raw.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    if not header or not header[0].startswith("# Source: "):
        errs.append("first line must be '# Source: ...'")
    if not any(l.startswith("# Patterns used, with the source's evidence:") for l in header):
        errs.append("missing '# Patterns used' line")
    evidence = {}
    for l in header:
        m = re.match(r'#\s+([a-z_]+): "(.*)"\s*$', l)
        if m:
            evidence[m.group(1)] = m.group(2)
    for pid in inc:
        if pid not in evidence:
            errs.append(f"no evidence line for {pid}")
        elif len(evidence[pid].split()) > 20:
            errs.append(f"evidence for {pid} has {len(evidence[pid].split())} words (>20)")
    for pid in evidence:
        if pid not in inc:
            errs.append(f"evidence line for {pid} which is not included")
    if re.search(r"(^|\s)/(work|home|tmp|root)/", raw):
        errs.append("contains a local filesystem path")
    return errs


def main():
    design = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "shared", "DESIGN.md")
    patterns, traits = parse_design(design)
    assert len(patterns) == 33, f"expected 33 patterns in DESIGN.md, parsed {len(patterns)}"
    files = sorted(f for f in os.listdir(HERE) if f.endswith((".yaml", ".yml")))
    bad = 0
    for f in files:
        errs = check_file(os.path.join(HERE, f), patterns, traits)
        status = "ok" if not errs else "FAIL"
        print(f"{status:4} {f}")
        for e in errs:
            print(f"     - {e}")
        bad += bool(errs)
    print(f"{len(files) - bad} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
