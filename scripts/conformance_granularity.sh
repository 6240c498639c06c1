#!/usr/bin/env bash
# Conformance of grouse's granularity with nightly rustfmt's `imports_granularity`, on the corpus
# (scripts/corpus.sh). The only script that needs nightly rustfmt; it says so and stops when
# nightly is missing (`rustup toolchain install nightly --component rustfmt`).
#
# 1. The files both stable and nightly `rustfmt --check --edition E` accept (each file alone,
#    with its crate's edition and rustfmt.toml): a difference below then comes from the import
#    options, not from another nightly option of a crate's rustfmt.toml or a nightly change.
# 2. For each mode M in crate, module, item, one (or the modes given as arguments), byte-for-byte
#    comparison of
#      rustfmt +nightly --edition E --config group_imports=StdExternalCrate,imports_granularity=M,skip_children=true
#      grouse --fix --config F   (F: preset = "rustfmt", granularity = M, style_edition = the crate's)
#    and every difference with its class (`grouse-probe classify-granularity`): a rustfmt bug
#    grouse does not copy, or a grouse bug.
#
# Scratch goes to $GROUSE_CORPUS_DIR/granularity. Exit status: 0 when no grouse bug was found, 2
# when nightly rustfmt is missing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if ! nightly_version=$(rustfmt +nightly --version 2> /dev/null); then
    say "nightly rustfmt is missing: this comparison needs it (rustup toolchain install nightly --component rustfmt)"
    exit 2
fi
modes=("$@")
# A mode is MODE (against group_imports = StdExternalCrate, grouse with preset "rustfmt") or
# MODE:One (against group_imports = One, grouse with preset "one").
[[ ${#modes[@]} -gt 0 ]] || modes=(crate module item one one:One)

ensure_corpus
build_tools
work="$dir/granularity"
say "scratch directory: $work (cleared)"
rm -rf "$work"
mkdir -p "$work"
editions=(2015 2018 2021 2024)
files_tsv="$dir/files.tsv"
say "stable: $(rustfmt --version); nightly: $nightly_version"

# --- 1. what stable and nightly rustfmt accept ------------------------------------------------
say "1. rustfmt --check and rustfmt +nightly --check on every corpus file"
: > "$work/rejected.input"
for e in "${editions[@]}"; do
    awk -F'\t' -v e="$e" -v v="$vendor" '$3 == e {print v "/" $1}' "$files_tsv" > "$work/all.$e"
    rustfmt_check_list "$e" "$work/all.$e" "$work/rejected.stable.$e"
    rustfmt_check_list "$e" "$work/all.$e" "$work/rejected.nightly.$e" nightly
    cat "$work/rejected.stable.$e" "$work/rejected.nightly.$e" >> "$work/rejected.input"
done
stable_rejected=$(cat "$work"/rejected.stable.* | sort -u | grep -c '^' || true)
awk -F'\t' -v v="$vendor/" 'NR == FNR {sub(v, ""); rej[$0] = 1; next} !($1 in rej)' \
    "$work/rejected.input" "$files_tsv" > "$work/accepted.tsv"
cut -f1 "$work/accepted.tsv" > "$work/accepted.list"
total_files=$(wc -l < "$files_tsv")
accepted=$(wc -l < "$work/accepted.tsv")
say "stable and nightly rustfmt accept $accepted of $total_files files (stable rejects $stable_rejected)"
(cd "$vendor" && find . \( -name rustfmt.toml -o -name .rustfmt.toml \) -print) > "$work/configs.list"

# --- 2. each mode -------------------------------------------------------------------------------
: > "$work/summary.tsv"
bugs=0
for spec in "${modes[@]}"; do
    mode=${spec%%:*}
    group_imports=StdExternalCrate
    preset=rustfmt
    if [[ $spec == *:One ]]; then
        group_imports=One
        preset=one
    fi
    m="$work/${spec/:/-}"
    say "2. $mode: copying the accepted files (and each crate's rustfmt.toml) twice"
    for side in rustfmt grouse; do
        mkdir -p "$m/$side"
        tar -C "$vendor" -cf - -T "$work/accepted.list" -T "$work/configs.list" | tar -C "$m/$side" -xf -
    done
    say "$spec: rustfmt +nightly --config group_imports=$group_imports,imports_granularity=$mode"
    for e in "${editions[@]}"; do
        awk -F'\t' -v e="$e" '$3 == e {print $1}' "$work/accepted.tsv" | tr '\n' '\0' \
            | (cd "$m/rustfmt" && xargs -0 -r -n 200 -P "$(nproc)" rustfmt +nightly --edition "$e" \
                --config "group_imports=$group_imports,imports_granularity=$mode,skip_children=true") \
            2>> "$m/rustfmt.err" || true
    done
    say "$spec: grouse --fix --config F (preset = \"$preset\", granularity = \"$mode\", style_edition = S)"
    : > "$m/grouse.err"
    for s in "${editions[@]}"; do
        printf 'preset = "%s"\ngranularity = "%s"\nstyle_edition = "%s"\n' "$preset" "$mode" "$s" \
            > "$m/config-$s.toml"
        awk -F'\t' -v s="$s" '$4 == s {print $1}' "$work/accepted.tsv" | tr '\n' '\0' \
            | (cd "$m/grouse" && xargs -0 -r "$grouse" --config "$m/config-$s.toml" --fix) \
            2>> "$m/grouse.err" || true
    done
    say "$mode: comparing byte for byte and classifying each difference"
    : > "$m/differences.tsv"
    : > "$m/identical.list"
    while IFS=$'\t' read -r rel crate edition style bytes; do
        if cmp -s "$m/rustfmt/$rel" "$m/grouse/$rel"; then
            echo "$rel" >> "$m/identical.list"
        else
            verdict=$("$probe" classify-granularity "$mode" "$vendor/$rel" "$m/rustfmt/$rel" "$m/grouse/$rel")
            printf '%s\t%s\n' "$rel" "$verdict" >> "$m/differences.tsv"
        fi
    done < "$work/accepted.tsv"
    # Files where rustfmt keeps every comment: those identical, and those different for a reason
    # other than rustfmt losing, duplicating or moving a comment.
    identical=$(grep -c '^' "$m/identical.list" || true)
    different=$(grep -c '^' "$m/differences.tsv" || true)
    comment_files=$(awk -F'\t' '$2 == "rustfmt-comments"' "$m/differences.tsv" | grep -c '^' || true)
    mode_bugs=$(awk -F'\t' '$2 == "grouse-bug" || $2 == "unclassified"' "$m/differences.tsv" | grep -c '^' || true)
    errors=$(grep -c '^error: ' "$m/grouse.err" || true)
    bugs=$((bugs + mode_bugs + errors))
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$spec" "$identical" "$different" "$comment_files" "$mode_bugs" "$errors" >> "$work/summary.tsv"
done

# --- summary ------------------------------------------------------------------------------------
{
    for spec in "${modes[@]}"; do
        mode=${spec/:/-}
        echo
        echo "## $mode: differences by reason"
        awk -F'\t' '{n[$2 ": " $3]++} END {for (k in n) printf "%5d  %s\n", n[k], k}' \
            "$work/$mode/differences.tsv" | sort -rn
        if awk -F'\t' '$2 == "grouse-bug" || $2 == "unclassified"' "$work/$mode/differences.tsv" | grep -q .; then
            echo "### $mode: grouse bugs and unclassified"
            awk -F'\t' '$2 == "grouse-bug" || $2 == "unclassified" {print $1 "\n    " $3}' "$work/$mode/differences.tsv"
        fi
        if grep -q '^error: ' "$work/$mode/grouse.err"; then
            echo "### $mode: grouse errors"
            grep '^error: ' "$work/$mode/grouse.err" | head -20
        fi
    done
    echo
    echo "## Summary: $accepted files stable and nightly rustfmt accept (of $total_files)"
    echo
    echo "| mode | identical | different | of which rustfmt loses, duplicates or moves a comment | identical where rustfmt keeps every comment | grouse bugs | grouse errors |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' '{kept = $2 + $3 - $4; printf "| %s | %d | %d | %d | %d of %d (%.2f%%) | %d | %d |\n", $1, $2, $3, $4, $2, kept, kept ? 100 * $2 / kept : 100, $5, $6}' "$work/summary.tsv"
} | tee "$work/report.txt"
say "report: $work/report.txt"
[[ $bugs -eq 0 ]]
