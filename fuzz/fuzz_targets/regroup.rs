//! Fuzzes the engine: any bytes (the first picks the style edition and preset, the rest is the
//! file, invalid UTF-8 replaced) must regroup without a panic, and wherever they lex the output
//! scans, verification holds and the result is idempotent. A result the engine's own
//! verification refuses is a crash too, unless `GROUSE_FUZZ_ALLOW_REFUSED=1`: then the fuzzer
//! looks past known refusals for results that would be written damaged.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/invariants.rs"]
mod invariants;

static ALLOW_REFUSED: LazyLock<bool> =
    LazyLock::new(|| std::env::var_os("GROUSE_FUZZ_ALLOW_REFUSED").is_some_and(|v| v == "1"));

fuzz_target!(|data: &[u8]| {
    let Some((&byte, rest)) = data.split_first() else {
        return;
    };
    let source = String::from_utf8_lossy(rest);
    let settings = invariants::settings_from_byte(byte);
    match invariants::check(&source, &settings) {
        Ok(invariants::Verdict::Refused(why)) if !*ALLOW_REFUSED => {
            panic!("{why}\n--- input\n{source}")
        }
        Ok(_) => {}
        Err(broken) => panic!("{broken}\n--- input\n{source}"),
    }
});
