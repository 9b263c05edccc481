//! A browser-like HTTP client for the UI's tests: a cookie jar, no redirects followed, and
//! helpers that sign in with the demo sign-in and submit forms with the page's CSRF token.

use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::redirect::Policy;

use crate::app::App;

/// A signed-in (or not) browser.
pub(crate) struct Browser {
    pub(crate) client: reqwest::Client,
    base: String,
}

/// A fetched page.
pub(crate) struct Fetched {
    pub(crate) status: StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: String,
}

impl Fetched {
    /// The `Location` header.
    pub(crate) fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The value of the first `name="csrf_token"` field of the page.
    pub(crate) fn csrf(&self) -> String {
        attr_after(&self.body, "name=\"csrf_token\" value=\"").expect("the page has a CSRF token")
    }

    /// The text of `<title>`.
    pub(crate) fn title(&self) -> String {
        let start = self.body.find("<title>").expect("a title") + 7;
        let end = self.body[start..].find("</title>").unwrap() + start;
        self.body[start..end].to_owned()
    }
}

/// The text after `marker` up to the next `"`.
pub(crate) fn attr_after(text: &str, marker: &str) -> Option<String> {
    let start = text.find(marker)? + marker.len();
    let end = text[start..].find('"')? + start;
    Some(text[start..end].to_owned())
}

impl Browser {
    /// A browser with an empty cookie jar.
    pub(crate) fn new(app: &App) -> Self {
        let client = reqwest::Client::builder()
            .cookie_provider(Arc::new(reqwest::cookie::Jar::default()))
            .redirect(Policy::none())
            .build()
            .unwrap();
        Self {
            client,
            base: app.base.clone(),
        }
    }

    /// The same browser (shares the cookie jar).
    pub(crate) fn clone_session(&self) -> Browser {
        Browser {
            client: self.client.clone(),
            base: self.base.clone(),
        }
    }

    /// GET `path` (under the gateway, e.g. `/ui/sok`).
    pub(crate) async fn get(&self, path: &str) -> Fetched {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        fetched(response).await
    }

    /// POST `fields` as a form to `path`.
    pub(crate) async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Fetched {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        fetched(response).await
    }

    /// Signs in as demo user `user` and checks it worked.
    pub(crate) async fn sign_in(app: &App, user: &str) -> Browser {
        let browser = Browser::new(app);
        let page = browser.get("/ui/logga-in").await;
        assert_eq!(page.status, StatusCode::OK);
        let csrf = page.csrf();
        let signed = browser
            .post(
                "/ui/logga-in/demo",
                &[("csrf_token", &csrf), ("user", user)],
            )
            .await;
        assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
        assert_eq!(signed.location(), "/ui/");
        browser
    }

    /// The CSRF token of the page at `path`.
    pub(crate) async fn csrf(&self, path: &str) -> String {
        self.get(path).await.csrf()
    }

    /// Runs a look-up through the form and returns the overview's path.
    pub(crate) async fn look_up(&self, case_id: &str, members: &[&str], month: &str) -> String {
        self.look_up_sources(
            case_id,
            members,
            month,
            &["fk", "af", "csn", "skv", "so", "tns", "miv"],
        )
        .await
    }

    /// Looks up `members` for `month` asking the sources named by their slugs.
    pub(crate) async fn look_up_sources(
        &self,
        case_id: &str,
        members: &[&str],
        month: &str,
        sources: &[&str],
    ) -> String {
        let csrf = self.csrf("/ui/sok").await;
        let members = members.join("\n");
        let mut fields = vec![
            ("csrf_token", csrf.as_str()),
            ("case_id", case_id),
            ("members", members.as_str()),
            ("application_month", month),
            ("purpose", "EKB-UTREDNING"),
        ];
        for slug in sources {
            fields.push(("sources", slug));
        }
        let done = self.post("/ui/sok", &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let location = done.location().to_owned();
        assert!(location.starts_with("/ui/uppslag/"), "{location}");
        location
    }
}

async fn fetched(response: reqwest::Response) -> Fetched {
    Fetched {
        status: response.status(),
        headers: response.headers().clone(),
        body: response.text().await.unwrap(),
    }
}
