//! What an outside probe sees: pages and server functions answer with the status their error
//! stands for (the same Vietnamese notice in the body), and a page without a session sends the
//! browser to the sign-in page, which brings it back.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use leptos::server_fn::ServerFn;

use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_answer_404_403_and_send_the_anonymous_to_sign_in() {
    let app = TestApp::new().await;
    // Without a session: 303 to the sign-in page, which knows where to come back.
    let reply = app.get("/tong-quan", None).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.headers[header::LOCATION], "/dang-nhap?next=/tong-quan");
    let reply = app.get("/xa/abc?nam=2020", None).await;
    assert_eq!(reply.headers[header::LOCATION], "/dang-nhap?next=/xa/abc%3Fnam%3D2020");
    let reply = app.get("/", None).await;
    assert_eq!((reply.status, reply.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/dang-nhap"));
    assert_eq!(app.get("/dang-nhap", None).await.status, StatusCode::OK);
    // Signed in, `/` is where the user works.
    let sarai = app.login("sarai").await;
    let home = format!("/xa/{}", app.commune_id("Thị trấn Sa Rài").await);
    let reply = app.get("/", Some(&sarai)).await;
    assert_eq!((reply.status, reply.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, home.as_str()));
    assert_eq!(app.get(&home, Some(&sarai)).await.status, StatusCode::OK);
    // Unknown: 404 with the notice.
    for path in ["/dang-vien/not-a-uuid", "/xa/abc", &format!("/dang-vien/{}", uuid::Uuid::now_v7()), "/chi-bo/x", "/khong-co-trang"] {
        let reply = app.get(path, Some(&sarai)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert!(reply.text.contains("Không tìm thấy"), "{path}: {}", reply.text);
    }
    // Out of scope: 403 with the notice.
    let other = app.commune_id("Xã Tân Hộ Cơ").await;
    for path in ["/bao-cao".to_string(), "/tong-quan".to_string(), format!("/xa/{other}")] {
        let reply = app.get(&path, Some(&sarai)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(reply.text.contains("Bạn không có quyền"), "{path}");
    }
    let secretary = app.login("bithu.khom1").await;
    let khom2 = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 2'").await;
    for path in [format!("/chi-bo/{khom2}"), format!("/xa/{other}")] {
        assert_eq!(app.get(&path, Some(&secretary)).await.status, StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_signing_in_the_user_lands_on_the_page_asked_for_and_only_on_this_site() {
    let app = TestApp::new().await;
    let sign_in = |next: &str| {
        Request::post("/api/auth/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("username=bantochuc&password=tanhong&next={next}")))
            .unwrap()
    };
    let reply = app.send(sign_in("%2Fbao-cao%3Fnam%3D2020")).await;
    assert_eq!((reply.status, reply.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/bao-cao?nam=2020"));
    for elsewhere in ["https%3A%2F%2Fevil.example%2F", "%2F%2Fevil.example", "%2F%5Cevil.example"] {
        let reply = app.send(sign_in(elsewhere)).await;
        assert_eq!(reply.headers[header::LOCATION], "/", "{elsewhere}");
    }
    // A wrong password goes back to the form, still bound for the page.
    let wrong = Request::post("/api/auth/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=bantochuc&password=sai&next=%2Fbao-cao"))
        .unwrap();
    assert_eq!(app.send(wrong).await.headers[header::LOCATION], "/dang-nhap?next=/bao-cao&loi=sai");
}

/// Calls a server function with a url-encoded body.
async fn call(app: &TestApp, path: &str, cookie: Option<&str>, body: &str) -> crate::helpers::Reply {
    let mut request =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    app.send(request.body(Body::from(body.to_string())).unwrap()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn server_functions_answer_the_status_of_their_error() {
    use app::api::pages::{GetCommune, GetMember, GetOverview};
    let app = TestApp::new().await;
    let member = app.text("SELECT id FROM members ORDER BY id LIMIT 1").await;
    let reply = call(&app, GetMember::PATH, None, &format!("id={member}")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    // The body is the error the browser decodes and shows in Vietnamese.
    let error: app::error::AppError = serde_json::from_str(&reply.text).unwrap();
    assert_eq!(error.to_string(), "Bạn cần đăng nhập để tiếp tục.");
    let sarai = app.login("sarai").await;
    assert_eq!(call(&app, GetOverview::PATH, Some(&sarai), "").await.status, StatusCode::FORBIDDEN);
    let other = app.commune_id("Xã Tân Hộ Cơ").await;
    assert_eq!(call(&app, GetCommune::PATH, Some(&sarai), &format!("id={other}")).await.status, StatusCode::FORBIDDEN);
    for id in ["not-a-uuid".to_string(), uuid::Uuid::now_v7().to_string()] {
        let reply = call(&app, GetMember::PATH, Some(&sarai), &format!("id={id}")).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
        let error: app::error::AppError = serde_json::from_str(&reply.text).unwrap();
        assert_eq!(error.to_string(), "Không tìm thấy đảng viên.");
    }
    let own = app.commune_id("Thị trấn Sa Rài").await;
    assert_eq!(call(&app, GetCommune::PATH, Some(&sarai), &format!("id={own}")).await.status, StatusCode::OK);
}
