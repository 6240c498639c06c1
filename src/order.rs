//! order: puts the units of a run in output order — by their group's rank, then by the sort key of
//! their normalized tree (rustfmt's comparator for the style edition, see [`crate::tree`]). The
//! sort is stable.

use crate::settings::{Group, Preset, Settings};
use crate::tree::{Normalized, TreeKey};
use crate::types::{Content, Placed, Run};

/// Orders the units of a run: by block (the group's rank; with `preset = "one"` a single block;
/// with `preset = "preserve"` the chunk between blank lines), then by key; stable.
pub fn order_run(
    run: &Run,
    items: &[&Normalized],
    groups: &[Group],
    settings: &Settings,
) -> Vec<Placed> {
    let mut chunk = 0;
    let mut keyed: Vec<(usize, &TreeKey, Placed)> = run
        .units
        .iter()
        .zip(items)
        .zip(groups)
        .map(|((unit, item), &group)| {
            chunk += usize::from(unit.blank_line_before);
            let block = match settings.preset {
                Preset::Grouse | Preset::Rustfmt => settings.group_rank(group),
                Preset::One => 0,
                Preset::Preserve => chunk,
            };
            let placed = Placed {
                content: Content::Unit(*unit),
                block,
            };
            (block, &item.key, placed)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    keyed.into_iter().map(|(_, _, placed)| placed).collect()
}
