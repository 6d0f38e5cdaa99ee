#!/usr/bin/env bash
# Records what two archpick binaries print for every command on every bundled
# scenario and rule pack, and compares the two records byte for byte: a
# speed-up must not change a single byte of output, exit code or message.
#
#   benches/compare-outputs.sh OLD_BINARY NEW_BINARY [WORK_DIR]
#
# Typically OLD is main's release binary, copied aside before the change
# (`cargo build --release && cp target/release/archpick /tmp/archpick-main`),
# and NEW is `target/release/archpick`. Exit 0 when every output is identical,
# 1 (with the first differences) when not. Run from the repository root; the
# casebook of ../shared/casebook is included when it is there.
set -euo pipefail

if [ $# -lt 2 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
old=$(realpath "$1")
new=$(realpath "$2")
work=${3:-$(mktemp -d)}
mkdir -p "$work"
root=$(pwd)
# The cache of compiled packs (newer binaries) in the work folder, never the user's.
export XDG_CACHE_HOME="$work/cache"

# Rule packs: the built-in one, a copy of it given with --rules, and every
# pack of tests/ laid over rules/ the way tests/cli/check.rs lays them.
packs="$work/packs"
rm -rf "$packs"
mkdir -p "$packs"
overlay() { # overlay NAME BASE... : a pack made of the folders given, later ones winning
  local name=$1
  shift
  mkdir -p "$packs/$name"
  for dir in "$@"; do cp -r "$dir/." "$packs/$name/"; done
}
overlay copy_of_rules rules
overlay tiny rules tests/fixtures/packs/tiny
for dir in tests/packs/*/; do
  name=$(basename "$dir")
  if grep -q 'extends:' "$dir/pack.yaml" 2>/dev/null; then
    overlay "check_$name" "$dir"
  else
    overlay "check_$name" rules tests/packs/clean "$dir"
  fi
done
for dir in tests/corpus/packs/*/; do
  overlay "corpus_$(basename "$dir")" rules "$dir"
done

scenarios=(scenarios/*.yaml)
mapfile -t -O "${#scenarios[@]}" scenarios < <(find tests/evidence -name '*.yaml' | sort)
if [ -d ../shared/casebook ]; then
  mapfile -t -O "${#scenarios[@]}" scenarios < <(find ../shared/casebook -name '*.yaml' | sort)
fi
mapfile -t patterns < <("$old" list patterns --format json | sed -n 's/^    "id": "\(.*\)",$/\1/p')
if [ "${#patterns[@]}" -lt 10 ]; then
  echo "could not list the patterns of the built-in pack" >&2
  exit 2
fi

# record BINARY DIR: one file per case, holding stdout, stderr and the exit code.
record() {
  local bin=$1 out=$2 n=0
  rm -rf "$out"
  mkdir -p "$out"
  case_() { # case_ NAME ARGS...: runs the binary in the repository root
    local name=$1
    shift
    n=$((n + 1))
    {
      local rc=0
      (cd "$root" && "$bin" --color never "$@") >"$out/$name.stdout" 2>"$out/$name.stderr" || rc=$?
      echo "$rc" >"$out/$name.rc"
    }
  }
  for s in "${scenarios[@]}"; do
    key=$(echo "$s" | tr '/.' '__')
    for f in text json markdown; do
      case_ "evaluate.$f.$key" evaluate "$s" --format "$f"
    done
    case_ "evaluate.top3.$key" evaluate "$s" --top 3
    case_ "review.$key" review "$s" --date 2026-01-02
    case_ "review.full.$key" review "$s" --detail full --date 2026-01-02
    case_ "review.strict.$key" review "$s" --strict --date 2026-01-02
    # The same folder for both binaries, since `adr` names the files it wrote.
    local adr="$work/adr/$key"
    rm -rf "$adr"
    case_ "adr.$key" adr "$s" -o "$adr" --date 2026-01-02
    for f in "$adr"/*; do
      [ -e "$f" ] && mv "$f" "$out/adr.$key.$(basename "$f")"
    done
    case_ "next.$key" next "$s"
    case_ "next.json.$key" next "$s" --format json
    case_ "graph.$key" graph "$s"
    case_ "graph.mermaid.$key" graph "$s" --format mermaid
    for p in "${patterns[@]}"; do
      case_ "why-not.$p.$key" why-not "$p" "$s"
    done
    case_ "why-not.json.$key" why-not "${patterns[$((n % ${#patterns[@]}))]}" "$s" --format json
  done
  for f in text json markdown; do
    case_ "evaluate.many.$f" evaluate "${scenarios[@]}" --format "$f"
    case_ "evaluate.scenarios.$f" evaluate scenarios/*.yaml --format "$f"
  done
  case_ "evaluate.many.one_missing" evaluate scenarios/b2b_saas.yaml no/such/file.yaml --format json
  case_ "diff.scenarios" diff scenarios/b2b_saas.yaml scenarios/social_feed.yaml
  case_ "diff.json" diff scenarios/b2b_saas.yaml scenarios/social_feed.yaml --format json
  case_ "evaluate.set.diff" evaluate scenarios/b2b_saas.yaml --set tenants=1 --diff
  case_ "test.scenarios" test scenarios/
  case_ "test.coverage" test scenarios/ --coverage
  case_ "test.evidence" test tests/evidence
  case_ "check.builtin" check
  case_ "check.builtin.json" check --format json
  for pack in "$packs"/*/; do
    name=$(basename "$pack")
    case_ "check.$name" --rules "$pack" check
    case_ "check.json.$name" --rules "$pack" check --format json
    for s in scenarios/b2b_saas.yaml scenarios/social_feed.yaml tests/fixtures/scenarios/known.yaml; do
      key=$(echo "$s" | tr '/.' '__')
      case_ "rules.evaluate.$name.$key" --rules "$pack" evaluate "$s" --format json
      case_ "rules.review.$name.$key" --rules "$pack" review "$s" --date 2026-01-02
      case_ "rules.why-not.$name.$key" --rules "$pack" why-not cqrs "$s"
    done
    case_ "rules.list.$name" --rules "$pack" list rules --format json
  done
  echo "$n cases"
}

echo "recording $old"
record "$old" "$work/old"
echo "recording $new"
record "$new" "$work/new"
# The packs' temporary paths appear in messages; they are the same for both runs.
if diff -r "$work/old" "$work/new" >"$work/diff.txt"; then
  echo "identical: every output of $(ls "$work/old" | wc -l) files"
else
  echo "DIFFERENT (full list in $work/diff.txt):"
  head -60 "$work/diff.txt"
  exit 1
fi
