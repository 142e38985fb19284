//! The embedded student page (assets/student/index.html) and the 404 for everything else.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::conn::App;
use crate::story::Picture;

/// The student page: one self-contained HTML file, no CDN, no build step.
/// (Its words are filled in per language when served: [`student_page_text`].)
pub const STUDENT_PAGE: &str = include_str!("../../assets/student/index.html");

/// Where the page's words go: the student messages of every language (assets/i18n/*/student.ftl).
const STRINGS_SLOT: &str = "{\"languages\":[[\"en\",\"English\"]],\"messages\":{\"en\":{}}}";

/// The student page with its words in every shipped language, made once.
pub(crate) fn student_page_text() -> &'static str {
    static PAGE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PAGE.get_or_init(|| {
        let json = crate::i18n::ui::page_messages(crate::i18n::ui::STUDENT_FILE).to_string();
        // Inside <script>, `</` could end the element early: JSON allows `<\/`.
        STUDENT_PAGE.replacen(STRINGS_SLOT, &json.replace("</", "<\\/"), 1)
    })
}

pub(super) async fn student_page(State(app): State<App>, headers: HeaderMap) -> Response {
    // Scripts and styles only from the page itself; connections only back to this server.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| app.shared.hosts.iter().any(|a| a.eq_ignore_ascii_case(h)));
    let connect = host.map_or_else(|| "'self'".to_owned(), |h| format!("'self' ws://{h}"));
    let csp = format!(
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data:; connect-src {connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
    let mut response = (StatusCode::OK, student_page_text()).into_response();
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

/// A story picture by its index (`/picture/3`), for the student page's `<img>`. Only the
/// story's own pictures are served; anything else is the 404.
pub(super) async fn picture(State(app): State<App>, Path(index): Path<String>) -> Response {
    let bytes = index
        .parse::<usize>()
        .ok()
        .and_then(|i| app.shared.picture(i));
    let Some(bytes) = bytes else {
        return not_found().await;
    };
    let mut response = (StatusCode::OK, Body::from(bytes.to_vec())).into_response();
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(Picture::MEDIA_TYPE),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

pub(super) async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        "Not found. Students open the page at /.\n",
    )
        .into_response()
}
