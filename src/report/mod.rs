//! What users see of a run: each file's outcome ([`outcome`]), its unified diff ([`diff`]), and
//! the output formats that print them — text, JSON, GitHub annotations — with the summary line
//! and the error messages ([`format`]).

pub mod diff;
pub mod format;
pub mod outcome;

pub use self::diff::{DIFF_CONTEXT, unified_diff, unified_diff_of_runs};
pub use self::format::{
    OutputFormat, colorize, write_errors, write_github, write_json, write_text,
};
pub use self::outcome::{Counts, FileError, FileReport, Mode, Outcome, summary};
