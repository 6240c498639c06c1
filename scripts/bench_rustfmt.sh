#!/usr/bin/env bash
# `grouse --rustfmt` (check mode, default threads) against `cargo fmt --check` followed by
# `grouse`, on the same benchmark tree (scripts/bench.sh: the corpus crates, each its own
# package, only the files cargo fmt formats). Prints the wall-clock and CPU seconds of each, best
# and median of N runs, and how many files each would change.
#
#   grouse --rustfmt       grouse --rustfmt --quiet TREE
#   cargo fmt + grouse     cargo fmt --check in each crate, one after the other, then
#                          grouse --quiet TREE
#
# Usage: scripts/bench_rustfmt.sh [--runs N] [--size s|m|l]
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=3
SIZE=m
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --size) SIZE="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
for tool in python3 rustfmt cargo; do
    command -v "$tool" > /dev/null || { echo "missing: $tool" >&2; exit 2; }
done

ensure_corpus
say "building grouse (cargo build --release)"
(cd "$repo" && cargo build --release --quiet --bin grouse)
grouse="${CARGO_TARGET_DIR:-$repo/target}/release/grouse"
ensure_bench_trees
tree="$bench/$SIZE"

one_rustfmt() { "$grouse" --rustfmt --quiet "$tree" || [ $? = 1 ]; }
cargo_fmt_then_grouse() {
    for c in "$tree"/*/; do
        (cd "$c" && cargo fmt --check > /dev/null 2>&1) || true
    done
    "$grouse" --quiet "$tree" || [ $? = 1 ]
}

# Seconds: "wall user+sys" of one run of a function.
measure() {
    local TIMEFORMAT='%R %U %S' t
    t=$( { time "$1" > /dev/null 2>&1; } 2>&1 )
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' <<< "$t"
}

files=$(wc -l < "$tree/files.list")
bytes=$(tr '\n' '\0' < "$tree/files.list" | du -cb --files0-from=- | tail -1 | cut -f1)
crates=$(ls -d "$tree"/*/ | wc -l)
say "tree $SIZE: $crates crates, $files files, $bytes bytes; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# What each would report: the same files, or not.
listed_one=$("$grouse" --rustfmt --list "$tree" 2> /dev/null | wc -l || true)
listed_two=$( { for c in "$tree"/*/; do (cd "$c" && cargo fmt --check -- -l 2> /dev/null) || true; done
                "$grouse" --list "$tree" 2> /dev/null || true; } \
              | grep '\.rs$' | xargs -r realpath -ms | sort -u | wc -l)
say "files that would change: grouse --rustfmt $listed_one; cargo fmt --check or grouse $listed_two"

for tool in one_rustfmt cargo_fmt_then_grouse; do
    measure "$tool" > /dev/null # warm-up
    runs=()
    for _ in $(seq "$RUNS"); do runs+=("$(measure "$tool")"); done
    printf '%s\n' "${runs[@]}" | sort -n | awk -v tool="$tool" -v n="$RUNS" '
        { wall[NR] = $1; cpu[NR] = $2 }
        END { printf "%-22s wall: best %.2f s, median %.2f s;  CPU of that run %.2f s  (%d runs)\n",
              tool, wall[1], wall[int((n + 1) / 2)], cpu[int((n + 1) / 2)], n }'
done
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
