//! `underlag generate`: man pages and shell completions, generated from the command line's
//! own definition (clap), so they cannot drift from the options the binary accepts.

use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

/// `underlag generate …`
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// What to generate.
    #[command(subcommand)]
    pub command: GenerateCommand,
}

/// What `generate` writes.
#[derive(Debug, Subcommand)]
pub enum GenerateCommand {
    /// Man pages (roff): `underlag.1` and one page per subcommand (`underlag-admin-case.1`, …).
    Man {
        /// The folder to write them to (created when missing).
        #[arg(long)]
        out: PathBuf,
    },
    /// A completion script for a shell.
    Completions {
        /// The shell.
        #[arg(long, value_enum)]
        shell: CompletionShell,
        /// The folder to write it to (created when missing).
        #[arg(long)]
        out: PathBuf,
    },
}

/// The shells completions are generated for.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CompletionShell {
    /// Bash (`underlag.bash`).
    Bash,
    /// Zsh (`_underlag`).
    Zsh,
    /// Fish (`underlag.fish`).
    Fish,
}

impl CompletionShell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// Writes what `args` asks for, from `command` (the binary's whole command line), and prints
/// each file written.
pub fn run(mut command: clap::Command, args: GenerateArgs) -> anyhow::Result<()> {
    match args.command {
        GenerateCommand::Man { out } => {
            create(&out)?;
            clap_mangen::generate_to(command, &out)
                .with_context(|| format!("cannot write the man pages to {}", out.display()))?;
            let mut pages: Vec<PathBuf> = std::fs::read_dir(&out)
                .with_context(|| format!("cannot list {}", out.display()))?
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|e| e == "1"))
                .collect();
            pages.sort();
            for path in pages {
                println!("{}", path.display());
            }
        }
        GenerateCommand::Completions { shell, out } => {
            create(&out)?;
            let name = command.get_name().to_owned();
            let path = clap_complete::generate_to(shell.generator(), &mut command, name, &out)
                .with_context(|| format!("cannot write the completions to {}", out.display()))?;
            println!("{}", path.display());
        }
    }
    Ok(())
}

fn create(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}
