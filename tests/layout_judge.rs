//! Stable rustfmt judges the layout: every `use` item `layout::print_use` writes, for many trees,
//! widths, indentations and tab settings, must be accepted by `rustfmt --check` as it is.
//!
//! rustfmt is required: a missing rustfmt fails the test.

use std::fmt::Write as _;
use std::process::Command;

use grouse::inspect::{UseItem, UseTree, print_use};
use grouse::{Layout, StyleEdition};

/// Items per configuration.
const ITEMS: usize = 120;

/// A small deterministic generator (xorshift), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, names: &[&'a str]) -> &'a str {
        names[self.below(names.len())]
    }
}

const CRATES: &[&str] = &[
    "a",
    "std",
    "crate",
    "super",
    "self",
    "serde_json",
    "some_long_crate",
];
const MODULES: &[&str] = &[
    "io",
    "fmt",
    "m2",
    "collections",
    "a_rather_long_module_name",
];
const NAMES: &[&str] = &[
    "X",
    "y",
    "Foo",
    "bar",
    "x9",
    "x10",
    "HashMap",
    "BTreeMap",
    "SOME_CONSTANT_VALUE",
    "AnExtremelyLongTypeNameForWrapping",
    "_private",
    "r#type",
    "*",
];

/// The text of a random use tree below a path segment.
fn subtree(rng: &mut Rng, depth: usize) -> String {
    match rng.below(9) {
        0..=2 if depth > 0 => {
            let n = 1 + rng.below(7);
            // A list directly inside a list (`a::{b, {c, d}}`) is left out: nobody writes it.
            let mut items: Vec<String> = (0..n)
                .map(|_| {
                    loop {
                        let item = subtree(rng, depth - 1);
                        if !item.starts_with('{') {
                            break item;
                        }
                    }
                })
                .collect();
            if rng.below(5) == 0 {
                items.push("self".to_owned());
            }
            format!("{{{}}}", items.join(", "))
        }
        3 | 4 if depth > 0 => format!("{}::{}", rng.pick(MODULES), subtree(rng, depth - 1)),
        _ => {
            let name = rng.pick(NAMES);
            if name != "*" && rng.below(7) == 0 {
                format!("{name} as alias{}", rng.below(3))
            } else {
                name.to_owned()
            }
        }
    }
}

fn item(rng: &mut Rng, edition: StyleEdition) -> (String, UseTree) {
    let vis = ["", "", "", "pub", "pub(crate)"][rng.below(5)].to_owned();
    let text = format!("use {}::{{{}}};", rng.pick(CRATES), subtree(rng, 3));
    let parsed = UseItem::parse(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    (vis, UseTree::from_item(&parsed, edition))
}

/// A file of `ITEMS` printed items, at indentation depths 0 to 2 (inside `mod` blocks), each
/// its own run.
fn file(seed: u64, layout: &Layout, line_ending: &str) -> String {
    let mut rng = Rng(seed | 1);
    let unit = if layout.hard_tabs {
        "\t".to_owned()
    } else {
        " ".repeat(layout.tab_spaces)
    };
    let mut out = String::new();
    for i in 0..ITEMS {
        let depth = rng.below(3);
        let (vis, tree) = item(&mut rng, layout.edition);
        if tree.path.is_empty() {
            continue;
        }
        let printed = print_use(&vis, &tree, depth * layout.tab_spaces, layout, line_ending);
        for d in 0..depth {
            let _ = write!(out, "{}mod m{i}_{d} {{{line_ending}", unit.repeat(d));
        }
        let _ = write!(out, "{}{printed}{line_ending}", unit.repeat(depth));
        for d in (0..depth).rev() {
            let _ = write!(out, "{}}}{line_ending}", unit.repeat(d));
        }
        let _ = write!(out, "{line_ending}struct S{i};{line_ending}{line_ending}");
    }
    out.truncate(out.trim_end().len());
    out.push_str(line_ending);
    out
}

/// `rustfmt --check` on `text` with `layout`'s settings; the diff it prints if it would change.
fn check(text: &str, layout: &Layout, line_ending: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("rustfmt.toml");
    let newline = if line_ending == "\r\n" {
        "Windows"
    } else {
        "Unix"
    };
    std::fs::write(
        &config,
        format!(
            "max_width = {}\ntab_spaces = {}\nhard_tabs = {}\nnewline_style = \"{newline}\"\n",
            layout.max_width, layout.tab_spaces, layout.hard_tabs
        ),
    )
    .unwrap();
    let path = dir.path().join("judged.rs");
    std::fs::write(&path, text).unwrap();
    let edition = match layout.edition {
        StyleEdition::E2024 => "2024",
        _ => "2021",
    };
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", edition, "--config-path"])
        .arg(&config)
        .arg(&path)
        .output()
        .expect("rustfmt must be installed: it is the judge of the layout");
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[test]
fn rustfmt_accepts_every_printed_item() {
    let mut seed = 0x5eed_u64;
    let mut failures = Vec::new();
    let mut judged = 0;
    // Lists laid out as blocks, so that the wrapping rules are exercised too.
    let mut blocks = 0;
    for edition in [StyleEdition::E2021, StyleEdition::E2024] {
        for (max_width, tab_spaces, hard_tabs) in [
            (100, 4, false),
            (80, 4, false),
            (60, 2, false),
            (45, 4, false),
            (100, 4, true),
            (70, 2, true),
            (120, 8, false),
        ] {
            let layout = Layout {
                max_width,
                tab_spaces,
                hard_tabs,
                edition,
                ..Layout::default()
            };
            seed += 1;
            let line_ending = if seed % 5 == 0 { "\r\n" } else { "\n" };
            let text = file(seed, &layout, line_ending);
            judged += text.matches("use ").count();
            blocks += text.matches("{\n").count() + text.matches("{\r\n").count();
            if let Err(diff) = check(&text, &layout, line_ending) {
                failures.push(format!("{layout:?} seed {seed}:\n{diff}"));
            }
        }
    }
    assert!(judged > 1000, "only {judged} items were judged");
    assert!(blocks > 500, "only {blocks} blocks were judged");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
