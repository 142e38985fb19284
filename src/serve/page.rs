//! The embedded student page (assets/student/index.html) and the 404 for everything else.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::conn::App;

/// The student page: one self-contained HTML file, no CDN, no build step.
pub(super) const STUDENT_PAGE: &str = include_str!("../../assets/student/index.html");

pub(super) async fn student_page(State(app): State<App>, headers: HeaderMap) -> Response {
    // Scripts and styles only from the page itself; connections only back to this server.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| app.shared.hosts.iter().any(|a| a.eq_ignore_ascii_case(h)));
    let connect = host.map_or_else(|| "'self'".to_owned(), |h| format!("'self' ws://{h}"));
    let csp = format!(
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; connect-src {connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = (StatusCode::OK, STUDENT_PAGE).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

pub(super) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "Not found. Students open the page at /.\n",
    )
        .into_response()
}
