//! The `grouse` binary: everything is in the library's `cli` module.

use std::process::ExitCode;

/// mimalloc (its version 2) rather than the system allocator. With glibc's, each thread but the
/// first allocates from an arena of its own and spends about a tenth more CPU than the first on
/// the same work, which kept two threads from halving a run; mimalloc is also faster on one. The
/// library leaves the choice to its users; `--no-default-features` builds without it.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    grouse::cli::main(std::env::args_os())
}
