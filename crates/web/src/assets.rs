//! The static files, compiled into the binary so the UI works offline: the vendored FKUI CSS
//! (`assets/fkui/`, see its README), our own layout and print CSS, and the small script that
//! only enhances (nothing depends on it). Served with long cache headers.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// (path under `/ui/assets/`, content type, contents).
const FILES: [(&str, &str, &[u8]); 6] = [
    (
        "fkui/fkui.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/fkui/fkui.css"),
    ),
    (
        "fkui/fonts.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/fkui/fonts.css"),
    ),
    (
        "fkui/theme-light.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/fkui/theme-light.css"),
    ),
    (
        "underlag.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/underlag.css"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/print.css"),
    ),
    (
        "underlag.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/underlag.js"),
    ),
];

/// `GET /ui/assets/{*file}`.
pub async fn asset(Path(file): Path<String>) -> Response {
    match FILES.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => (
            [
                (CONTENT_TYPE, *content_type),
                (CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
