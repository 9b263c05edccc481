//! The browser rig from Rust: finds node, the node project (crates/web/tests/browser) and
//! Debian's chromium; starts the test OpenID provider as a child process (killed on drop); runs
//! a flow script and reads its JSON result.
//!
//! A test skips (with the reason printed) only when a tool is missing AND
//! `UNDERLAG_REQUIRE_BROWSER` is not set; `.ci/run` sets it, so CI fails instead.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

/// The node project of the browser tests.
pub(crate) fn project_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

/// Where the screenshots the README and docs show are written.
pub(crate) fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots")
}

/// What a test needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// node and the node project (the OpenID provider).
    Provider,
    /// node, the node project and chromium (browser flows).
    Browser,
}

/// The tools found.
#[derive(Debug, Clone)]
pub(crate) struct Rig {
    chromium: PathBuf,
}

/// Flows run one at a time: two cores, and the hung-source timings must hold.
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Rig {
    /// The rig, or `None` after printing why the test is skipped. Panics instead of skipping
    /// when `UNDERLAG_REQUIRE_BROWSER` is set.
    pub(crate) fn find(test: &str, needs: Needs) -> Option<Rig> {
        let chromium = std::env::var_os("UNDERLAG_CHROMIUM")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
        let mut missing = Vec::new();
        let node_runs = std::process::Command::new("node")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !node_runs {
            missing.push("node (apt-get install nodejs npm)".to_owned());
        }
        for package in ["oidc-provider", "playwright-core", "axe-core"] {
            if !project_dir().join("node_modules").join(package).is_dir() {
                missing.push(format!(
                    "node_modules/{package} (npm ci --prefix crates/web/tests/browser)"
                ));
            }
        }
        if needs == Needs::Browser && !chromium.is_file() {
            missing.push(format!(
                "{} (apt-get install chromium, or set UNDERLAG_CHROMIUM)",
                chromium.display()
            ));
        }
        if missing.is_empty() {
            return Some(Rig { chromium });
        }
        let reason = format!("{test}: missing {}", missing.join(", "));
        if std::env::var_os("UNDERLAG_REQUIRE_BROWSER").is_some_and(|v| !v.is_empty()) {
            panic!("{reason}; UNDERLAG_REQUIRE_BROWSER is set, so this fails instead of skipping");
        }
        eprintln!("SKIPPED {reason} (set UNDERLAG_REQUIRE_BROWSER=1 to make this a failure)");
        None
    }

    /// Starts the test OpenID provider for a client whose callback is `redirect_uri`.
    pub(crate) async fn start_provider(
        &self,
        redirect_uri: &str,
        post_logout_redirect_uris: &[String],
    ) -> OidcProvider {
        let mut command = Command::new("node");
        command
            .arg(project_dir().join("oidc-provider.mjs"))
            .arg("--redirect-uri")
            .arg(redirect_uri)
            .current_dir(project_dir())
            .env("OIDC_EXIT_WITH_STDIN", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for uri in post_logout_redirect_uris {
            command.arg("--post-logout-redirect-uri").arg(uri);
        }
        let mut child = command.spawn().expect("node starts the OpenID provider");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line()).await;
        let line = match first {
            Ok(Ok(Some(line))) => line,
            other => {
                let mut stderr = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ =
                        tokio::time::timeout(Duration::from_secs(2), e.read_to_string(&mut stderr))
                            .await;
                }
                panic!("the OpenID provider did not start ({other:?}); its stderr:\n{stderr}");
            }
        };
        let ready: Value = serde_json::from_str(&line).expect("the provider prints JSON");
        // Keep draining stderr so the child never blocks on a full pipe.
        if let Some(stderr) = child.stderr.take() {
            tokio::spawn(async move {
                let mut lines = BufReader::new(stderr).lines();
                while let Ok(Some(_)) = lines.next_line().await {}
            });
        }
        OidcProvider {
            issuer: ready["issuer"].as_str().unwrap().to_owned(),
            client_id: ready["client_id"].as_str().unwrap().to_owned(),
            client_secret: ready["client_secret"].as_str().unwrap().to_owned(),
            _child: child,
        }
    }

    /// Runs `flows/{flow}.mjs` with `env` (UNDERLAG_UI, OIDC_ISSUER, FLOW_INPUT, …) and returns
    /// its result. Panics when the script does not print a result.
    pub(crate) async fn run_flow(&self, flow: &str, env: &[(&str, String)]) -> FlowResult {
        let _one = ONE_BROWSER_AT_A_TIME.lock().await;
        let mut command = Command::new("node");
        command
            .arg(project_dir().join("flows").join(format!("{flow}.mjs")))
            .current_dir(project_dir())
            .env("UNDERLAG_CHROMIUM", &self.chromium)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = command.spawn().expect("node runs the flow");
        let output = tokio::time::timeout(Duration::from_secs(300), child.wait_with_output())
            .await
            .unwrap_or_else(|_| panic!("flow {flow} did not finish within 300 s"))
            .expect("the flow's output is read");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let last = stdout.lines().rev().find(|l| l.starts_with('{'));
        let json = last
            .and_then(|l| serde_json::from_str::<Value>(l).ok())
            .unwrap_or_else(|| {
                panic!(
                    "flow {flow} printed no result (exit {:?}); stderr:\n{}",
                    output.status.code(),
                    tail(&stderr, 4000)
                )
            });
        FlowResult {
            flow: flow.to_owned(),
            json,
            stderr: tail(&stderr, 4000).to_owned(),
        }
    }
}

fn tail(text: &str, max: usize) -> &str {
    let start = text.len().saturating_sub(max);
    let start = (start..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len());
    &text[start..]
}

/// The test OpenID provider, running until dropped.
pub(crate) struct OidcProvider {
    pub(crate) issuer: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    _child: Child,
}

impl OidcProvider {
    /// The client the UI is configured with.
    pub(crate) fn client(&self) -> crate::app::OidcClient {
        crate::app::OidcClient {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
        }
    }
}

/// What a flow reported.
pub(crate) struct FlowResult {
    pub(crate) flow: String,
    pub(crate) json: Value,
    stderr: String,
}

impl FlowResult {
    /// The end of the script's stderr.
    pub(crate) fn stderr(&self) -> &str {
        &self.stderr
    }

    /// The flow's own data (`data` in its JSON).
    pub(crate) fn data(&self) -> &Value {
        &self.json["data"]
    }

    /// The checks that failed, as lines `name: detail`.
    pub(crate) fn failed_checks(&self) -> Vec<String> {
        self.json["checks"]
            .as_array()
            .map(|checks| {
                checks
                    .iter()
                    .filter(|c| c["ok"] != Value::Bool(true))
                    .map(|c| {
                        format!(
                            "{}: {}",
                            c["name"].as_str().unwrap_or("?"),
                            c["detail"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many checks ran.
    pub(crate) fn check_count(&self) -> usize {
        self.json["checks"].as_array().map_or(0, Vec::len)
    }

    /// The axe-core violations, one line per page and rule: `page (path): rule-id [impact]
    /// N nodes: targets — help`.
    pub(crate) fn axe_violations(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for page in self.json["axe"].as_array().into_iter().flatten() {
            for v in page["violations"].as_array().into_iter().flatten() {
                lines.push(format!(
                    "{} ({}): {} [{}] {} node(s): {} — {}",
                    page["page"].as_str().unwrap_or("?"),
                    page["url"].as_str().unwrap_or("?"),
                    v["id"].as_str().unwrap_or("?"),
                    v["impact"].as_str().unwrap_or("?"),
                    v["nodes"],
                    v["targets"]
                        .as_array()
                        .map(|t| t
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", "))
                        .unwrap_or_default(),
                    v["help"].as_str().unwrap_or(""),
                ));
            }
        }
        lines
    }

    /// The pages axe-core ran on.
    pub(crate) fn axe_pages(&self) -> Vec<String> {
        self.json["axe"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["page"].as_str().map(str::to_owned))
            .collect()
    }

    /// Panics with every failed check (and the script's error) unless all passed.
    pub(crate) fn assert_checks_passed(&self) {
        let failed = self.failed_checks();
        let error = self.json["error"].as_str();
        assert!(
            failed.is_empty() && error.is_none() && self.check_count() > 0,
            "flow {}: {} of {} checks failed{}:\n  {}\nstderr:\n{}",
            self.flow,
            failed.len(),
            self.check_count(),
            error
                .map(|e| format!(", and it stopped with {e}"))
                .unwrap_or_default(),
            failed.join("\n  "),
            self.stderr,
        );
    }
}
