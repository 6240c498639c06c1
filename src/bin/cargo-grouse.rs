//! `cargo grouse ...`: cargo runs `cargo-grouse grouse ...`; drop that `grouse` and run as
//! `cargo fmt` would: on the current package, or those `-p`, `--all` or `--manifest-path` select.

use std::process::ExitCode;

/// The allocator of the `grouse` binary, for the same reasons.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let mut args: Vec<_> = std::env::args_os().collect();
    if args.get(1).is_some_and(|arg| arg == "grouse") {
        args.remove(1);
    }
    grouse::cli::cargo::main(args)
}
