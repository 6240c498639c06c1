# Shared by the scripts in this directory (sourced, not run).

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
dir="${GROUSE_CORPUS_DIR:-$HOME/.cache/grouse-corpus}"
vendor="$dir/vendor"
export CARGO_TARGET_DIR_PROBE="$dir/target"

say() { printf '==> %s\n' "$*" >&2; }

# The corpus, assembled if it is not there yet.
ensure_corpus() {
    if [[ ! -f "$dir/files.tsv" || ! -f "$vendor/.grouse-lock" ]]; then
        "$here/corpus.sh"
    fi
}

# grouse's release build and the helper program, built if needed.
build_tools() {
    say "building grouse (cargo build --release)"
    (cd "$repo" && cargo build --release --quiet --bin grouse)
    grouse="$repo/target/release/grouse"
    say "building the helper program scripts/probe (its own workspace, target dir in the corpus dir)"
    (cd "$here/probe" && CARGO_TARGET_DIR="$CARGO_TARGET_DIR_PROBE" cargo build --release --quiet --locked)
    probe="$CARGO_TARGET_DIR_PROBE/release/grouse-probe"
}

# The benchmark trees $bench/{s,m,l} (see scripts/bench.sh), built if they are not up to date.
ensure_bench_trees() {
    bench="$dir/bench"
    mkdir -p "$bench"
    stamp="$bench/.stamp"
    want="$(cat "$vendor/.grouse-lock" "$here/bench_tree.py" | sha256sum | cut -c1-16)"
    if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
        say "benchmark trees are up to date ($bench/{s,m,l})"
    else
        say "building the benchmark trees (hard links into the corpus)"
        python3 "$here/bench_tree.py" "$dir" "$bench"
        for size in s m l; do
            tree="$bench/$size"
            say "$size: which files rustfmt formats from the crate roots (rustfmt --check -v)"
            : > "$tree/visited"
            for roots in "$tree"/roots.*; do
                e="${roots##*.}"
                tr '\n' '\0' < "$roots" | xargs -0 rustfmt --check -v --edition "$e" 2> /dev/null \
                    | sed -n 's/^Formatting \(.*\.rs\)$/\1/p' >> "$tree/visited" || true
            done
            # `#[path = "../x.rs"]` gives paths with `..`: normalize them.
            tr '\n' '\0' < "$tree/visited" | xargs -0 realpath -ms | sort -u | grep "^$tree/" \
                > "$tree/files.list" || true
            # Keep only those: every tool gets exactly the files cargo fmt checks.
            find "$tree" -name '*.rs' | sort > "$tree/all.rs"
            comm -23 "$tree/all.rs" "$tree/files.list" | tr '\n' '\0' | xargs -0 -r rm -f
            rm -f "$tree/all.rs"
        done
        echo "$want" > "$stamp"
    fi
}

# rustfmt_check_list EDITION LIST OUT [TOOLCHAIN]: run `rustfmt --check` (stable, or `+TOOLCHAIN`)
# on every file of LIST (one path a line), each file alone (skip_children), and write the paths
# rustfmt rejects (a diff or an error) to OUT.
rustfmt_check_list() {
    local edition="$1" list="$2" out="$3" toolchain="${4:-}"
    : > "$out"
    [[ -s "$list" ]] || return 0
    local tmp
    tmp="$(mktemp -d)"
    # rustfmt exits 1 on a diff and on an error; neither stops the other files of a batch.
    tr '\n' '\0' < "$list" | RUSTUP_TOOLCHAIN_ARG="${toolchain:+"+$toolchain"}" xargs -0 -n 200 -P "$(nproc)" \
        sh -c 'e="$0"; t="$1"; shift
               rustfmt ${RUSTUP_TOOLCHAIN_ARG} --check -l --edition "$e" --config skip_children=true "$@" \
                   >> "$t/out.$$" 2>> "$t/err.$$" || true' "$edition" "$tmp" \
        2>/dev/null || true
    # Parallel batches: each writes its own files.
    cat "$tmp"/out.* 2>/dev/null | sed -n 's/^\(\/.*\.rs\)$/\1/p' > "$tmp/rejected" || true
    cat "$tmp"/err.* 2>/dev/null | sed -n 's/^ *--> \(\/.*\.rs\):[0-9]*:[0-9]*$/\1/p' >> "$tmp/rejected" || true
    sort -u "$tmp/rejected" > "$out"
    rm -rf "$tmp"
}

# Seconds since the epoch, with nanoseconds.
now() { date +%s.%N; }
