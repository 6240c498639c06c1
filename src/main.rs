//! The `grouse` binary: everything is in the library's `cli` module.

use std::process::ExitCode;

fn main() -> ExitCode {
    grouse::cli::main(std::env::args_os())
}
