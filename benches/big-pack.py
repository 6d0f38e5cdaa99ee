#!/usr/bin/env python3
"""Writes large rule packs for the process-level figures of benches/README.md
and for the issue-15 cases (commands on packs within the input limits).

    benches/big-pack.py KIND OUT_DIR [N]

KIND is one of:

  copy        the built-in pack, copied as it is (a custom pack the size of
              the built-in one: `--rules` against the compiled built-in)
  scaled      the built-in pack N times over (default 10), every trait,
              pattern and rule id suffixed `_k`, as benches/engine.rs scales it,
              with OUT_DIR/scenarios/ holding 200 scenarios that set the traits
              of every copy
  rules       `extends: builtin` plus N rules (default 10000), each comparing
              `read_write_ratio` or `peak_rps` with its own threshold and
              supporting two patterns: what-ifs that re-scored every rule for
              every threshold were quadratic
  relations   `extends: builtin` plus N copies (default 4000) of one relation:
              `check` used to locate each duplicate by re-reading the file
  wide        `extends: builtin` plus N bool traits (default 2000) and one rule
              whose condition is an `all:` of all of them

Run from the repository root (it reads rules/).
"""
import os
import random
import re
import shutil
import sys


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else None
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    if kind == "copy":
        shutil.copytree("rules", out, dirs_exist_ok=True)
    elif kind == "scaled":
        scaled(out, n or 10)
    elif kind == "rules":
        rules(out, n or 10000)
    elif kind == "relations":
        relations(out, n or 4000)
    elif kind == "wide":
        wide(out, n or 2000)
    else:
        print(f"unknown kind {kind!r}", file=sys.stderr)
        sys.exit(2)


def extending(out, name):
    write(out, "pack.yaml", f"name: {name}\nversion: 0.1.0\nextends: builtin\n")


def write(out, path, text):
    path = os.path.join(out, path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def rules(out, n):
    extending(out, "many-rules")
    rng = random.Random(16)
    patterns = ["caching", "read_replicas", "sharding", "cqrs", "message_queue", "cdn"]
    lines = []
    for i in range(n):
        t = "read_write_ratio" if i % 2 == 0 else "peak_rps"
        test = "at_least" if i % 3 else "at_most"
        a, b = rng.sample(patterns, 2)
        lines.append(
            f"- id: generated-{i}\n"
            f"  when: {{{t}: {{{test}: {i // 2 + 1}}}}}\n"
            f"  support: {{{a}: 0.25, {b}: -0.25}}\n"
            f"  because: generated rule {i}\n"
        )
    write(out, "rules.yaml", "".join(lines))


def relations(out, n):
    extending(out, "many-relations")
    one = "- {from: caching, kind: complements, to: cdn, because: generated}\n"
    write(out, "relations.yaml", one * n)


def wide(out, n):
    extending(out, "wide")
    traits = "".join(f"- id: wide_{i}\n  kind: bool\n  meaning: generated\n" for i in range(n))
    write(out, "traits.yaml", traits)
    tests = "".join(f"      - wide_{i}: true\n" for i in range(n))
    write(
        out,
        "rules.yaml",
        "- id: all-of-them\n  when:\n    all:\n" + tests
        + "  support: {caching: 1}\n  because: generated\n",
    )


def scaled(out, n):
    base = {}
    for root, _, files in os.walk("rules"):
        for f in files:
            if f.endswith(".yaml"):
                path = os.path.relpath(os.path.join(root, f), "rules")
                with open(os.path.join(root, f)) as fh:
                    base[path] = fh.read()
    ids = re.findall(r"^- id: (\w+)", base["traits.yaml"], re.M)
    patterns = re.search(r"patterns: \[([^\]]*)\]", base["pack.yaml"]).group(1)
    patterns = [p.strip() for p in patterns.split(",")]
    rule_ids = re.findall(r"^- id: ([\w-]+)", base["rules.yaml"], re.M)
    words = sorted(set(ids + patterns), key=len, reverse=True)
    word = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")
    rule_word = re.compile(r"^(- id: )([\w-]+)$", re.M)

    def rename(text, k):
        return word.sub(lambda m: f"{m.group(1)}_{k}", text)

    traits, rules_, relations_, listed = [], [], [], []
    for k in range(n):
        traits.append(rename(base["traits.yaml"], k))
        r = rename(base["rules.yaml"], k)
        r = rule_word.sub(lambda m: f"{m.group(1)}{m.group(2)}-{k}" if m.group(2) in rule_ids else m.group(0), r)
        rules_.append(r)
        relations_.append(rename(base["relations.yaml"], k))
        for p in patterns:
            card = rename(base[f"patterns/{p}.yaml"], k)
            # An alias names one pattern only: suffix those of every copy too.
            card = re.sub(
                r"^aliases: \[([^\]]*)\]",
                lambda m: "aliases: [" + ", ".join(f"{a.strip()}_{k}" for a in m.group(1).split(",")) + "]",
                card,
                flags=re.M,
            )
            write(out, f"patterns/{p}_{k}.yaml", card)
            listed.append(f"{p}_{k}")
    manifest = re.sub(r"patterns: \[[^\]]*\]", "patterns: [" + ", ".join(listed) + "]", base["pack.yaml"])
    write(out, "pack.yaml", manifest)
    write(out, "traits.yaml", "".join(traits))
    write(out, "rules.yaml", "".join(rules_))
    write(out, "relations.yaml", "".join(relations_))
    for other in ("strains.yaml", "costs.yaml", "limits.yaml"):
        if other in base:
            write(out, other, rename(base[other], 0))
    # 200 scenarios: each bundled scenario's traits, set for every copy.
    bundled = sorted(f for f in os.listdir("scenarios") if f.endswith(".yaml"))
    for i in range(200):
        with open(os.path.join("scenarios", bundled[i % len(bundled)])) as fh:
            text = fh.read()
        block = re.search(r"^traits:\n((?:  .*\n)+)", text, re.M).group(1)
        body = "".join(rename(block, k) for k in range(n))
        write(out, f"scenarios/s{i:03}.yaml", f"name: scaled {i}\ntraits:\n{body}")


if __name__ == "__main__":
    main()
