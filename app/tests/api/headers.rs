//! Security headers: a page's Content-Security-Policy names the nonce its scripts carry (and
//! allows no other inline script); everything else gets a policy without inline scripts; no
//! response may be framed, sniffed, or send its address to other sites.

use axum::http::{StatusCode, header};

use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_nonce_policy_and_every_response_the_safety_headers() {
    let app = TestApp::new().await;
    let cookie = app.login("bantochuc").await;
    let page = app.get("/tong-quan", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let policy = page.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_string();
    let nonce = policy.split("'nonce-").nth(1).and_then(|r| r.split('\'').next()).expect("a nonce in the policy");
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(
        policy.contains("frame-ancestors 'none'")
            && policy.contains("object-src 'none'")
            && !policy.contains(" 'unsafe-eval'")
            && !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    // Every script of the page carries that nonce.
    let tags: Vec<&str> = page.text.split("<script").skip(1).map(|rest| rest.split('>').next().unwrap_or("")).collect();
    assert!(tags.len() >= 2, "the hydration script and the offline shell's");
    for tag in &tags {
        assert!(tag.contains(&format!("nonce=\"{nonce}\"")), "a script without the page's nonce: <script{tag}>");
    }
    assert_eq!(page.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(page.headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(page.headers[header::X_FRAME_OPTIONS], "DENY");
    // Another page gets another nonce.
    let again = app.get("/tong-quan", Some(&cookie)).await;
    assert!(!again.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains(nonce));
    // The JSON API and the sign-in redirect: a policy without any inline script.
    for reply in [app.get("/api/sync/pull?since=0", Some(&cookie)).await, app.get("/tong-quan", None).await] {
        let policy = reply.headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval';") && !policy.contains("nonce"), "{policy}");
        assert_eq!(reply.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
