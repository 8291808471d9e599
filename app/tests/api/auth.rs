use axum::http::{StatusCode, header};
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn login_opens_an_http_only_session_and_logout_closes_it() {
    let app = TestApp::new().await;
    let reply = app.post_json("/api/auth/login", None, json!({ "username": "sarai", "password": "tanhong" })).await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = reply.headers.get(header::SET_COOKIE).unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let session = cookie.split(';').next().unwrap().to_string();
    assert_eq!(app.get("/api/sync/pull?since=0", Some(&session)).await.status, StatusCode::OK);
    let out = app.post_json("/api/auth/logout", Some(&session), json!({})).await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(app.get("/api/sync/pull?since=0", Some(&session)).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_vietnamese() {
    let app = TestApp::new().await;
    let reply = app.post_json("/api/auth/login", None, json!({ "username": "sarai", "password": "sai-mat-khau" })).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"], "Tên đăng nhập hoặc mật khẩu không đúng.");
    assert!(reply.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn repeated_failures_lock_the_login_even_with_the_right_password() {
    let app = TestApp::new().await;
    for _ in 0..5 {
        let r = app.post_json("/api/auth/login", None, json!({ "username": "tanhoco", "password": "doan-thu" })).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = app.post_json("/api/auth/login", None, json!({ "username": "tanhoco", "password": "tanhong" })).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.json()["error"].as_str().unwrap().contains("thử lại sau"));
    // Another account is not affected.
    app.login("sarai").await;
}

#[tokio::test]
async fn the_login_form_redirects_with_a_reason() {
    let app = TestApp::new().await;
    let request = axum::http::Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("username=sarai&password=sai"))
        .unwrap();
    let reply = app.send(request).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers.get(header::LOCATION).unwrap(), "/dang-nhap?loi=sai");
}

#[tokio::test]
async fn health_answers_and_pages_render_in_vietnamese() {
    let app = TestApp::new().await;
    let health = app.get("/healthz", None).await;
    assert_eq!((health.status, health.text.as_str()), (StatusCode::OK, "ok"));
    let login = app.get("/dang-nhap", None).await;
    assert_eq!(login.status, StatusCode::OK);
    assert!(login.text.contains("lang=\"vi\"") && login.text.contains("Tên đăng nhập"));
    let cookie = app.login("bantochuc").await;
    let overview = app.get("/tong-quan", Some(&cookie)).await;
    assert_eq!(overview.status, StatusCode::OK);
    for figure in ["09/09", "285", "38", "54"] {
        assert!(overview.text.contains(&format!(">{figure}<")), "overview lacks {figure}");
    }
}
