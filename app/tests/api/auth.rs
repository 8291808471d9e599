use axum::http::{StatusCode, header};
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_refused_in_vietnamese() {
    let app = TestApp::new().await;
    let reply = app.post_json("/api/auth/login", None, json!({ "username": "sarai", "password": "sai-mat-khau" })).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"], "Tên đăng nhập hoặc mật khẩu không đúng.");
    assert!(reply.headers.get(header::SET_COOKIE).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_failures_slow_down_that_address_but_never_lock_out_the_real_user() {
    let app = TestApp::new().await;
    let (attacker, office) = ([127, 0, 0, 2], [127, 0, 0, 1]);
    for _ in 0..5 {
        assert_eq!(app.login_from(attacker, "tanhoco", "doan-thu").await.status, StatusCode::UNAUTHORIZED);
    }
    // The guessing address waits, even with the right password…
    let r = app.login_from(attacker, "tanhoco", "tanhong").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json()["error"], "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 1 phút.");
    // …and still after a restart (the failures are in the database)…
    assert_eq!(app.restarted().login_from(attacker, "tanhoco", "tanhong").await.status, StatusCode::TOO_MANY_REQUESTS);
    // …but the real user, from their own office, signs in.
    assert_eq!(app.login_from(office, "tanhoco", "tanhong").await.status, StatusCode::OK);
    // The attacker's other guesses from that address are not slowed by this username's count alone.
    assert_eq!(app.login_from(attacker, "sarai", "tanhong").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_trying_many_accounts_is_slowed_down() {
    let app = TestApp::new().await;
    let sprayer = [127, 0, 0, 3];
    for i in 0..30 {
        assert_eq!(app.login_from(sprayer, &format!("khong-co-{i}"), "123456").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(app.login_from(sprayer, "sarai", "tanhong").await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.login_from([127, 0, 0, 4], "sarai", "tanhong").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_is_created_with_a_real_password_and_can_sign_in() {
    use app::domain::scope::Role;
    use app::store::auth::{NewUser, create_user};
    let app = TestApp::new().await;
    let admin = |username: &'static str, password: &'static str| NewUser {
        username,
        password,
        display_name: "Quản trị viên",
        role: Role::Admin,
        commune_id: None,
        branch_id: None,
    };
    let short = create_user(&app.db, &admin("quantri2", "12345")).await.unwrap_err();
    assert_eq!(short.to_string(), "Mật khẩu cần từ 6 đến 128 ký tự.");
    let taken = create_user(&app.db, &admin("sarai", "mat-khau-dai")).await.unwrap_err();
    assert!(taken.to_string().contains("đã có người dùng"));
    let odd = create_user(&app.db, &admin("quản trị", "mat-khau-dai")).await.unwrap_err();
    assert!(odd.to_string().contains("Tên đăng nhập"));
    create_user(&app.db, &admin("QuanTri2", "mat-khau-dai")).await.unwrap();
    // Usernames are case-insensitive; the stored hash is argon2, never the password.
    let hash = app.text("SELECT password_hash FROM users WHERE username = 'quantri2'").await;
    assert!(hash.starts_with("$argon2id$") && !hash.contains("mat-khau-dai"));
    let reply = app.post_json("/api/auth/login", None, json!({ "username": "quantri2", "password": "mat-khau-dai" })).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["role"], "admin");
}
