use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    changchun_cards::cli::run(changchun_cards::cli::Cli::parse())
}
