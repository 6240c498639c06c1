#!/usr/bin/env bash
# The cost of granularity on a tree that is already merged: tree m of scripts/bench.sh, copied and
# fixed with `granularity = "crate"`, then checked (`grouse --check`, nothing to change) once with
# `granularity = "crate"` and once with `granularity = "preserve"`; CPU time (user + system) and
# wall time of each, RUNS runs each (default 5), alternating, and the median.
#
# Usage: scripts/bench_granularity.sh [RUNS]. Scratch goes to $GROUSE_CORPUS_DIR/bench-merged.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs="${1:-5}"

ensure_corpus
build_tools
ensure_bench_trees
tree="$dir/bench-merged"
say "copying tree m to $tree (no hard links: it is rewritten)"
rm -rf "$tree"
cp -r "$bench/m" "$tree"
sed "s|^$bench/m/|$tree/|" "$bench/m/files.list" > "$tree/files.list"
for g in crate preserve; do
    printf 'granularity = "%s"\n' "$g" > "$tree/$g.toml"
done
say "grouse --fix with granularity = \"crate\""
tr '\n' '\0' < "$tree/files.list" | xargs -0 "$grouse" --config "$tree/crate.toml" --fix -q || true
for g in crate preserve; do
    if ! tr '\n' '\0' < "$tree/files.list" | xargs -0 "$grouse" --config "$tree/$g.toml" --check -q; then
        say "the merged tree is not clean for granularity $g"
        exit 1
    fi
done
files=$(grep -c '^' "$tree/files.list")
say "timing grouse --check on $files files, $runs runs each"
: > "$tree/times.crate"
: > "$tree/times.preserve"
for _ in $(seq "$runs"); do
    for g in crate preserve; do
        "$probe" time "$tree/times.$g" "$grouse" --config "$tree/$g.toml" --check -q "$tree"
    done
done
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
for g in crate preserve; do
    cpu=$(awk '{print $2 + $3}' "$tree/times.$g" | median)
    wall=$(awk '{print $1}' "$tree/times.$g" | median)
    printf '%s\t%s\t%s\n' "$g" "$cpu" "$wall"
done > "$tree/summary.tsv"
awk -F'\t' '{cpu[$1] = $2; wall[$1] = $3}
    END {printf "granularity crate:    CPU %.3f s, wall %.3f s\ngranularity preserve: CPU %.3f s, wall %.3f s\ncrate costs %+.1f%% CPU\n",
        cpu["crate"], wall["crate"], cpu["preserve"], wall["preserve"], 100 * (cpu["crate"] / cpu["preserve"] - 1)}' \
    "$tree/summary.tsv"
