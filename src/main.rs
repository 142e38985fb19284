//! The `aftermath` binary: parses the command line and hands over to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    aftermath::cli::run(aftermath::cli::Cli::parse())
}
