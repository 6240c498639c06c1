#!/usr/bin/env bash
# Benchmarks on the corpus (scripts/corpus.sh): grouse against its peers and its floors, on the
# same files, in one run. Writes BENCHMARKS.md and docs/bench.svg.
#
# The files: what `cargo fmt --check` formats in each corpus crate -- its crate roots (lib, bins,
# examples, tests, benches, build script) and every file they reach through `mod` -- each file
# counted once. Each crate is a member of one Cargo workspace with a stub manifest (the crate's
# edition, no dependencies), which `cargo group-imports` needs. Three sizes: every fourth crate
# (s), every second (m), all (l).
#
# Tools, each as a command over the whole tree, measured with hyperfine (1 warm-up, $RUNS runs)
# under `grouse-probe time` (wait4: CPU of the command and its children in microseconds, and the
# peak RSS of its largest process):
#   grouse -j1 / -j2          check mode, the tree as argument
#   rustfmt --check           stable rustfmt on the crate roots, one process per edition, as
#                             cargo fmt passes them (--edition), and again with
#                             --config group_imports=StdExternalCrate
#   cargo group-imports       check mode (installed from the crates registry if missing)
#   syn::parse_file, tokenize the floors, scripts/probe over the file list, one thread
#   rg -c '^\s*use '          the scan floor
#
# Usage: scripts/bench.sh [--runs N] [--sizes "s m l"] [--tools "grouse-j1 grouse-j2"] [--no-write]
#   --tools re-measures only those tools and keeps the other results of the last run.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

RUNS=5
SIZES="s m l"
WRITE=1
ONLY=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --sizes) SIZES="$2"; shift 2 ;;
        --no-write) WRITE=0; shift ;;
        --tools) ONLY="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

for tool in hyperfine rg python3 rustfmt; do
    command -v "$tool" > /dev/null || { echo "missing: $tool (apt-get install hyperfine ripgrep)" >&2; exit 2; }
done
if ! command -v cargo-group-imports > /dev/null; then
    say "installing cargo-group-imports from the crates registry (cargo install --locked)"
    cargo install --locked --quiet cargo-group-imports
fi

ensure_corpus
build_tools
bench="$dir/bench"
mkdir -p "$bench"

# --- the trees ------------------------------------------------------------------------------------
ensure_bench_trees

# --- the commands ---------------------------------------------------------------------------------
# Each tool is a small script in $bench/cmd, so hyperfine and GNU time see one command.
cmd="$bench/cmd"
mkdir -p "$cmd"
write_cmd() { # NAME BODY: the body runs with $T = the tree
    printf '#!/usr/bin/env bash\nT="$1"\n%s\n' "$2" > "$cmd/$1"
    chmod +x "$cmd/$1"
}
write_cmd grouse-j1 "\"$grouse\" --quiet -j1 \"\$T\" || [ \$? = 1 ]"
write_cmd grouse-j2 "\"$grouse\" --quiet -j2 \"\$T\" || [ \$? = 1 ]"
write_cmd rustfmt 'for r in "$T"/roots.*; do
    tr "\n" "\0" < "$r" | xargs -0 rustfmt --check --edition "${r##*.}" > /dev/null 2>&1 || true
done'
write_cmd rustfmt-group 'for r in "$T"/roots.*; do
    tr "\n" "\0" < "$r" | xargs -0 rustfmt --check --edition "${r##*.}" \
        --config group_imports=StdExternalCrate > /dev/null 2>&1 || true
done'
# One run per crate, as each is its own project: it stops a whole run at the first file where it
# fails (see below), and it would stop the others.
write_cmd cargo-group-imports 'for c in "$T"/*/; do
    (cd "$c" && cargo-group-imports group-imports --color never . > /dev/null 2>&1) || true
done'
write_cmd syn "\"$probe\" syn \"\$T/files.list\" > /dev/null"
write_cmd tokenize "\"$probe\" lex \"\$T/files.list\" > /dev/null"
write_cmd rg 'rg -c "^\s*use " "$T" > /dev/null || [ $? = 1 ]'
tools=(grouse-j1 grouse-j2 rustfmt rustfmt-group cargo-group-imports syn tokenize rg)
[[ -n "$ONLY" ]] && read -r -a tools <<< "$ONLY"

# How often cargo group-imports fails on a crate (outside the timed runs).
for size in $SIZES; do
    [[ " ${tools[*]} " == *" cargo-group-imports "* ]] || continue
    : > "$bench/cgi-failed.$size"
    for c in "$bench/$size"/*/; do
        if (cd "$c" && cargo-group-imports group-imports --color never . > "$bench/cgi.out" 2>&1); then :; else
            [[ $? == 1 ]] || { echo "$(basename "$c"): $(grep ERROR "$bench/cgi.out" | tail -1 | sed 's/.*] //')" >> "$bench/cgi-failed.$size"; }
        fi
    done
    say "cargo group-imports stops with an error on $(wc -l < "$bench/cgi-failed.$size") of $(ls -d "$bench/$size"/*/ | wc -l) crates (size $size)"
done

# --- run -------------------------------------------------------------------------------------------
results="$bench/results"
if [[ -z "$ONLY" ]]; then
    rm -rf "$results"
fi
mkdir -p "$results"
rm -f "$results/sizes"
say "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
suffix=""
if [[ -n "$ONLY" ]]; then
    suffix=".partial"
    echo "${tools[*]}" > "$results/partial.tools"
fi
uptime > "$results/load.before$suffix"
# Which grouse was measured.
{ git -C "$repo" rev-parse --short HEAD
  git -C "$repo" status --porcelain -- src Cargo.toml Cargo.lock | head -1; } > "$results/grouse.commit"
for size in $SIZES; do
    tree="$bench/$size"
    files=$(wc -l < "$tree/files.list")
    bytes=$(tr '\n' '\0' < "$tree/files.list" | du -cb --files0-from=- | tail -1 | cut -f1)
    echo "$size $files $bytes" >> "$results/sizes"
    say "size $size: $files files, $bytes bytes"
    for tool in "${tools[@]}"; do
        say "  $tool"
        rm -f "$results/$tool.$size.time" "$results/$tool.$size.json"
        hyperfine --style basic --warmup 1 --runs "$RUNS" \
            --export-json "$results/$tool.$size.json" \
            "$probe time $results/$tool.$size.time $cmd/$tool $tree" \
            > "$results/$tool.$size.log" 2>&1
        grep -E 'Time|Range' "$results/$tool.$size.log" | sed 's/^/      /' >&2
    done
done
uptime > "$results/load.after$suffix"
say "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# --- report ----------------------------------------------------------------------------------------
python3 "$here/bench_report.py" "$results" "$RUNS" "$repo" "$WRITE"
