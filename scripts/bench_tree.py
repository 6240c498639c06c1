#!/usr/bin/env python3
"""Builds the benchmark trees for scripts/bench.sh.

usage: bench_tree.py CORPUS_DIR BENCH_DIR

For the whole corpus (crates.tsv, files.tsv from scripts/corpus.sh), writes BENCH_DIR/l/: one
directory per crate with its corpus .rs files and rustfmt configs, and a stub Cargo.toml (a package
with the crate's edition and no dependencies, its own workspace, so `cargo metadata` works offline,
which `cargo group-imports` needs). Also writes, for each size:
  roots.EDITION   the crate roots `cargo fmt` passes to rustfmt (lib, bins, examples, tests,
                  benches, build script; declared in Cargo.toml or auto-discovered), per edition
Sizes: l (every crate), m (every second crate, by name), s (every fourth).
"""
import os, shutil, sys, tomllib

corpus, bench = sys.argv[1], sys.argv[2]
vendor = os.path.join(corpus, "vendor")

crates = []
with open(os.path.join(corpus, "crates.tsv")) as f:
    next(f)
    for line in f:
        d, name, version, edition, style, cfg, size = line.rstrip("\n").split("\t")
        crates.append((d, edition))
files = {}
with open(os.path.join(corpus, "files.tsv")) as f:
    for line in f:
        rel, d, *_ = line.rstrip("\n").split("\t")
        files.setdefault(d, []).append(rel)


def roots(d):
    """The target source files cargo would find for crate dir `d` (relative to it)."""
    with open(os.path.join(vendor, d, "Cargo.toml"), "rb") as f:
        m = tomllib.load(f)
    pkg = m.get("package", {})
    found = []

    def add(p):
        p = os.path.normpath(p)
        if p not in found and os.path.isfile(os.path.join(vendor, d, p)):
            found.append(p)

    def auto(kind_dir):
        base = os.path.join(vendor, d, kind_dir)
        if not os.path.isdir(base):
            return
        for e in sorted(os.listdir(base)):
            if e.endswith(".rs"):
                add(os.path.join(kind_dir, e))
            elif os.path.isfile(os.path.join(base, e, "main.rs")):
                add(os.path.join(kind_dir, e, "main.rs"))

    lib = m.get("lib")
    if lib is not None:
        add(lib.get("path", "src/lib.rs"))
    elif pkg.get("autolib", True):
        add("src/lib.rs")
    for key, kind_dir, flag in (("bin", "src/bin", "autobins"), ("example", "examples", "autoexamples"),
                                ("test", "tests", "autotests"), ("bench", "benches", "autobenches")):
        for t in m.get(key, []):
            if "path" in t:
                add(t["path"])
            else:
                add(os.path.join(kind_dir, t["name"] + ".rs"))
                add(os.path.join(kind_dir, t["name"], "main.rs"))
                if key == "bin":
                    add("src/main.rs")
        if pkg.get(flag, True):
            if key == "bin":
                add("src/main.rs")
            auto(kind_dir)
    build = pkg.get("build", None)
    if isinstance(build, str):
        add(build)
    elif build is None:
        add("build.rs")
    return found


def write_tree(size, chosen):
    root = os.path.join(bench, size)
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    members, by_edition = [], {}
    for d, edition in chosen:
        rs = files.get(d, [])
        if not rs:
            continue
        rts = [r for r in roots(d) if os.path.join(d, r) in set(rs)]
        if not rts:
            continue
        for rel in rs:
            dst = os.path.join(root, rel)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.link(os.path.join(vendor, rel), dst)
        for dp, dns, fns in os.walk(os.path.join(vendor, d)):
            dns[:] = [x for x in dns if not x.startswith(".") or x == ".cargo"]
            for fn in fns:
                if fn in ("rustfmt.toml", ".rustfmt.toml"):
                    rel = os.path.relpath(os.path.join(dp, fn), vendor)
                    dst = os.path.join(root, rel)
                    os.makedirs(os.path.dirname(dst), exist_ok=True)
                    shutil.copy(os.path.join(vendor, rel), dst)
        pkg = "c-" + "".join(c if c.isalnum() else "-" for c in d)
        with open(os.path.join(root, d, "Cargo.toml"), "w") as f:
            f.write(f'[package]\nname = "{pkg}"\nversion = "0.0.0"\nedition = "{edition}"\n'
                    f'autobins = false\nautoexamples = false\nautotests = false\n'
                    f'autobenches = false\nbuild = false\n\n[lib]\npath = "{rts[0]}"\n\n'
                    f'[workspace]\n')
        members.append(d)
        for r in rts:
            by_edition.setdefault(edition, []).append(os.path.join(root, d, r))
    # `cargo group-imports` pipes its output through plain `rustfmt`, which reads the nearest
    # rustfmt.toml for the edition (2015 without one). Crates with their own config keep it;
    # rustfmt run by cargo fmt is given --edition, which overrides this.
    with open(os.path.join(root, "rustfmt.toml"), "w") as f:
        f.write('edition = "2021"\n')
    for e, rts in by_edition.items():
        with open(os.path.join(root, f"roots.{e}"), "w") as f:
            f.write("\n".join(rts) + "\n")
    print(f"{size}: {len(members)} crates, {sum(len(v) for v in by_edition.values())} crate roots")


crates.sort()
write_tree("l", crates)
write_tree("m", crates[::2])
write_tree("s", crates[::4])
