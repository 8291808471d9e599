//! Paths both sides build: the sign-in page with the page to come back to, and which of those
//! paths may be followed after signing in (only this site's own pages, never another site).

use crate::domain::text::query_value;

/// The sign-in page.
pub const SIGN_IN: &str = "/dang-nhap";

/// Where a user changes their password (the only page open on a one-time password).
pub const CHANGE_PASSWORD: &str = "/doi-mat-khau";

/// The administrator's accounts page.
pub const ACCOUNTS: &str = "/quan-tri/tai-khoan";

/// The administrator's set-up home.
pub const SETUP: &str = "/quan-tri";

/// The sign-in page, asked to come back to `next` (a path and query of this site) afterwards.
pub fn sign_in_path(next: &str) -> String {
    match safe_next(next) {
        Some(next) if next != "/" => format!("{SIGN_IN}?next={}", query_value(next)),
        _ => SIGN_IN.to_string(),
    }
}

/// `next` when it is a path of this site (`/…`, not `//host` or `/\host`, no scheme, no control
/// characters, not the sign-in page itself): where a user may be sent after signing in.
pub fn safe_next(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c.is_whitespace())
        && !next.starts_with(SIGN_IN)
        && !next.starts_with("/api/");
    ok.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_pages_are_followed_after_signing_in() {
        assert_eq!(safe_next("/xa/123?nam=2020"), Some("/xa/123?nam=2020"));
        assert_eq!(safe_next("/"), Some("/"));
        for bad in
            ["https://evil.example/", "//evil.example/x", "/\\evil.example", "evil", "", "/x\ny", "/dang-nhap?next=/", "/api/auth/logout"]
        {
            assert_eq!(safe_next(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_sign_in_path_carries_the_page_encoded() {
        assert_eq!(sign_in_path("/xa/1?nam=2020&x=ấp"), "/dang-nhap?next=/xa/1%3Fnam%3D2020%26x%3D%E1%BA%A5p");
        assert_eq!(sign_in_path("/"), "/dang-nhap");
        assert_eq!(sign_in_path("//evil.example"), "/dang-nhap");
    }
}
