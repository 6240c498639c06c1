//! order: puts the units of a run in output order — by their group's rank, then by the sort key of
//! their normalized tree (rustfmt's comparator for the style edition, see [`crate::tree`]). The
//! sort is stable.

use crate::settings::{Group, Settings};
use crate::tree::{Normalized, TreeKey};
use crate::types::{Placed, Run};

/// Orders the units of a run: by group rank, then by key; stable.
pub fn order_run(
    run: &Run,
    items: &[&Normalized],
    groups: &[Group],
    settings: &Settings,
) -> Vec<Placed> {
    let mut keyed: Vec<(usize, &TreeKey, Placed)> = run
        .units
        .iter()
        .zip(items)
        .zip(groups)
        .map(|((unit, item), &group)| {
            let rank = settings.group_rank(group);
            (rank, &item.key, Placed { unit: *unit, group })
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    keyed.into_iter().map(|(_, _, placed)| placed).collect()
}
