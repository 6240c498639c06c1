//! The one printer of a run, for walked files and stdin alike: the output format on stdout, then
//! the errors and the summary line on stderr.

use std::io::{self, Write};

use super::plan::Plan;
use crate::report::{self, Counts, FileReport, Mode, Outcome, OutputFormat};

/// What the reports printed came from.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// The files a walk found, with their counts for the summary line.
    Files { counts: Counts },
    /// Stdin, with the bytes read: `--fix -` prints them back when nothing changes.
    Stdin { original: &'a [u8] },
}

/// Prints the reports of a run as `plan` says.
pub fn print(
    plan: &Plan,
    input: Input<'_>,
    reports: &[FileReport],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    if let (Input::Stdin { original }, Mode::Fix) = (input, plan.mode) {
        // The output is the file itself, for an editor to put in place of its buffer; quiet
        // or not, as quiet only silences what is said about the file.
        write_fixed_source(out, reports, original)?;
        if !plan.quiet {
            report::write_errors(err, reports)?;
        }
        return Ok(());
    }
    if plan.quiet {
        return Ok(());
    }
    match plan.format {
        // Everything is in the array.
        OutputFormat::Json => return report::write_json(out, reports),
        OutputFormat::Github => report::write_github(out, reports, plan.mode)?,
        OutputFormat::Text => report::write_text(out, reports, plan.mode, plan.color)?,
    }
    // What goes to stdout comes out before the errors and the summary that follow it on stderr.
    out.flush()?;
    report::write_errors(err, reports)?;
    // No summary line after a path list, nor for stdin.
    let listed = plan.format == OutputFormat::Text && plan.mode == Mode::List;
    if let (Input::Files { counts }, false) = (input, listed) {
        writeln!(err, "{}", report::summary(counts, plan.mode))?;
    }
    Ok(())
}

/// The regrouped text of stdin, or the original when nothing changed; nothing after an error.
fn write_fixed_source(
    out: &mut dyn Write,
    reports: &[FileReport],
    original: &[u8],
) -> io::Result<()> {
    for report in reports {
        match &report.outcome {
            Outcome::Changed {
                text: Some(text), ..
            } => out.write_all(text.as_bytes())?,
            Outcome::Error(_) => {}
            _ => out.write_all(original)?,
        }
    }
    Ok(())
}
