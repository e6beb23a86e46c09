use changchun_cards::cli::{self, Cli};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Checked before the window toolkit starts: without a display it would panic.
    if cli::Command::opens_window(&cli.command) && !cli::has_desktop_session() {
        eprintln!("{}", cli::NO_DESKTOP);
        return ExitCode::FAILURE;
    }
    cli::run(cli)
}
