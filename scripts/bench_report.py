#!/usr/bin/env python3
"""Turns scripts/bench.sh's measurements into a table, BENCHMARKS.md and docs/bench.svg.

usage: bench_report.py RESULTS_DIR RUNS REPO WRITE(0|1)
"""
import re, json, os, platform, statistics, subprocess, sys

results, runs, repo, write = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"

TOOLS = [
    ("grouse-j1", "grouse, check, `-j1`"),
    ("grouse-j2", "grouse, check, `-j2`"),
    ("rustfmt", "rustfmt --check (stable)"),
    ("rustfmt-group", "rustfmt --check, group_imports=StdExternalCrate"),
    ("cargo-group-imports", "cargo group-imports (check)"),
    ("syn", "floor: syn::parse_file, 1 thread"),
    ("tokenize", "floor: rustc lexer tokenize, 1 thread"),
    ("rg", "floor: rg -c '^\\s*use '"),
]
COMMANDS = {
    "grouse-j1": "grouse --quiet -j1 $TREE",
    "grouse-j2": "grouse --quiet -j2 $TREE",
    "rustfmt": "for E in editions: rustfmt --check --edition $E $(cat $TREE/roots.$E)",
    "rustfmt-group": "for E in editions: rustfmt --check --edition $E --config group_imports=StdExternalCrate $(cat $TREE/roots.$E)",
    "cargo-group-imports": "cd $TREE && cargo-group-imports group-imports --color never .",
    "syn": "grouse-probe syn $TREE/files.list",
    "tokenize": "grouse-probe lex $TREE/files.list",
    "rg": "rg -c '^\\s*use ' $TREE",
}

sizes = []
with open(os.path.join(results, "sizes")) as f:
    for line in f:
        s, n, b = line.split()
        sizes.append((s, int(n), int(b)))


def measure(tool, size):
    path = os.path.join(results, f"{tool}.{size}.json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        h = json.load(f)["results"][0]
    with open(os.path.join(results, f"{tool}.{size}.time")) as f:
        rows = [l.split() for l in f if l.strip() and l.split()[0][0].isdigit()]
    rows = rows[1:]  # the first line is the warm-up
    cpu = [float(u) + float(s) for _, u, s, _ in rows]
    return {
        "wall": statistics.median(h["times"]),
        "cpu": statistics.median(cpu),
        "rss": max(int(r[3]) for r in rows) / 1024,
        "exit": sorted(set(h.get("exit_codes", []))),
    }


data = {(t, s): measure(t, s) for t, _ in TOOLS for s, _, _ in sizes}
big, big_files, big_bytes = sizes[-1]
base = data[("grouse-j1", big)]
base2 = data[("grouse-j2", big)]


def fmt_s(x):
    return f"{x:.3f}" if x < 1 else f"{x:.2f}" if x < 10 else f"{x:.1f}"


lines = []
lines.append(f"| tool | wall (s) | CPU (s) | MB/s per core | CPU vs grouse | wall vs grouse -j2 | peak RSS (MB) |")
lines.append("|---|---:|---:|---:|---:|---:|---:|")
for t, label in TOOLS:
    m = data[(t, big)]
    if m is None:
        continue
    mbs = big_bytes / 1e6 / m["cpu"] if m["cpu"] > 0 else float("inf")
    lines.append(
        f"| {label} | {fmt_s(m['wall'])} | {fmt_s(m['cpu'])} | {mbs:.0f} | "
        f"{m['cpu'] / base['cpu']:.2f}x | {m['wall'] / base2['wall']:.2f}x | {m['rss']:.0f} |"
    )
main_table = "\n".join(lines)

lines = ["| size | files | MB | grouse -j1 CPU (s) | grouse MB/s/core | rustfmt CPU (s) | rustfmt MB/s/core | rg CPU (s) | CPU rustfmt / grouse |",
         "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
for s, n, b in sizes:
    g, r, rg = data[("grouse-j1", s)], data[("rustfmt", s)], data[("rg", s)]
    if not (g and r and rg):
        continue
    lines.append(f"| {s} | {n} | {b / 1e6:.1f} | {fmt_s(g['cpu'])} | {b / 1e6 / g['cpu']:.0f} | "
                 f"{fmt_s(r['cpu'])} | {b / 1e6 / r['cpu']:.1f} | {fmt_s(rg['cpu'])} | {r['cpu'] / g['cpu']:.0f}x |")
size_table = "\n".join(lines)

rf = data[("rustfmt", big)]
rg = data[("rg", big)]
targets = [
    ("grouse >= 50x less CPU than stable `rustfmt --check`", rf["cpu"] / base["cpu"], ">=", 50),
    ("grouse <= 3x the CPU of the `rg` scan", base["cpu"] / rg["cpu"], "<=", 3),
    ("grouse peak RSS <= 64 MB (-j1, -j2)", max(base["rss"], base2["rss"]), "<=", 64),
    ("`-j2` >= 1.8x faster than `-j1` (wall)", base["wall"] / base2["wall"], ">=", 1.8),
]
lines = ["| target | measured | met |", "|---|---:|---|"]
for name, value, op, limit in targets:
    ok = value >= limit if op == ">=" else value <= limit
    lines.append(f"| {name} | {value:.2f} | {'yes' if ok else 'no'} |")
target_table = "\n".join(lines)

print()
print(f"Largest size: {big_files} files, {big_bytes / 1e6:.1f} MB; medians of {runs} runs")
print(main_table)
print()
print(size_table)
print()
print(target_table)

if not write:
    sys.exit(0)

# --- docs/bench.svg -------------------------------------------------------------------------------
SHORT = {
    "grouse-j1": "grouse -j1", "grouse-j2": "grouse -j2", "rustfmt": "rustfmt --check",
    "rustfmt-group": "rustfmt --check, group_imports", "cargo-group-imports": "cargo group-imports",
    "syn": "floor: syn::parse_file", "tokenize": "floor: tokenize (rustc lexer)",
    "rg": "floor: rg -c '^\\s*use '",
}
bars = [(SHORT[t], data[(t, big)]["wall"]) for t, _ in TOOLS if data[(t, big)]]
bars.sort(key=lambda b: -b[1])
W, left, row, top = 780, 250, 30, 50
H = top + row * len(bars) + 40
scale = (W - left - 90) / max(v for _, v in bars)
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
       f'font-family="sans-serif" font-size="13">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="12" y="24" font-size="15" font-weight="bold">Seconds to check {big_bytes / 1e6:.0f} MB '
       f'of published crates ({big_files} files), wall clock, {os.cpu_count()} cores, median of {runs}</text>']
for i, (label, v) in enumerate(bars):
    y = top + i * row
    color = "#2f7d32" if label.startswith("grouse") else "#9e9e9e" if label.startswith("floor") else "#c0504d"
    esc = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    svg.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{esc}</text>')
    svg.append(f'<rect x="{left}" y="{y + 2}" width="{max(v * scale, 1.5):.1f}" height="{row - 10}" fill="{color}"/>')
    svg.append(f'<text x="{left + max(v * scale, 1.5) + 6:.1f}" y="{y + 15}">{fmt_s(v)} s</text>')
svg.append(f'<text x="12" y="{H - 12}" fill="#555">Generated by scripts/bench.sh; see BENCHMARKS.md.</text>')
svg.append("</svg>")
os.makedirs(os.path.join(repo, "docs"), exist_ok=True)
with open(os.path.join(repo, "docs", "bench.svg"), "w") as f:
    f.write("\n".join(svg) + "\n")

# --- BENCHMARKS.md ----------------------------------------------------------------------------------
def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except Exception:
        return "?"

load_before = open(os.path.join(results, "load.before")).read().split("load average:")[-1].strip()
load_after = open(os.path.join(results, "load.after")).read().split("load average:")[-1].strip()
partial = ""
if os.path.exists(os.path.join(results, "partial.tools")):
    ptools = open(os.path.join(results, "partial.tools")).read().split()
    pb = open(os.path.join(results, "load.before.partial")).read().split("load average:")[-1].strip()
    pa = open(os.path.join(results, "load.after.partial")).read().split("load average:")[-1].strip()
    partial = (f"- Re-measured afterwards on their own (same number of runs): {', '.join(ptools)} "
               f"(load average before: {pb}; after: {pa}).")
cpu_model = "?"
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu_model = line.split(":", 1)[1].strip()
            break
note = os.environ.get("BENCH_NOTE", "").strip()
def git(*args):
    try:
        return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True).stdout.strip()
    except Exception:
        return ""
commit, dirty = "?", ""
cpath = os.path.join(results, "grouse.commit")
if os.path.exists(cpath):
    lines_ = open(cpath).read().splitlines()
    commit = lines_[0] if lines_ else "?"
    dirty = " plus uncommitted changes to src/" if len(lines_) > 1 and lines_[1].strip() else ""
versions = ", ".join([version(["rustfmt", "--version"]), version(["hyperfine", "--version"]),
                      version(["rg", "--version"]), "cargo-group-imports " +
                      version(["cargo-group-imports", "group-imports", "--version"]).split()[-1]])
commands = "\n".join(f"{t:20} {COMMANDS[t]}" for t, _ in TOOLS)
bench_dir = os.path.dirname(results)
cgi_failed = []
for sz, _, _ in sizes:
    p = os.path.join(bench_dir, f"cgi-failed.{sz}")
    if os.path.exists(p):
        rows = [l.strip() for l in open(p) if l.strip()]
        crates = len([d for d in os.listdir(os.path.join(bench_dir, sz)) if os.path.isdir(os.path.join(bench_dir, sz, d))])
        cgi_failed.append((sz, len(rows), crates, rows))
cgi_note = ""
if cgi_failed:
    sz, nf, nc, rows = cgi_failed[-1]
    reasons = {}
    for r in rows:
        why = r.split(": ", 1)[-1]
        reasons[why] = reasons.get(why, 0) + 1
    why = "; ".join(f"{k} ({v})" for k, v in sorted(reasons.items(), key=lambda kv: -kv[1]))
    cgi_note = (f"`cargo group-imports` runs once per crate (each crate is its own project; one failure "
                f"ends a whole run). It pipes every file it changes through plain `rustfmt` and stops at "
                f"the first file where that fails: on size {sz} it stopped early on {nf} of {nc} crates "
                f"({why}), so its row does less work than the others and its real cost is higher.")
conformance = ""
rep = os.path.join(bench_dir, "..", "conformance", "report.txt")
if os.path.exists(rep):
    text = open(rep).read()
    parts = text.split("## ")
    keep = [p for p in parts if p.startswith("Differences by class") or p.startswith("Summary")]
    conformance = "\n".join("## " + p.rstrip() + "\n" for p in keep)
size_lines = "\n".join(f"- {s}: {n} files, {b / 1e6:.1f} MB" for s, n, b in sizes)

md = f"""# Benchmarks

grouse against stable rustfmt, `cargo group-imports` and three floors, on the same files of
real code from the crates registry, in one run. Reproduce with:

```sh
scripts/corpus.sh      # the pinned corpus: {len(open(os.path.join(os.path.dirname(results), '..', 'crates.tsv')).readlines()) - 1} crates, vendored outside the repository
scripts/bench.sh       # this page and docs/bench.svg
```

![Seconds to check the corpus, one bar per tool](docs/bench.svg)

## The files

What `cargo fmt --check` formats in each crate of the corpus: its crate roots (lib, bins,
examples, tests, benches, build script), with the edition from its Cargo.toml, and every file
they reach through `mod`, each file counted once. The corpus's other `.rs` files (fixtures
nothing declares as a module) are left out, so every tool sees exactly these files. Each crate gets a
stub manifest (its edition, no dependencies, its own workspace), which `cargo group-imports`
needs to find the files.

{size_lines}

## Results, largest size ({big_files} files, {big_bytes / 1e6:.1f} MB)

Medians of {runs} runs after one warm-up. CPU is user + system time of the command and its children
(from `wait4`); MB/s per core is bytes over CPU seconds; the ratios divide by grouse's `-j1` CPU and by
grouse's `-j2` wall time; peak RSS is the largest process of the command.

{main_table}

## Cost grows linearly

{size_table}

{cgi_note}

## Targets

{target_table}

## Conformance (scripts/conformance.sh)

Every corpus file that stable `rustfmt --check --edition E` accepts, regrouped by grouse with
`preset = "rustfmt"` and the crate's style edition, compared byte for byte with
`rustfmt --edition E --config group_imports=StdExternalCrate,skip_children=true`; then the whole
corpus with the default preset. Each difference is classified by `grouse-probe classify`, which
parses both outputs and checks that every run holds the same items in rustfmt's order and groups.

```
{conformance.strip()}
```

## Machine and conditions

- {platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu_model}), {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB
- grouse at commit {commit}{dirty}, release build; {versions}
- Load average before the run: {load_before}; after: {load_after}.
{partial}
{('- ' + note) if note else ''}

## Commands

Each row of the table is one command over the tree `$TREE` (the corpus files of one size),
run by `hyperfine --warmup 1 --runs {runs}` under `grouse-probe time` (which records the
command's CPU time and peak RSS from `wait4`):

```
{commands}
```

`rustfmt --check` runs once per edition over the crate roots of that edition, as `cargo fmt`
passes them, and follows `mod` declarations from there. grouse exits 1 in check mode when a file
would change, rustfmt and `cargo group-imports` likewise; the commands accept that status.
`grouse-probe` is `scripts/probe`, a small program over the same syn and lexer versions as grouse.
"""
# Sections another script measures (scripts/bench_rustfmt.sh: `grouse --rustfmt`), between
# `<!-- kept: NAME -->` and `<!-- /kept: NAME -->`: carried over as they are.
page = os.path.join(repo, "BENCHMARKS.md")
if os.path.exists(page):
    with open(page) as f:
        for kept in re.finditer(r"<!-- kept: (\S+) -->.*?<!-- /kept: \1 -->\n", f.read(), re.S):
            md += "\n" + kept.group(0)
with open(page, "w") as f:
    f.write(md)
print("\nwrote BENCHMARKS.md and docs/bench.svg")
