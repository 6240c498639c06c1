//! verify: scan the regrouped text again and check that only the order of whole items changed.
//!
//! The text outside the runs must be byte-identical, the runs must be in the same places, and
//! each must hold the same items with the same comments (compared as verbatim text). A failure is
//! a bug in grouse: the caller gets an error and writes nothing.

use crate::attach::{Run, attach};
use crate::collect::{Collected, line_column, scan};
use crate::error::Error;

/// Checks `output`, the regrouped form of `source`.
pub fn verify(
    source: &str,
    collected: &Collected,
    runs: &[Run],
    output: &str,
) -> Result<(), Error> {
    let fail = |message: String| Err(Error::Verify { message });
    let out_collected = match scan(output) {
        Ok(c) => c,
        Err(error) => return fail(format!("the result does not scan: {error}")),
    };
    if out_collected.items.len() != collected.items.len() {
        return fail(format!(
            "{} `use` items before, {} after",
            collected.items.len(),
            out_collected.items.len()
        ));
    }
    let out_runs = attach(output, &out_collected);
    if out_runs.len() != runs.len() {
        return fail(format!(
            "{} runs before, {} after",
            runs.len(),
            out_runs.len()
        ));
    }
    let (mut before_at, mut after_at) = (0, 0);
    for (run, out_run) in runs.iter().zip(&out_runs) {
        if source[before_at..run.start] != output[after_at..out_run.start] {
            let (line, _) = line_column(source, run.start);
            return fail(format!("the text before the run at line {line} changed"));
        }
        let mut before: Vec<&str> = run.units.iter().map(|u| &source[u.start..u.end]).collect();
        let mut after: Vec<&str> = out_run
            .units
            .iter()
            .map(|u| &output[u.start..u.end])
            .collect();
        before.sort_unstable();
        after.sort_unstable();
        if before != after {
            let (line, _) = line_column(source, run.start);
            return fail(format!(
                "the run at line {line} does not hold the same items and comments"
            ));
        }
        before_at = run.end;
        after_at = out_run.end;
    }
    if source[before_at..] != output[after_at..] {
        return fail("the text after the last run changed".into());
    }
    Ok(())
}
