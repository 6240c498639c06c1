#!/usr/bin/env bash
# Conformance on real code: grouse against stable rustfmt's `group_imports = StdExternalCrate`, and
# grouse's safety guarantees over the whole corpus (scripts/corpus.sh).
#
# 1. Which corpus files stable `rustfmt --check --edition E` accepts (each file alone, with its
#    crate's edition and rustfmt.toml, as `cargo fmt` would check it).
# 2. For each accepted file, byte-for-byte comparison of
#      rustfmt --edition E --config group_imports=StdExternalCrate,skip_children=true
#      grouse --fix --config F        (F: preset = "rustfmt", style_edition = the crate's)
#    and every difference with its class: a known rustfmt bug (comments, rust-lang/rustfmt#3720
#    and #1373; `use` inside a macro body, which grouse never touches), rustfmt normalizing item
#    text (same order), or a grouse bug.
# 3. The whole corpus with the default preset (config discovered from each crate, as a user would
#    run it): verify failures, crashes and other errors; idempotence (a second run changes
#    nothing); files rustfmt --check accepted before that it rejects after.
#
# Scratch goes to $GROUSE_CORPUS_DIR/conformance. Exit status: 0 when no grouse bug was found.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ensure_corpus
build_tools
work="$dir/conformance"
say "scratch directory: $work (cleared)"
rm -rf "$work"
mkdir -p "$work"
editions=(2015 2018 2021 2024)

# files.tsv: path (relative to vendor/), crate dir, edition, style edition, bytes
files_tsv="$dir/files.tsv"
total_files=$(wc -l < "$files_tsv")
total_bytes=$(awk -F'\t' '{s += $5} END {print s}' "$files_tsv")
say "corpus: $total_files files, $total_bytes bytes of .rs"

# --- 1. what stable rustfmt accepts -----------------------------------------------------------
say "1. stable rustfmt --check --edition E --config skip_children=true on every corpus file"
: > "$work/rejected.input"
for e in "${editions[@]}"; do
    awk -F'\t' -v e="$e" -v v="$vendor" '$3 == e {print v "/" $1}' "$files_tsv" > "$work/all.$e"
    rustfmt_check_list "$e" "$work/all.$e" "$work/rejected.$e"
    cat "$work/rejected.$e" >> "$work/rejected.input"
done
# accepted.tsv: same columns as files.tsv
awk -F'\t' -v v="$vendor/" 'NR == FNR {sub(v, ""); rej[$0] = 1; next} !($1 in rej)' \
    "$work/rejected.input" "$files_tsv" > "$work/accepted.tsv"
accepted=$(wc -l < "$work/accepted.tsv")
rejected=$((total_files - accepted))
say "rustfmt accepts $accepted files and rejects $rejected (a diff or an error)"

# --- 2. grouse (preset rustfmt) against rustfmt's group_imports ------------------------------
say "2. copying the accepted files (and each crate's rustfmt.toml) twice"
cut -f1 "$work/accepted.tsv" > "$work/accepted.list"
# rustfmt reads the nearest rustfmt.toml / .rustfmt.toml, at any depth of a crate.
(cd "$vendor" && find . \( -name rustfmt.toml -o -name .rustfmt.toml \) -print) > "$work/configs.list"
for side in rustfmt grouse; do
    mkdir -p "$work/$side"
    tar -C "$vendor" -cf - -T "$work/accepted.list" -T "$work/configs.list" | tar -C "$work/$side" -xf -
done

say "rustfmt --edition E --config group_imports=StdExternalCrate,skip_children=true (in place)"
for e in "${editions[@]}"; do
    awk -F'\t' -v e="$e" '$3 == e {print $1}' "$work/accepted.tsv" | tr '\n' '\0' \
        | (cd "$work/rustfmt" && xargs -0 -r -n 200 -P "$(nproc)" \
            rustfmt --edition "$e" --config group_imports=StdExternalCrate,skip_children=true) \
        2>> "$work/rustfmt-group.err" || true
done

say "grouse --fix --config rustfmt-S.toml (preset = \"rustfmt\", style_edition = S) (in place)"
: > "$work/grouse-rustfmt.err"
for s in "${editions[@]}"; do
    printf 'preset = "rustfmt"\nstyle_edition = "%s"\n' "$s" > "$work/rustfmt-$s.toml"
    awk -F'\t' -v s="$s" '$4 == s {print $1}' "$work/accepted.tsv" | tr '\n' '\0' \
        | (cd "$work/grouse" && xargs -0 -r "$grouse" --config "$work/rustfmt-$s.toml" --fix) \
        2>> "$work/grouse-rustfmt.err" || true
done

say "comparing byte for byte and classifying each difference"
identical=0
different=0
: > "$work/differences.tsv"
while IFS=$'\t' read -r rel crate edition style bytes; do
    if cmp -s "$work/rustfmt/$rel" "$work/grouse/$rel"; then
        identical=$((identical + 1))
    else
        different=$((different + 1))
        verdict=$("$probe" classify "$vendor/$rel" "$work/rustfmt/$rel" "$work/grouse/$rel")
        printf '%s\t%s\t%s\n' "$rel" "$style" "$verdict" >> "$work/differences.tsv"
    fi
done < "$work/accepted.tsv"
grouse_rustfmt_errors=$(grep -c '^error: ' "$work/grouse-rustfmt.err" || true)

# --- 3. the whole corpus, default preset --------------------------------------------------------
say "3. the whole corpus with the default preset: grouse --fix on a copy"
mkdir -p "$work/default"
cut -f1 "$files_tsv" > "$work/all.list"
(cd "$vendor" && ls -d ./*/Cargo.toml) >> "$work/configs.list"
tar -C "$vendor" -cf - -T "$work/all.list" -T "$work/configs.list" | tar -C "$work/default" -xf -
set +e
tr '\n' '\0' < "$work/all.list" | (cd "$work/default" && xargs -0 "$grouse" --fix) \
    2> "$work/default.err"
default_status=$?
set -e
changed=0
while IFS= read -r rel; do
    cmp -s "$vendor/$rel" "$work/default/$rel" || changed=$((changed + 1))
done < "$work/all.list"
verify_failures=$(grep -c 'failed verification' "$work/default.err" || true)
crashes=$(grep -c 'panicked' "$work/default.err" || true)
[[ $default_status -gt 2 && $default_status -ne 123 ]] && crashes=$((crashes + 1))
# xargs returns 123 when a command exited 1-125: grouse's 2 (an error in some file).
other_errors=$(grep '^error: ' "$work/default.err" | grep -v -c -e 'failed verification' -e 'panicked' || true)

say "idempotence: grouse --list on its own output (both presets)"
tr '\n' '\0' < "$work/all.list" | (cd "$work/default" && xargs -0 "$grouse" --list) \
    > "$work/not-idempotent.list" 2> /dev/null || true
for s in "${editions[@]}"; do
    awk -F'\t' -v s="$s" '$4 == s {print $1}' "$work/accepted.tsv" | tr '\n' '\0' \
        | (cd "$work/grouse" && xargs -0 -r "$grouse" --config "$work/rustfmt-$s.toml" --list) \
        >> "$work/not-idempotent.list" 2> /dev/null || true
done
not_idempotent=$(grep -c '^' "$work/not-idempotent.list" || true)

say "rustfmt --check on grouse's output of the files it accepted (both presets)"
: > "$work/broken.list"
for side in default grouse; do
    for e in "${editions[@]}"; do
        awk -F'\t' -v e="$e" -v w="$work/$side" '$3 == e {print w "/" $1}' "$work/accepted.tsv" \
            > "$work/check.$side.$e"
        rustfmt_check_list "$e" "$work/check.$side.$e" "$work/broken.$side.$e"
        cat "$work/broken.$side.$e" >> "$work/broken.list"
    done
done
broken_default=$(cat "$work"/broken.default.* | grep -c '^' || true)
broken_rustfmt=$(cat "$work"/broken.grouse.* | grep -c '^' || true)

# --- summary ------------------------------------------------------------------------------------
bugs=$(awk -F'\t' '$3 == "grouse-bug" || $3 == "unclassified"' "$work/differences.tsv" | grep -c '^' || true)
{
    echo
    echo "## Differences (grouse preset rustfmt vs rustfmt group_imports=StdExternalCrate)"
    if [[ -s "$work/differences.tsv" ]]; then
        awk -F'\t' '{printf "%-16s %s (style %s)\n                 %s\n", $3, $1, $2, $4}' \
            "$work/differences.tsv"
    else
        echo "(none)"
    fi
    echo
    echo "## Differences by class"
    awk -F'\t' '{n[$3 ": " $4]++} END {for (k in n) printf "%5d  %s\n", n[k], k}' \
        "$work/differences.tsv" | sort -rn
    if grep -q '^error: ' "$work/default.err" "$work/grouse-rustfmt.err"; then
        echo
        echo "## grouse errors (first 20)"
        grep -h '^error: ' "$work/default.err" "$work/grouse-rustfmt.err" | head -20
    fi
    if [[ -s "$work/not-idempotent.list" ]]; then
        echo
        echo "## Not idempotent"
        cat "$work/not-idempotent.list"
    fi
    if [[ -s "$work/broken.list" ]]; then
        echo
        echo "## rustfmt --check accepted the input but rejects grouse's output"
        cat "$work/broken.list"
    fi
    echo
    echo "## Summary"
    echo "corpus                          $total_files files, $total_bytes bytes"
    echo "rustfmt --check accepts         $accepted files ($rejected rejected: a diff or an error)"
    echo "compared (preset rustfmt)       $accepted"
    echo "  identical                     $identical"
    echo "  different                     $different"
    awk -F'\t' '{n[$3]++} END {for (k in n) printf "    %-28s%d\n", k, n[k]}' "$work/differences.tsv" | sort
    echo "  grouse errors (preset rustfmt) $grouse_rustfmt_errors"
    echo "whole corpus, default preset    $total_files files, $changed regrouped"
    echo "  verify failures               $verify_failures"
    echo "  crashes                       $crashes"
    echo "  other errors (lex/parse)      $other_errors"
    echo "  not idempotent (both presets) $not_idempotent"
    echo "  rustfmt-clean before, not after: default preset $broken_default, preset rustfmt $broken_rustfmt"
    echo "grouse bugs (incl. unclassified) $bugs"
} | tee "$work/report.txt"
say "report: $work/report.txt"
total_bad=$((bugs + verify_failures + crashes + not_idempotent + broken_default + broken_rustfmt))
[[ $total_bad -eq 0 ]]
