#!/usr/bin/env bash
# Assemble a pinned, reproducible corpus of real Rust code from the crates registry.
#
# Writes a scratch Cargo project that depends on popular crates at exact versions, resolves it
# with the lock file kept next to this script (scripts/corpus.lock), and runs `cargo vendor` into
# a directory outside the repository:
#
#   $GROUSE_CORPUS_DIR (default: ~/.cache/grouse-corpus)
#     project/          the scratch Cargo project
#     vendor/NAME/      one directory per crate (cargo vendor's layout)
#     crates.tsv        dir, name, version, edition, style edition, rustfmt.toml, bytes of .rs
#     files.tsv         every corpus file: path (relative to vendor/), crate dir, edition, style
#                       edition, bytes
#
# Crates that are generated platform bindings (windows*, winapi*, web-sys, aws-lc-sys) are
# vendored but left out of the corpus lists: they are machine-written declarations, not code
# people format, and would be a third of the bytes.
#
# Idempotent and cached: nothing is downloaded again when vendor/ matches the lock file.
# Usage: scripts/corpus.sh [--update]   (--update re-resolves and rewrites scripts/corpus.lock)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="${GROUSE_CORPUS_DIR:-$HOME/.cache/grouse-corpus}"
lock="$here/corpus.lock"
update=0
[[ "${1:-}" == "--update" ]] && update=1

say() { printf '==> %s\n' "$*" >&2; }

mkdir -p "$dir/project/src"
say "corpus directory: $dir"

# Exact versions: the corpus is the same on every machine.
cat > "$dir/project/Cargo.toml.new" <<'TOML'
[package]
name = "grouse-corpus"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
anyhow = "=1.0.105"
axum = "=0.8.9"
base64 = "=0.23.1"
bitflags = "=2.13.2"
bytes = "=1.12.2"
cargo_metadata = "=0.23.1"
chrono = "=0.4.45"
clap = { version = "=4.6.9", features = ["derive"] }
crossbeam = "=0.8.5"
futures = "=0.3.34"
h2 = "=0.4.20"
hashbrown = "=0.17.2"
http = "=1.5.0"
hyper = { version = "=1.12.0", features = ["full"] }
ignore = "=0.4.35"
indexmap = "=2.14.2"
itertools = "=0.15.0"
log = "=0.4.35"
memchr = "=2.8.3"
nom = "=8.0.0"
once_cell = "=1.21.4"
parking_lot = "=0.12.5"
proc-macro2 = "=1.0.107"
quote = "=1.0.47"
rand = "=0.10.4"
rayon = "=1.12.0"
regex = "=1.13.2"
regex-automata = "=0.4.19"
reqwest = "=0.13.5"
rustls = "=0.23.46"
serde = { version = "=1.0.229", features = ["derive"] }
serde_json = "=1.0.154"
serde_yaml = "=0.9.34"
similar = "=3.2.1"
syn = { version = "=2.0.119", features = ["full"] }
syn3 = { package = "syn", version = "=3.0.10", features = ["full"] }
thiserror = "=2.0.21"
time = "=0.3.55"
tokio = { version = "=1.54.1", features = ["full"] }
tokio-util = "=0.7.20"
toml = "=1.2.2"
tower = "=0.5.3"
tracing = "=0.1.44"
tracing-subscriber = "=0.3.23"
url = "=2.5.8"
uuid = "=1.29.3"
walkdir = "=2.5.1"
winnow = "=1.0.5"
TOML
mv "$dir/project/Cargo.toml.new" "$dir/project/Cargo.toml"
[[ -f "$dir/project/src/lib.rs" ]] || : > "$dir/project/src/lib.rs"

cd "$dir/project"
if [[ $update == 1 || ! -f "$lock" ]]; then
    say "resolving dependencies (cargo generate-lockfile)"
    rm -f Cargo.lock
    cargo generate-lockfile --quiet
    cp Cargo.lock "$lock"
    say "wrote $(basename "$lock"); commit it to pin the transitive dependencies"
else
    cp "$lock" Cargo.lock
fi

stamp="$dir/vendor/.grouse-lock"
if [[ -f "$stamp" ]] && cmp -s "$stamp" Cargo.lock; then
    say "vendor/ is up to date with the lock file: nothing to download"
else
    say "cargo vendor --locked (downloads only what the local cargo cache lacks)"
    cargo vendor --locked --versioned-dirs --quiet "$dir/vendor" > /dev/null
    cp Cargo.lock "$stamp"
fi

say "recording each crate's edition and style edition"
python3 - "$dir" <<'PY'
import os, sys, tomllib
root = sys.argv[1]
vendor = os.path.join(root, "vendor")
# Generated platform bindings: machine-written declarations, not code people format.
skip_prefixes = ("windows", "winapi")
skip_names = {"web-sys", "aws-lc-sys"}
crates, files = [], []
for d in sorted(os.listdir(vendor)):
    path = os.path.join(vendor, d)
    manifest = os.path.join(path, "Cargo.toml")
    if not os.path.isfile(manifest):
        continue
    with open(manifest, "rb") as f:
        pkg = tomllib.load(f).get("package", {})
    name = pkg.get("name", d)
    if name.startswith(skip_prefixes) or name in skip_names:
        continue
    edition = str(pkg.get("edition", "2015"))
    # As `cargo fmt` runs rustfmt: `style_edition`, else `version = "Two"` (2024), from the crate's
    # .rustfmt.toml / rustfmt.toml; else the crate's edition, which cargo fmt passes with
    # --edition (so an `edition` key in rustfmt.toml does not count).
    style, cfg = edition, "-"
    for name_ in (".rustfmt.toml", "rustfmt.toml"):
        p = os.path.join(path, name_)
        if os.path.isfile(p):
            cfg = name_
            try:
                with open(p, "rb") as f:
                    rf = tomllib.load(f)
            except Exception:
                break
            if "style_edition" in rf:
                style = str(rf["style_edition"])
            elif rf.get("version") == "Two":
                style = "2024"
            break
    total = 0
    for dp, dns, fns in os.walk(path):
        dns[:] = sorted(x for x in dns if not x.startswith("."))
        for fn in sorted(fns):
            if fn.endswith(".rs"):
                full = os.path.join(dp, fn)
                size = os.path.getsize(full)
                total += size
                files.append((os.path.relpath(full, vendor), d, edition, style, size))
    crates.append((d, name, pkg.get("version", "?"), edition, style, cfg, total))
with open(os.path.join(root, "crates.tsv"), "w") as f:
    f.write("dir\tname\tversion\tedition\tstyle_edition\trustfmt_config\trs_bytes\n")
    for c in crates:
        f.write("\t".join(map(str, c)) + "\n")
with open(os.path.join(root, "files.tsv"), "w") as f:
    for c in files:
        f.write("\t".join(map(str, c)) + "\n")
total = sum(c[-1] for c in crates)
print(f"crates: {len(crates)}  files: {len(files)}  .rs bytes: {total} ({total / 1e6:.1f} MB)")
by = {}
for c in crates:
    by[c[3]] = by.get(c[3], 0) + 1
print("crates per edition: " + ", ".join(f"{k}: {v}" for k, v in sorted(by.items())))
PY
say "done: corpus in $dir/vendor, lists in $dir/crates.tsv and $dir/files.tsv"
