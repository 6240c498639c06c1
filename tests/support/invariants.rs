//! The engine's promises on any input, shared by the property tests and the fuzz target (which
//! includes this file by path): no panic (the caller catches it); on an input that lexes and
//! parses, the output scans, whole-file verification holds and regrouping the output changes
//! nothing. An input the engine's own verification refuses is told apart: no harm is done, as
//! nothing is written, but it is a defect.

use grouse::inspect as stages;
use grouse::{Error, Regrouped, Settings};

/// What the engine made of an input that kept its promises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The input does not lex or one of its `use` items does not parse: an error, no output.
    Rejected,
    Unchanged,
    Changed,
    /// The engine's verification refused its own result (`Error::Verify`): safe, a defect.
    Refused(String),
}

/// Regroups `source` and checks the result; `Err` says which promise was broken.
pub fn check(source: &str, settings: &Settings) -> Result<Verdict, String> {
    scans_agree(source)?;
    items_parse_as_syn(source)?;
    let output = match grouse::regroup(source, settings) {
        Ok(Regrouped::Unchanged) => return Ok(Verdict::Unchanged),
        Ok(Regrouped::Changed { text, .. }) => text,
        Err(Error::Lex { .. } | Error::Parse { .. }) => return Ok(Verdict::Rejected),
        Err(error @ Error::Verify { .. }) => return Ok(Verdict::Refused(error.to_string())),
    };
    if let Err(error) = stages::collect(&output) {
        return Err(format!("the output does not scan: {error}"));
    }
    verify_whole(source, settings, &output).map_err(|e| format!("whole-file verification: {e}"))?;
    match grouse::regroup(&output, settings) {
        Ok(Regrouped::Unchanged) => Ok(Verdict::Changed),
        Ok(Regrouped::Changed { text, .. }) => Err(format!(
            "not idempotent: the output regroups again to\n{text}"
        )),
        Err(error) => Err(format!("the output is rejected: {error}")),
    }
}

/// The whole-file verification of `output`, the regrouped `source`: run by run, and where items
/// may have been merged or split, by the names they import and the comments they hold.
pub fn verify_whole(source: &str, settings: &Settings, output: &str) -> Result<(), String> {
    if settings.granularity == grouse::Granularity::Preserve {
        let collected =
            stages::scan(source).map_err(|e| format!("the input stopped scanning: {e}"))?;
        let runs = stages::attach(source, &collected);
        stages::verify_whole(source, &runs, output).map_err(|e| e.to_string())
    } else {
        let collected =
            stages::collect(source).map_err(|e| format!("the input stopped parsing: {e}"))?;
        stages::verify_whole_merged(source, &collected, output).map_err(|e| e.to_string())
    }
}

/// Settings chosen by one byte: the style edition and the preset.
pub fn settings_from_byte(byte: u8) -> Settings {
    use grouse::{Granularity, Preset, StyleEdition};
    let style_edition = match byte % 4 {
        0 => StyleEdition::E2015,
        1 => StyleEdition::E2018,
        2 => StyleEdition::E2021,
        _ => StyleEdition::E2024,
    };
    let preset = match (byte >> 4) % 4 {
        0 => Preset::Grouse,
        1 => Preset::Rustfmt,
        2 => Preset::One,
        _ => Preset::Preserve,
    };
    // The low bits again, so that every pairing of edition and granularity comes up.
    let granularity = Granularity::ALL[usize::from(byte >> 2) % 5];
    Settings {
        preset,
        granularity,
        style_edition,
        workspace_crates: vec!["tokio".into()],
        ..Settings::default()
    }
}

/// The scan that steps over groups holding no `use` finds what lexing every token finds: the
/// same items, runs and local names in each item's scope, or the same error.
pub fn scans_agree(source: &str) -> Result<(), String> {
    let fast = stages::scan(source).map(|c| c.summary(source));
    let every = stages::scan_every_token(source).map(|c| c.summary(source));
    match (fast, every) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(a), Err(b)) if a.to_string() == b.to_string() => Ok(()),
        (a, b) => Err(format!(
            "the scan stepping over groups found {a:?}, lexing every token found {b:?}"
        )),
    }
}

/// Every `use` item the scan finds parses as syn parses it (the fast path for plain items takes
/// nothing syn rejects and builds the same tree), or fails as syn fails.
pub fn items_parse_as_syn(source: &str) -> Result<(), String> {
    let Ok(collected) = stages::scan(source) else {
        return Ok(());
    };
    for item in &collected.items {
        let text = &source[item.start..item.end];
        let ours = grouse::inspect::UseItem::parse(text).ok();
        let syn = syn::parse_str::<syn::ItemUse>(text)
            .ok()
            .map(|parsed| grouse::inspect::UseItem::from_syn(&parsed));
        if ours != syn {
            return Err(format!("{text:?} parses as {ours:?}, syn says {syn:?}"));
        }
    }
    Ok(())
}
