#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind) of the process-level budgets
# of benches/README.md, as ratios against `archpick --version` of the same
# binary: repeatable on a shared, loaded machine, where wall times are not.
#
#   benches/instructions.sh [BINARY]     (default target/release/archpick)
#
# Run from the repository root after `cargo build --release`. Packs are made
# in a temporary folder with benches/big-pack.py; the cache of compiled packs
# goes to a temporary folder too, warmed by one run before counting.
set -euo pipefail
bin=$(realpath "${1:-target/release/archpick}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache"
python3 benches/big-pack.py copy "$work/copy"
python3 benches/big-pack.py scaled "$work/scaled" 10

count() { # count ARGS...: instructions of one run
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" "$@" \
    >"$work/stdout" 2>"$work/stderr" || true
  grep -E '^(summary|totals):' "$work/cg.out" | head -1 | awk '{print $2}'
}

scenario=scenarios/ecommerce_storefront.yaml
base=$(count --version)
printf '%-72s %12s %7s\n' "command" "instructions" "ratio"
row() { # row LABEL ARGS...
  local label=$1
  shift
  "$bin" "$@" >"$work/warm" 2>&1 || true
  local n
  n=$(count "$@")
  printf '%-72s %12s %7s\n' "$label" "$n" "$(awk -v a="$n" -v b="$base" 'BEGIN{printf "%.2f", a/b}')"
}
printf '%-72s %12s %7s\n' "--version" "$base" "1.00"
row "evaluate $scenario --format json" evaluate "$scenario" --format json
row "evaluate (text)" evaluate "$scenario"
row "review $scenario" review "$scenario" --date 2026-01-02
row "adr $scenario -o DIR" adr "$scenario" -o "$work/adr" --date 2026-01-02
row "why-not cqrs scenarios/social_feed.yaml" why-not cqrs scenarios/social_feed.yaml
row "next $scenario" next "$scenario"
row "--rules COPY-OF-BUILTIN evaluate (cached)" --rules "$work/copy" evaluate "$scenario" --format json
ARCHPICK_NO_CACHE=1 row "--rules COPY-OF-BUILTIN evaluate (ARCHPICK_NO_CACHE=1)" --rules "$work/copy" evaluate "$scenario" --format json
row "--rules 10x-PACK evaluate (cached)" --rules "$work/scaled" evaluate "$work/scaled/scenarios/s000.yaml" --format json
