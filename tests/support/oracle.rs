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

impl<'ast> Visit<'ast> for Runs {
    fn visit_file(&mut self, file: &'ast syn::File) {
        self.items(file.items.iter().map(as_use));
        syn::visit::visit_file(self, file);
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
