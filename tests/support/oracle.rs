//! The oracle collector: finds runs of sibling `use` items with a full `syn::parse_file` and
//! `syn::visit`, to check the streaming scan against.

use quote::ToTokens;
use syn::visit::Visit;

/// Runs of sibling `use` items, each item as its tokens printed by syn; sorted.
pub fn runs(source: &str) -> Vec<Vec<String>> {
    let file = syn::parse_file(source).expect("oracle input parses as a file");
    let mut visitor = Runs { runs: Vec::new() };
    visitor.visit_file(&file);
    let mut runs = visitor.runs;
    runs.sort();
    runs
}

struct Runs {
    runs: Vec<Vec<String>>,
}

impl Runs {
    fn items<'a>(&mut self, items: impl Iterator<Item = Option<&'a syn::ItemUse>>) {
        let mut current = Vec::new();
        for item in items {
            match item {
                Some(item) => current.push(item.to_token_stream().to_string()),
                None => {
                    if !current.is_empty() {
                        self.runs.push(std::mem::take(&mut current));
                    }
                }
            }
        }
        if !current.is_empty() {
            self.runs.push(current);
        }
    }
}

fn as_use(item: &syn::Item) -> Option<&syn::ItemUse> {
    match item {
        syn::Item::Use(item) => Some(item),
        _ => None,
    }
}

/// `#[rustfmt::skip]` (also `rustfmt_skip`, inner, or inside `cfg_attr`): rustfmt leaves the
/// item or scope alone, and so does grouse.
fn skipped(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        let text: String = attr
            .meta
            .to_token_stream()
            .to_string()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        text == "rustfmt::skip"
            || text == "rustfmt_skip"
            || (text.starts_with("cfg_attr(")
                && text[..text.len() - 1]
                    .split(',')
                    .skip(1)
                    .any(|t| t == "rustfmt::skip" || t == "rustfmt_skip"))
    })
}

/// The attributes of an item that may hold `use` items, or none.
fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        _ => &[],
    }
}

impl<'ast> Visit<'ast> for Runs {
    fn visit_file(&mut self, file: &'ast syn::File) {
        if skipped(&file.attrs) {
            return;
        }
        self.items(file.items.iter().map(as_use));
        syn::visit::visit_file(self, file);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !skipped(item_attrs(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        if !skipped(&item.attrs) {
            syn::visit::visit_impl_item_fn(self, item);
        }
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if !skipped(&item.attrs) {
            syn::visit::visit_trait_item_fn(self, item);
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if !skipped(&local.attrs) {
            syn::visit::visit_local(self, local);
        }
    }

    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if let Some((_, items)) = &module.content {
            self.items(items.iter().map(as_use));
        }
        syn::visit::visit_item_mod(self, module);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.items(block.stmts.iter().map(|stmt| match stmt {
            syn::Stmt::Item(item) => as_use(item),
            _ => None,
        }));
        syn::visit::visit_block(self, block);
    }
}

/// One imported name: the item's attributes and visibility as tokens, its leading `::`, the
/// path and the alias (an alias equal to the name is no alias).
pub type Leaf = (String, String, bool, Vec<String>, Option<String>);

/// Every name the file's `use` items import, with the scope it is imported in (the items of
/// one run of one module or block), by syn: what merging and splitting items must keep.
pub fn leaves(source: &str) -> std::collections::BTreeSet<(usize, Leaf)> {
    let file = syn::parse_file(source).expect("oracle input parses as a file");
    let mut visitor = Leaves {
        out: Default::default(),
        scope: 0,
    };
    visitor.visit_file(&file);
    visitor.out
}

struct Leaves {
    out: std::collections::BTreeSet<(usize, Leaf)>,
    scope: usize,
}

impl Leaves {
    fn tree(&mut self, top: (&str, &str, bool), path: &mut Vec<String>, tree: &syn::UseTree) {
        let (attrs, vis, colon) = top;
        let mut leaf = |path: &[String], alias: Option<String>| {
            let leaf = (
                attrs.to_owned(),
                vis.to_owned(),
                colon,
                path.to_vec(),
                alias,
            );
            self.out.insert((self.scope, leaf));
        };
        match tree {
            syn::UseTree::Path(p) => {
                path.push(p.ident.to_string());
                self.tree(top, path, &p.tree);
                path.pop();
            }
            syn::UseTree::Name(n) => {
                path.push(n.ident.to_string());
                leaf(path, None);
                path.pop();
            }
            syn::UseTree::Rename(r) => {
                path.push(r.ident.to_string());
                leaf(path, (r.rename != r.ident).then(|| r.rename.to_string()));
                path.pop();
            }
            syn::UseTree::Glob(_) => {
                path.push("*".to_owned());
                leaf(path, None);
                path.pop();
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.tree(top, path, tree);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Leaves {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let attrs: Vec<String> = item
            .attrs
            .iter()
            .map(|a| a.to_token_stream().to_string())
            .collect();
        let vis = item.vis.to_token_stream().to_string();
        let top = (attrs.join(" "), vis, item.leading_colon.is_some());
        self.tree((&top.0, &top.1, top.2), &mut Vec::new(), &item.tree);
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        self.scope += 1;
        syn::visit::visit_block(self, block);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.scope += 1;
        syn::visit::visit_item_mod(self, item);
    }
}
