#!/usr/bin/env bash
# Real code formatted with nightly rustfmt's import options: does grouse, with no grouse config at
# all (only the crate's own rustfmt.toml, as a team dropping nightly would run it), leave alone
# the files nightly rustfmt leaves alone?
#
# For each crate below (a pinned version from crates.io whose published source ships its
# rustfmt.toml): download and check it, list the files `rustfmt +nightly --check` accepts (each
# file alone, with the crate's edition and rustfmt.toml), then run `grouse --list` on those files
# and count the ones grouse would change (the target is 0; each is printed for reading).
# rustfmt.toml's `group_imports` chooses grouse's preset; without it grouse regroups with its own
# default preset, which nightly rustfmt does not do: for such a crate the files are also checked
# with a grouse config of one line, `preset = "preserve"` (granularity and layout still from
# rustfmt.toml), what a team that merges without regrouping sets.
#
# Needs nightly rustfmt (`rustup toolchain install nightly --component rustfmt`) and says so when
# it is missing. Scratch goes to $GROUSE_CORPUS_DIR/real; nothing of it is committed. Exit status:
# 0 when grouse would change none of those files.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if ! nightly_version=$(rustfmt +nightly --version 2> /dev/null); then
    say "nightly rustfmt is missing: this check needs it (rustup toolchain install nightly --component rustfmt)"
    exit 2
fi

# name version sha256 of the .crate; what its rustfmt.toml sets for imports
crates=(
    "zerocopy 0.8.27 0894878a5fa3edfd6da3f88c4805f4c8558e2b996227a3d864f47fe11e38282c Crate+StdExternalCrate"
    "simd_cesu8 1.2.0 11031e251abf8611c80f460e19dbdeb54a66db918e49c65a7065b46ac7aec520 Module+StdExternalCrate,HorizontalVertical"
    "tinyvec 1.13.3 fd3ca314f692efd6c868f8408f53fe444634a845f96c028b97d35f6a1f79f0ee Crate"
)

build_tools
work="$dir/real"
mkdir -p "$work/downloads"
say "nightly: $nightly_version"
bad=0
: > "$work/summary.tsv"
for line in "${crates[@]}"; do
    read -r name version sha options <<< "$line"
    crate="$work/downloads/$name-$version.crate"
    if [[ ! -f "$crate" ]]; then
        say "downloading $name $version"
        curl -sSfL -o "$crate.part" "https://static.crates.io/crates/$name/$name-$version.crate"
        mv "$crate.part" "$crate"
    fi
    echo "$sha  $crate" | sha256sum -c --quiet -
    src="$work/$name-$version"
    rm -rf "$src"
    tar -C "$work" -xzf "$crate"
    edition=$(sed -n 's/^edition = "\([0-9]*\)"/\1/p' "$src/Cargo.toml" | head -1)
    find "$src" -name '*.rs' | sort > "$src.all"
    rustfmt_check_list "${edition:-2015}" "$src.all" "$src.rejected" nightly
    comm -23 "$src.all" "$src.rejected" > "$src.clean"
    # grouse with no grouse config: settings from the crate's rustfmt.toml and Cargo.toml.
    tr '\n' '\0' < "$src.clean" | xargs -0 -r "$grouse" --list > "$src.changed" 2> "$src.err" || true
    preserved="-"
    if ! grep -q '^group_imports' "$src/rustfmt.toml"; then
        printf 'preset = "preserve"\n' > "$work/preserve.toml"
        tr '\n' '\0' < "$src.clean" | xargs -0 -r "$grouse" --config "$work/preserve.toml" --list \
            > "$src.changed-preserve" 2>> "$src.err" || true
        preserved=$(grep -c '^' "$src.changed-preserve" || true)
        bad=$((bad + preserved))
        if [[ -s "$src.changed-preserve" ]]; then
            say "$name $version: with preset = \"preserve\", grouse would change:"
            sed "s|^$src/||" "$src.changed-preserve" >&2
        fi
    fi
    files=$(grep -c '^' "$src.all" || true)
    clean=$(grep -c '^' "$src.clean" || true)
    changed=$(grep -c '^' "$src.changed" || true)
    errors=$(grep -c '^error' "$src.err" || true)
    # Without group_imports, the files grouse's own preset regroups are reported, not counted.
    [[ $preserved == "-" ]] && bad=$((bad + changed))
    bad=$((bad + errors))
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$version" "$options" "$files" "$clean" "$changed" "$preserved" "$errors" >> "$work/summary.tsv"
    if [[ -s "$src.changed" || $errors -gt 0 ]]; then
        say "$name $version: grouse would change files nightly rustfmt leaves alone:"
        sed "s|^$src/||" "$src.changed" >&2
        cat "$src.err" >&2
    fi
done

{
    echo "| crate | version | rustfmt.toml imports | .rs files | nightly rustfmt leaves alone | of those, grouse (no config) would change | with \`preset = \"preserve\"\` | grouse errors |"
    echo "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' '{printf "| %s | %s | %s | %d | %d | %d | %s | %d |\n", $1, $2, $3, $4, $5, $6, $7, $8}' "$work/summary.tsv"
} | tee "$work/report.txt"
[[ $bad -eq 0 ]]
