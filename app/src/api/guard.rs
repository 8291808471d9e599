//! Requests that change something must come from this site: a browser names the page's origin
//! (`Origin`, or `Sec-Fetch-Site`), and a page of another site — another port or a sibling
//! subdomain included — is refused with 403, whatever cookie it carries. A client that is not a
//! browser sends neither and is judged by its session alone. Bodies come only in the content
//! types the app itself sends (JSON, or a form's url-encoding); anything else is 415.

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HOST, ORIGIN};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::AppState;
use crate::error::AppError;

/// Whether a browser's `Origin` is this site (its `Host`) or one of the extra allowed origins.
pub fn origin_allowed(origin: &str, host: Option<&str>, allowed: &[String]) -> bool {
    if allowed.iter().any(|a| a.trim_end_matches('/').eq_ignore_ascii_case(origin)) {
        return true;
    }
    let authority = origin.strip_prefix("https://").or_else(|| origin.strip_prefix("http://"));
    matches!((authority, host), (Some(a), Some(h)) if !a.is_empty() && a.eq_ignore_ascii_case(h))
}

/// Whether the request may change something, by what the browser says of where it comes from.
pub fn same_site_request(headers: &HeaderMap, allowed: &[String]) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    match (text(ORIGIN.as_str()), text("sec-fetch-site")) {
        (Some(origin), _) => origin_allowed(origin, text(HOST.as_str()), allowed),
        (None, Some(site)) => matches!(site, "same-origin" | "none"),
        // Not a browser: there is no page of another site to speak for.
        (None, None) => true,
    }
}

/// The content types the app's bodies come in.
fn body_type_allowed(headers: &HeaderMap) -> bool {
    let empty = headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == "0");
    match headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        Some(t) => {
            let essence = t.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            matches!(essence.as_str(), "application/json" | "application/x-www-form-urlencoded")
        }
        None => empty,
    }
}

/// The middleware: checks every request that may change something (any method but GET, HEAD
/// and OPTIONS).
pub async fn guard_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(request).await;
    }
    if !same_site_request(request.headers(), &state.settings.allowed_origins) {
        tracing::warn!(method = %request.method(), path = ?request.uri().path(), origin = ?request.headers().get(ORIGIN), "cross-site request refused");
        return AppError::Forbidden.into_response();
    }
    if !body_type_allowed(request.headers()) {
        let message = "Nội dung gửi lên phải ở dạng JSON hoặc biểu mẫu (application/json, application/x-www-form-urlencoded).";
        return (StatusCode::UNSUPPORTED_MEDIA_TYPE, axum::Json(serde_json::json!({ "error": message }))).into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_sites_pages_may_change_anything() {
        let host = ("host", "127.0.0.1:3000");
        assert!(same_site_request(&headers(&[host, ("origin", "http://127.0.0.1:3000")]), &[]));
        for other in ["http://evil.example", "http://127.0.0.1:3001", "null", "http://a.127.0.0.1:3000", ""] {
            let h = {
                let mut h = headers(&[host]);
                h.insert("origin", HeaderValue::from_str(other).unwrap());
                h
            };
            assert!(!same_site_request(&h, &[]), "{other}");
        }
        // Behind a proxy that rewrites Host, the public origin is listed.
        let allowed = vec!["https://branchboard.example.vn/".to_string()];
        assert!(same_site_request(&headers(&[host, ("origin", "https://branchboard.example.vn")]), &allowed));
        // Without Origin, the browser's Sec-Fetch-Site speaks.
        assert!(same_site_request(&headers(&[("sec-fetch-site", "same-origin")]), &[]));
        assert!(!same_site_request(&headers(&[("sec-fetch-site", "same-site")]), &[]));
        assert!(!same_site_request(&headers(&[("sec-fetch-site", "cross-site")]), &[]));
        // Not a browser.
        assert!(same_site_request(&HeaderMap::new(), &[]));
    }

    #[test]
    fn bodies_come_as_json_or_a_form() {
        assert!(body_type_allowed(&headers(&[("content-type", "application/json")])));
        assert!(body_type_allowed(&headers(&[("content-type", "application/x-www-form-urlencoded; charset=UTF-8")])));
        assert!(body_type_allowed(&headers(&[("content-length", "0")])));
        for t in ["text/plain", "multipart/form-data; boundary=x", "application/xml"] {
            assert!(
                !body_type_allowed(&{
                    let mut h = HeaderMap::new();
                    h.insert("content-type", HeaderValue::from_static(t));
                    h
                }),
                "{t}"
            );
        }
        assert!(!body_type_allowed(&HeaderMap::new()), "a body of no stated type");
    }
}
