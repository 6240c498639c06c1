//! Layout: a new `use` item printed exactly as rustfmt lays it out.
//!
//! rustfmt writes a use list on one line when it fits; otherwise as a block, one indentation
//! deeper, elements packed on lines up to the width (`imports_layout = "Mixed"`, the default),
//! with a trailing comma. A list that holds a nested list is always a block, and there every
//! element with a `::` starts a line of its own, as does the element after it. The widths
//! follow rustfmt's shapes (`rewrite_nested_use_tree`, `definitive_tactic`, `write_list`),
//! including their margins: a list stays on one line only if it leaves two columns spare.
//!
//! Supported: `max_width`, `tab_spaces`, `hard_tabs`, every `imports_layout`; `imports_indent`
//! is `Block` (rustfmt's default; `Visual` is not supported) and `trailing_comma` is
//! `Vertical` (the default). Widths count characters, not display columns.

use crate::settings::{ImportsLayout, Layout, StyleEdition};
use crate::tree::{Segment, UseTree};

/// Prints `vis use tree;` as rustfmt would, for an item at `indent` columns.
///
/// The first line starts with the visibility or `use`, without the indentation (the caller
/// writes the item where the old one started); the lines after it carry their own. Lines end
/// with `line_ending`; the last one has none.
pub fn print_use(
    vis: &str,
    tree: &UseTree,
    indent: usize,
    layout: &Layout,
    line_ending: &str,
) -> String {
    let mut sorted = tree.clone();
    sort_lists(&mut sorted.path, layout.edition);
    let vis_len = if vis.is_empty() { 0 } else { vis.len() + 1 };
    // 4 = "use ", 1 = ";"
    let width = layout
        .max_width
        .saturating_sub(indent + "use ".len() + ";".len() + vis_len);
    let printer = Printer { layout };
    let body = printer.tree(&sorted.path, Shape { indent, width });
    let mut out = String::with_capacity(body.len() + 16);
    if !vis.is_empty() {
        out.push_str(vis);
        out.push(' ');
    }
    out.push_str("use ");
    out.push_str(&body);
    out.push(';');
    if line_ending != "\n" {
        out = out.replace('\n', line_ending);
    }
    out
}

/// Sorts every list of `path` in rustfmt's order for `edition` (stable), and writes a list of
/// one element other than `self` without braces, as rustfmt does.
fn sort_lists(path: &mut Vec<Segment>, edition: StyleEdition) {
    if let Some(Segment::List(list)) = path.last_mut() {
        for tree in list.iter_mut() {
            sort_lists(&mut tree.path, edition);
        }
        list.sort_by_cached_key(|tree| crate::tree::tree_key(tree, edition));
        if let [only] = list.as_slice() {
            if !matches!(only.path.as_slice(), [Segment::Slf(_)]) {
                let only = only.path.clone();
                path.pop();
                path.extend(only);
            }
        }
    }
}

/// rustfmt's `Shape` for block indentation: the block's indentation and the width left.
#[derive(Clone, Copy, Debug)]
struct Shape {
    indent: usize,
    width: usize,
}

impl Shape {
    fn offset_left(self, columns: usize) -> Shape {
        Shape {
            indent: self.indent,
            width: self.width.saturating_sub(columns),
        }
    }
}

/// The tactic rustfmt settles on for one list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tactic {
    Horizontal,
    Vertical,
    Mixed,
}

struct Printer<'a> {
    layout: &'a Layout,
}

impl Printer<'_> {
    fn indent(&self, columns: usize) -> String {
        if self.layout.hard_tabs && self.layout.tab_spaces > 0 {
            let tabs = columns / self.layout.tab_spaces;
            let spaces = columns % self.layout.tab_spaces;
            let mut text = "\t".repeat(tabs);
            text.push_str(&" ".repeat(spaces));
            text
        } else {
            " ".repeat(columns)
        }
    }

    fn tree(&self, path: &[Segment], mut shape: Shape) -> String {
        let mut out = String::new();
        for (i, segment) in path.iter().enumerate() {
            let text = match segment {
                // 2 = "{" and "}"
                Segment::List(list) => self.list(list, shape.offset_left(2)),
                _ => segment_text(segment),
            };
            out.push_str(&text);
            if i + 1 < path.len() {
                out.push_str("::");
                shape = shape.offset_left("::".len() + width(&text));
            }
        }
        out
    }

    /// rustfmt's `rewrite_nested_use_tree`.
    fn list(&self, list: &[UseTree], shape: Shape) -> String {
        let nested_indent = shape.indent + self.layout.tab_spaces;
        // 1 = the separator after an element.
        let nested = Shape {
            indent: nested_indent,
            width: self.layout.max_width.saturating_sub(nested_indent + 1),
        };
        let items: Vec<String> = list
            .iter()
            .map(|tree| self.tree(&tree.path, nested))
            .collect();
        let has_nested_list = list
            .iter()
            .any(|tree| matches!(tree.path.last(), Some(Segment::List(_))));
        let remaining = if has_nested_list {
            0
        } else {
            shape.width.saturating_sub(2)
        };
        let tactic = self.tactic(&items, remaining);
        let text = match tactic {
            Tactic::Horizontal => items.join(", "),
            Tactic::Vertical => {
                let separator = format!(",\n{}", self.indent(nested_indent));
                let mut text = items.join(&separator);
                text.push(',');
                text
            }
            Tactic::Mixed => self.mixed(&items, nested, has_nested_list),
        };
        if text.contains('\n') || text.len() > remaining || tactic == Tactic::Vertical {
            format!(
                "{{\n{}{}\n{}}}",
                self.indent(nested_indent),
                text,
                self.indent(shape.indent)
            )
        } else {
            format!("{{{text}}}")
        }
    }

    /// rustfmt's `definitive_tactic` for a list without comments.
    fn tactic(&self, items: &[String], limit: usize) -> Tactic {
        let fallback = match self.layout.imports_layout {
            ImportsLayout::Horizontal => return Tactic::Horizontal,
            ImportsLayout::Vertical => return Tactic::Vertical,
            ImportsLayout::Mixed => Tactic::Mixed,
            ImportsLayout::HorizontalVertical => Tactic::Vertical,
        };
        // 2 = ", "
        let total: usize =
            items.iter().map(|item| width(item)).sum::<usize>() + 2 * items.len().saturating_sub(1);
        if total <= limit && !items.iter().any(|item| item.contains('\n')) {
            Tactic::Horizontal
        } else {
            fallback
        }
    }

    /// rustfmt's `write_list` with the `Mixed` tactic, in a block: elements packed on lines, a
    /// `::` element alone on its line when the list holds a nested list, a trailing comma.
    fn mixed(&self, items: &[String], shape: Shape, nested: bool) -> String {
        let indent = self.indent(shape.indent);
        let mut out = String::new();
        let mut line_len = 0;
        // rustfmt counts the last element's comma only once the list has broken a line.
        let mut broken = false;
        let mut previous_has_path = false;
        for (i, item) in items.iter().enumerate() {
            let first = i == 0;
            let last = i + 1 == items.len();
            let separator = usize::from(!last || broken);
            let item_width = width(item) + separator;
            let has_path = item.contains("::");
            // 1 = the space between two elements.
            if (line_len > 0 && line_len + 1 + item_width > shape.width)
                || (nested && (previous_has_path || (!first && has_path)))
            {
                out.push('\n');
                out.push_str(&indent);
                line_len = 0;
                broken = true;
            } else if line_len > 0 {
                out.push(' ');
                line_len += 1;
            }
            line_len += item_width;
            out.push_str(item);
            out.push(',');
            previous_has_path = has_path;
        }
        out
    }
}

fn segment_text(segment: &Segment) -> String {
    let (name, alias) = match segment {
        Segment::Slf(alias) => ("self", alias),
        Segment::Super(alias) => ("super", alias),
        Segment::Crate(alias) => ("crate", alias),
        Segment::Ident(name, alias) => (name.as_str(), alias),
        Segment::Glob => return "*".to_owned(),
        Segment::List(_) => unreachable!("lists are printed by `Printer::list`"),
    };
    match alias {
        Some(alias) => format!("{name} as {alias}"),
        None => name.to_owned(),
    }
}

/// The width rustfmt counts for `text`.
fn width(text: &str) -> usize {
    text.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::item::UseItem;

    /// The normalized tree of `use {text};`.
    fn tree(text: &str, edition: StyleEdition) -> UseTree {
        let item = UseItem::parse(&format!("use {text};")).unwrap();
        UseTree::from_item(&item, edition)
    }

    fn print(vis: &str, text: &str, indent: usize, layout: &Layout) -> String {
        print_use(vis, &tree(text, layout.edition), indent, layout, "\n")
    }

    // The expected strings below are rustfmt 1.9's own output for the same items.

    #[test]
    fn one_line_when_it_leaves_two_columns_spare() {
        let layout = Layout::default();
        let fits = "a::{bbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccc, dddddddddddddddddddd, \
                    eeeeeeeeeeeeeeeeeee, g}";
        assert_eq!(print("", fits, 0, &layout), format!("use {fits};"));
        assert_eq!(print("", fits, 0, &layout).len(), 98);
        let wraps = "a::{bbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccc, dddddddddddddddddddd, \
                     eeeeeeeeeeeeeeeeeeee, g}";
        assert_eq!(
            print("", wraps, 0, &layout),
            "use a::{\n    bbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccc, dddddddddddddddddddd, \
             eeeeeeeeeeeeeeeeeeee, g,\n};"
        );
    }

    #[test]
    fn mixed_packs_elements_on_lines() {
        let text = "aaaa::{bbbbbbbbbbbb, cccccccccccc, dddddddddddd, eeeeeeeeeeee, ffffffffffff, \
                    gggggggggggg, hhhhhhhhhhhh}";
        assert_eq!(
            print("", text, 0, &Layout::default()),
            "use aaaa::{\n    bbbbbbbbbbbb, cccccccccccc, dddddddddddd, eeeeeeeeeeee, ffffffffffff, \
             gggggggggggg,\n    hhhhhhhhhhhh,\n};"
        );
    }

    #[test]
    fn a_nested_list_puts_paths_on_lines_of_their_own() {
        let layout = Layout::default();
        assert_eq!(
            print("", "a::{c, h::{self, i}}", 0, &layout),
            "use a::{\n    c,\n    h::{self, i},\n};"
        );
        // `y::{self as z}` built by hand: it is not `y as z` (rust-lang/rustfmt keeps it).
        let ident = |name: &str| Segment::Ident(name.to_owned(), None);
        let self_as_z = UseTree {
            path: vec![
                ident("y"),
                Segment::List(vec![UseTree {
                    path: vec![Segment::Slf(Some("z".to_owned()))],
                }]),
            ],
        };
        let x = UseTree {
            path: vec![
                ident("x"),
                Segment::List(vec![
                    UseTree {
                        path: vec![ident("y")],
                    },
                    self_as_z,
                ]),
            ],
        };
        assert_eq!(
            print_use("pub(crate)", &x, 0, &layout, "\n"),
            "pub(crate) use x::{\n    y,\n    y::{self as z},\n};"
        );
        assert_eq!(
            print(
                "",
                "std::{collections::{BTreeMap, HashMap}, fmt::{self, Debug, Display, Formatter}, \
                 io, sync::Arc}",
                4,
                &layout
            ),
            "use std::{\n        collections::{BTreeMap, HashMap},\n        fmt::{self, Debug, \
             Display, Formatter},\n        io,\n        sync::Arc,\n    };"
        );
    }

    #[test]
    fn hard_tabs_and_a_narrow_width() {
        let layout = Layout {
            max_width: 60,
            hard_tabs: true,
            ..Layout::default()
        };
        assert_eq!(
            print(
                "",
                "a::{bbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccc, dddddddddddddddddddd, \
                 eeeeeeeeeeeeeeee, g}",
                0,
                &layout
            ),
            "use a::{\n\tbbbbbbbbbbbbbbbbbbbb, cccccccccccccccccccc,\n\tdddddddddddddddddddd, \
             eeeeeeeeeeeeeeee, g,\n};"
        );
        assert_eq!(
            print(
                "",
                "std::{collections::{BTreeMap, HashMap}, io}",
                4,
                &layout
            ),
            "use std::{\n\t\tcollections::{BTreeMap, HashMap},\n\t\tio,\n\t};"
        );
    }

    #[test]
    fn elements_in_the_style_editions_order_self_first() {
        let text = "a::{Foo, bar, BAZ, x10, x9, self}";
        let legacy = Layout {
            edition: StyleEdition::E2021,
            ..Layout::default()
        };
        assert_eq!(
            print("", text, 0, &legacy),
            "use a::{self, bar, x10, x9, Foo, BAZ};"
        );
        let version = Layout {
            edition: StyleEdition::E2024,
            ..Layout::default()
        };
        assert_eq!(
            print("", text, 0, &version),
            "use a::{self, BAZ, Foo, bar, x9, x10};"
        );
    }

    #[test]
    fn the_files_line_ending() {
        assert_eq!(
            print_use(
                "",
                &tree("a::{c, h::{self, i}}", StyleEdition::E2021),
                0,
                &Layout::default(),
                "\r\n"
            ),
            "use a::{\r\n    c,\r\n    h::{self, i},\r\n};"
        );
    }

    #[test]
    fn other_imports_layouts() {
        let text = "a::{b, c}";
        let vertical = Layout {
            imports_layout: ImportsLayout::Vertical,
            ..Layout::default()
        };
        assert_eq!(
            print("", text, 0, &vertical),
            "use a::{\n    b,\n    c,\n};"
        );
        let long = "aaaa::{bbbbbbbbbbbb, cccccccccccc, dddddddddddd, eeeeeeeeeeee, ffffffffffff, \
                    gggggggggggg, hhhhhhhhhhhh}";
        let hv = Layout {
            imports_layout: ImportsLayout::HorizontalVertical,
            ..Layout::default()
        };
        assert_eq!(print("", text, 0, &hv), "use a::{b, c};");
        assert_eq!(
            print("", long, 0, &hv),
            "use aaaa::{\n    bbbbbbbbbbbb,\n    cccccccccccc,\n    dddddddddddd,\n    \
             eeeeeeeeeeee,\n    ffffffffffff,\n    gggggggggggg,\n    hhhhhhhhhhhh,\n};"
        );
        let horizontal = Layout {
            imports_layout: ImportsLayout::Horizontal,
            ..Layout::default()
        };
        // rustfmt breaks the block but keeps the elements on one line, without a trailing comma.
        assert_eq!(
            print("", long, 0, &horizontal),
            "use aaaa::{\n    bbbbbbbbbbbb, cccccccccccc, dddddddddddd, eeeeeeeeeeee, ffffffffffff, \
             gggggggggggg, hhhhhhhhhhhh\n};"
        );
    }

    #[test]
    fn imports_layout_names_are_rustfmts() {
        for (name, layout) in [
            ("Mixed", ImportsLayout::Mixed),
            ("Horizontal", ImportsLayout::Horizontal),
            ("HorizontalVertical", ImportsLayout::HorizontalVertical),
            ("Vertical", ImportsLayout::Vertical),
        ] {
            assert_eq!(ImportsLayout::parse(name), Some(layout));
        }
        assert_eq!(ImportsLayout::parse("mixed"), None);
    }
}
