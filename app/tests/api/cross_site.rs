//! Requests that change something come from this site only: with a valid session cookie, a page
//! of another site (another port included) changes nothing, and bodies come only as JSON or a
//! form's url-encoding.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use leptos::server_fn::ServerFn;
use serde_json::json;

use crate::helpers::{TestApp, push_body};

const HOST: &str = "127.0.0.1:3000";

fn post(path: &str, cookie: &str, content_type: &str, origin: Option<&str>, body: String) -> Request<Body> {
    let mut r = Request::post(path).header(header::HOST, HOST).header(header::COOKIE, cookie).header(header::CONTENT_TYPE, content_type);
    if let Some(o) = origin {
        r = r.header(header::ORIGIN, o);
    }
    r.body(Body::from(body)).unwrap()
}

async fn a_move(app: &TestApp) -> String {
    let member = app.police_of("Thị trấn Sa Rài").await;
    let args = json!({ "campaign_id": app.campaign("314-CV/TU").await, "member_id": member, "target_branch_id": app.home_branch_of(&member).await });
    push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", args, Some(0))]).to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_another_site_changes_nothing_even_with_the_cookie() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let body = a_move(&app).await;
    for origin in ["http://evil.example", "http://127.0.0.1:9999", "http://sub.127.0.0.1:3000", "null"] {
        let reply = app.send(post("/api/sync/push", &cookie, "application/json", Some(origin), body.clone())).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{origin}");
        assert_eq!(reply.json()["error"], "Bạn không có quyền xem hoặc thay đổi dữ liệu này.");
    }
    // Without Origin, the browser's Sec-Fetch-Site speaks for the page.
    let mut r = post("/api/sync/push", &cookie, "application/json", None, body.clone());
    r.headers_mut().insert("sec-fetch-site", "same-site".parse().unwrap());
    assert_eq!(app.send(r).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, 0, "nothing was written");
    // Signing out from another site does not end the session.
    let out =
        app.send(post("/api/auth/logout", &cookie, "application/x-www-form-urlencoded", Some("http://evil.example"), String::new())).await;
    assert_eq!(out.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/sync/pull?since=0", Some(&cookie)).await.status, StatusCode::OK, "still signed in");
    // A sign-in form posted from another site is refused too.
    let login = Request::post("/api/auth/login")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, "http://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=sarai&password=tanhong"))
        .unwrap();
    let reply = app.send(login).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.headers.get(header::SET_COOKIE).is_none());
    // The site's own page is fine.
    let reply = app.send(post("/api/sync/push", &cookie, "application/json", Some("http://127.0.0.1:3000"), body)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json()["results"][0]["status"], "applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_come_only_as_json_or_a_form() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let body = a_move(&app).await;
    let path = app::api::sync::PushMutations::PATH;
    // What an HTML form with enctype="text/plain" sends: a JSON body that is not declared JSON.
    for content_type in ["text/plain", "multipart/form-data; boundary=x"] {
        let wrapped = format!("{{\"request\":{body}}}");
        let reply = app.send(post(path, &cookie, content_type, Some("http://127.0.0.1:3000"), wrapped)).await;
        assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        assert!(reply.json()["error"].as_str().unwrap().contains("JSON"));
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, 0, "nothing was written");
    // Declared as JSON, the server function applies it.
    let reply = app.send(post(path, &cookie, "application/json", None, format!("{{\"request\":{body}}}"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, 1);
}
