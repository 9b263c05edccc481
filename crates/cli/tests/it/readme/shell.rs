//! The README's `sh` blocks and how the test runs them: read in order, each run by `bash`
//! in a workspace laid out like the repository's root (with `underlag` on `PATH`), with the
//! demo's documented address rewritten to the one the test's gateway really listens on.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;

pub(crate) fn repo_root() -> PathBuf {
    std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")).unwrap()
}

/// One fenced shell block of the README.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The heading (`##` or `###`) it is under.
    pub(crate) section: String,
    pub(crate) text: String,
    /// `sh` (run) or `sh no-run` (shown only).
    pub(crate) run: bool,
}

/// Every `sh` block of the README, in order; any other info string starting with `sh` fails
/// the test, so a block cannot escape both kinds.
pub(crate) fn readme_blocks() -> Vec<Block> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut section = String::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        if let Some(title) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            section = title.to_owned();
            continue;
        }
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let body: Vec<&str> = lines
            .by_ref()
            .take_while(|l| !l.starts_with("```"))
            .collect();
        let run = match info.trim() {
            "sh" => true,
            "sh no-run" => false,
            other if other.starts_with("sh") || other == "bash" || other == "shell" => {
                panic!(
                    "README block under {section:?} has the info string {other:?}: use `sh` or `sh no-run`"
                )
            }
            _ => continue,
        };
        blocks.push(Block {
            section: section.clone(),
            text: body.join("\n") + "\n",
            run,
        });
    }
    blocks
}

/// The blocks in order, handed out one at a time; `no-run` blocks between are counted.
pub(crate) struct Blocks {
    rest: std::collections::VecDeque<Block>,
    pub(crate) ran: Vec<String>,
    pub(crate) not_run: Vec<String>,
}

impl Blocks {
    pub(crate) fn new(blocks: Vec<Block>) -> Self {
        Self {
            rest: blocks.into(),
            ran: Vec::new(),
            not_run: Vec::new(),
        }
    }

    fn label(block: &Block) -> String {
        format!(
            "{}: {}",
            block.section,
            block.text.lines().next().unwrap_or("")
        )
    }

    /// The next block to run: it must be under `section` and contain `marker`. `no-run`
    /// blocks before it are counted, and must be the ones `expected_not_run` names.
    pub(crate) fn next(&mut self, section: &str, marker: &str) -> Block {
        loop {
            let block = self
                .rest
                .pop_front()
                .unwrap_or_else(|| panic!("no README block left for {section}: {marker}"));
            if !block.run {
                self.not_run.push(Self::label(&block));
                continue;
            }
            assert_eq!(block.section, section, "the next block to run: {block:?}");
            assert!(
                block.text.contains(marker),
                "the next block under {section} contains {marker:?}: {}",
                block.text
            );
            self.ran.push(Self::label(&block));
            return block;
        }
    }

    /// Counts the `no-run` blocks left; every block left must be one.
    pub(crate) fn finish(&mut self) {
        for block in self.rest.drain(..) {
            assert!(!block.run, "a README block nothing ran: {block:?}");
            self.not_run.push(Self::label(&block));
        }
    }
}

/// A folder laid out like the repository's root for the README's commands: `config/`,
/// `conformance/`, `contracts/` and `target/release/underlag` linked to this checkout and the
/// binary under test, and `bin/underlag` first on `PATH`.
pub(crate) struct Workspace {
    pub(crate) dir: tempfile::TempDir,
    /// What `127.0.0.1:8080` in a block stands for now.
    pub(crate) gateway: Option<String>,
    env: BTreeMap<String, String>,
}

impl Workspace {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = repo_root();
        for linked in ["config", "conformance", "contracts"] {
            std::os::unix::fs::symlink(root.join(linked), dir.path().join(linked)).unwrap();
        }
        for folder in ["target/release", "bin"] {
            std::fs::create_dir_all(dir.path().join(folder)).unwrap();
            std::os::unix::fs::symlink(
                env!("CARGO_BIN_EXE_underlag"),
                dir.path().join(folder).join("underlag"),
            )
            .unwrap();
        }
        let path = format!(
            "{}:{}",
            dir.path().join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let env = BTreeMap::from([("PATH".to_owned(), path)]);
        Self {
            dir,
            gateway: None,
            env,
        }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sets an environment variable for the blocks run from now on.
    pub(crate) fn set_env(&mut self, key: &str, value: &str) {
        self.env.insert(key.to_owned(), value.to_owned());
    }

    /// The block as it runs here: `cargo run … --` is the binary under test, and the
    /// documented address is the gateway's real one.
    fn script(&self, block: &Block) -> String {
        let mut text = block
            .text
            .replace("cargo run --release -p underlag -- ", "underlag ");
        if let Some(gateway) = &self.gateway {
            text = text.replace("127.0.0.1:8080", gateway);
        }
        text
    }

    fn command(&self, script: &str) -> Command {
        let mut command = Command::new("bash");
        command
            .args(["-euo", "pipefail", "-c", script])
            .current_dir(self.path())
            .env_remove("UNDERLAG_CONFIG")
            .env_remove("UNDERLAG_DATA_DIR")
            .env_remove("UNDERLAG_ADMIN_ACTOR")
            .env("RUST_LOG", "warn");
        for (k, v) in &self.env {
            command.env(k, v);
        }
        command
    }

    /// Runs a block to its end; its output, whatever its exit status.
    pub(crate) fn run_status(&self, block: &Block) -> Output {
        self.command(&self.script(block)).output().unwrap()
    }

    /// Runs a block to its end and asserts it succeeded; its standard output.
    pub(crate) fn run(&self, block: &Block) -> String {
        let output = self.run_status(block);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "README block failed: {}\n--- stdout\n{stdout}\n--- stderr\n{}",
            block.text,
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }

    /// Starts a block whose last command runs until stopped (`exec`'d, so the child is that
    /// command), and reads its standard output until a line starts with `ready`. Both
    /// outputs are drained in the background from then on.
    pub(crate) fn spawn(&self, block: &Block, ready: &str) -> Service {
        let script = self.script(block);
        let mut lines: Vec<&str> = script.lines().filter(|l| !l.trim().is_empty()).collect();
        let last = format!("exec {}", lines.pop().unwrap());
        let script = lines
            .into_iter()
            .chain(std::iter::once(last.as_str()))
            .collect::<Vec<_>>()
            .join("\n");
        let mut child = self
            .command(&script)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut pipe = child.stderr.take().unwrap();
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        });
        let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut seen = Vec::new();
        for line in stdout.by_ref() {
            let line = line.unwrap();
            let done = line.starts_with(ready);
            seen.push(line);
            if done {
                std::thread::spawn(move || stdout.for_each(drop));
                return Service {
                    child,
                    banner: seen,
                    stderr,
                };
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "`{script}` ended before `{ready}`: {seen:?}\n{}",
            stderr.join().unwrap_or_default()
        );
    }
}

/// A block that runs until stopped.
pub(crate) struct Service {
    child: Child,
    /// Its standard output up to and including the ready line.
    pub(crate) banner: Vec<String>,
    stderr: JoinHandle<String>,
}

impl Service {
    /// The text after `prefix` on the first banner line that starts with it.
    pub(crate) fn banner_value(&self, prefix: &str) -> String {
        self.banner
            .iter()
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in {:?}", self.banner))
            .trim()
            .to_owned()
    }

    /// Stops it as Ctrl-C would (SIGINT) and waits; its exit code and standard error.
    pub(crate) fn interrupt(mut self) -> (Option<i32>, String) {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
        assert!(sent.success());
        let status = self.child.wait().unwrap();
        (status.code(), self.stderr.join().unwrap_or_default())
    }
}
