//! Accounts from the browser: the administrator creates them with a one-time password that must
//! be changed before anything else, disables (sessions end at once), enables and resets them;
//! nobody else may; bad input is explained and changes nothing; every change is audited without
//! a password in it.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures_util::StreamExt;
use leptos::server_fn::ServerFn;
use serde_json::json;

use crate::helpers::{Reply, TestApp};
use app::api::accounts::{ChangePassword, CreateAccount, GetAccounts, ResetAccountPassword, SetAccountEnabled};
use app::api::pages::GetCommune;

/// Calls a server function with a url-encoded body.
async fn call(app: &TestApp, path: &str, cookie: Option<&str>, body: &str) -> Reply {
    let mut request =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    app.send(request.body(Body::from(body.to_string())).unwrap()).await
}

/// The error a server function answered, as the browser shows it.
fn error_of(reply: &Reply) -> String {
    serde_json::from_str::<app::error::AppError>(&reply.text).unwrap_or_else(|e| panic!("not an error ({e}): {}", reply.text)).to_string()
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b"-_.".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}

fn account_form(username: &str, display_name: &str, role: &str, commune: &str, branch: &str) -> String {
    format!(
        "form[username]={}&form[display_name]={}&form[role]={role}&form[commune_id]={commune}&form[branch_id]={branch}",
        encode(username),
        encode(display_name)
    )
}

/// Signs in with a password; the session cookie and the reply.
async fn sign_in(app: &TestApp, username: &str, password: &str) -> (Option<String>, Reply) {
    let reply = app.post_json("/api/auth/login", None, json!({ "username": username, "password": password })).await;
    let cookie = reply.headers.get(header::SET_COOKIE).map(|c| c.to_str().unwrap().split(';').next().unwrap().to_string());
    (cookie, reply)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_account_starts_on_a_one_time_password_that_must_be_changed_before_anything_else() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let sarai = app.commune_id("Thị trấn Sa Rài").await;
    let reply =
        call(&app, CreateAccount::PATH, Some(&admin), &account_form(" VP.SaRai2 ", "Trần Văn  Bình", "commune_staff", &sarai, "")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let created = reply.json();
    assert_eq!(created["username"], "vp.sarai2");
    let one_time = created["password"].as_str().unwrap().to_string();
    assert_eq!(one_time.chars().count(), 10);
    // The list shows it, waiting for its first password change.
    let list = call(&app, GetAccounts::PATH, Some(&admin), "").await.json();
    let line = list["accounts"].as_array().unwrap().iter().find(|a| a["username"] == "vp.sarai2").expect("listed").clone();
    assert_eq!((line["display_name"].as_str(), line["scope"].as_str()), (Some("Trần Văn Bình"), Some("Thị trấn Sa Rài")));
    assert_eq!((line["one_time"].as_bool(), line["last_sign_in"].as_str()), (Some(true), Some("Chưa đăng nhập")));

    // Signed in with it, the user can open only the change-password page.
    let (cookie, reply) = sign_in(&app, "vp.sarai2", &one_time).await;
    assert_eq!(reply.json()["must_change_password"], true);
    let cookie = cookie.unwrap();
    let page = app.get(&format!("/xa/{sarai}"), Some(&cookie)).await;
    assert_eq!((page.status, page.headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/doi-mat-khau"));
    assert_eq!(app.get("/doi-mat-khau", Some(&cookie)).await.status, StatusCode::OK);
    let refused = call(&app, GetCommune::PATH, Some(&cookie), &format!("id={sarai}")).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(error_of(&refused).contains("đổi mật khẩu"), "{}", refused.text);
    assert_eq!(app.get("/api/sync/pull?since=0", Some(&cookie)).await.status, StatusCode::FORBIDDEN);

    // Changing it: the current one is checked, the two new ones must match, the rules apply.
    let change =
        |current: &str, new: &str, repeat: &str| format!("current={}&new={}&repeat={}", encode(current), encode(new), encode(repeat));
    for (body, says) in [
        (change("sai-roi", "mat-khau-moi", "mat-khau-moi"), "Mật khẩu đang dùng không đúng."),
        (change(&one_time, "mat-khau-moi", "mat-khau-khac"), "Hai lần nhập mật khẩu mới không giống nhau."),
        (change(&one_time, "ngan", "ngan"), "Mật khẩu cần từ 6 đến 128 ký tự."),
        (change(&one_time, "vp.sarai2", "vp.sarai2"), "Mật khẩu không được trùng với tên đăng nhập."),
    ] {
        let reply = call(&app, ChangePassword::PATH, Some(&cookie), &body).await;
        assert_eq!((reply.status, error_of(&reply)), (StatusCode::BAD_REQUEST, says.to_string()));
    }
    let reply = call(&app, ChangePassword::PATH, Some(&cookie), &change(&one_time, "mat-khau-moi", "mat-khau-moi")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(call(&app, GetCommune::PATH, Some(&cookie), &format!("id={sarai}")).await.status, StatusCode::OK);
    assert_eq!(sign_in(&app, "vp.sarai2", &one_time).await.1.status, StatusCode::UNAUTHORIZED, "the one-time password is gone");
    assert_eq!(sign_in(&app, "vp.sarai2", "mat-khau-moi").await.1.status, StatusCode::OK);

    // Audited, without a password or a hash in it.
    let audit = app
        .scalar("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND mutation IN ('account.create', 'account.change_password')")
        .await;
    assert_eq!(audit, 2);
    let leaked = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE after LIKE '%{one_time}%' OR after LIKE '%mat-khau-moi%' OR after LIKE '%argon2%' \
             OR before LIKE '%argon2%'"
        ))
        .await;
    assert_eq!(leaked, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes WHERE entity = 'account'").await, 0, "no device pulls accounts");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_account_is_signed_out_at_once_and_cannot_sign_in_until_enabled() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let sarai = app.login("sarai").await;
    let sarai_id = app.actor_of(&sarai).await.user_id.to_string();
    let (status, mut feed) = app.events(Some(&sarai), "").await;
    assert_eq!(status, StatusCode::OK);

    let reply = call(&app, SetAccountEnabled::PATH, Some(&admin), &format!("id={sarai_id}&enabled=false")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    // The open live feed ends; the session is gone; signing in again is refused, and says why.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while let Some(chunk) = feed.next().await {
            chunk.expect("a chunk");
        }
    })
    .await;
    assert!(ended.is_ok(), "the disabled account's live feed closes");
    let commune = app.commune_id("Thị trấn Sa Rài").await;
    assert_eq!(call(&app, GetCommune::PATH, Some(&sarai), &format!("id={commune}")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.get(&format!("/xa/{commune}"), Some(&sarai)).await.status, StatusCode::SEE_OTHER);
    let (cookie, reply) = sign_in(&app, "sarai", "tanhong").await;
    assert_eq!((reply.status, cookie), (StatusCode::FORBIDDEN, None));
    assert_eq!(reply.json()["error"], "Tài khoản này đã bị khóa. Hãy liên hệ quản trị viên.");
    // A wrong password still says only that it is wrong.
    assert_eq!(sign_in(&app, "sarai", "sai-roi").await.1.status, StatusCode::UNAUTHORIZED);

    let reply = call(&app, SetAccountEnabled::PATH, Some(&admin), &format!("id={sarai_id}&enabled=true")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(sign_in(&app, "sarai", "tanhong").await.1.status, StatusCode::OK);
    let kinds = app.scalar("SELECT COUNT(*) FROM audit_log WHERE mutation IN ('account.disable', 'account.enable')").await;
    assert_eq!(kinds, 2);

    // Nobody disables their own account.
    let me = app.actor_of(&admin).await.user_id.to_string();
    let reply = call(&app, SetAccountEnabled::PATH, Some(&admin), &format!("id={me}&enabled=false")).await;
    assert_eq!((reply.status, error_of(&reply)), (StatusCode::BAD_REQUEST, "Bạn không thể tự khóa tài khoản của chính mình.".to_string()));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_password_ends_the_sessions_and_is_one_time_again() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let secretary = app.login("bithu.khom1").await;
    let id = app.actor_of(&secretary).await.user_id.to_string();
    let reply = call(&app, ResetAccountPassword::PATH, Some(&admin), &format!("id={id}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let reset = reply.json();
    assert_eq!(reset["username"], "bithu.khom1");
    let khom1 = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    assert_eq!(app.get(&format!("/chi-bo/{khom1}"), Some(&secretary)).await.status, StatusCode::SEE_OTHER, "the old session ended");
    assert_eq!(sign_in(&app, "bithu.khom1", "tanhong").await.1.status, StatusCode::UNAUTHORIZED);
    let (_, reply) = sign_in(&app, "bithu.khom1", reset["password"].as_str().unwrap()).await;
    assert_eq!((reply.status, reply.json()["must_change_password"].as_bool()), (StatusCode::OK, Some(true)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_administrators_manage_accounts_and_bad_input_changes_nothing() {
    let app = TestApp::new().await;
    let sarai = app.commune_id("Thị trấn Sa Rài").await;
    let users = app.scalar("SELECT COUNT(*) FROM users").await;
    let audit = app.scalar("SELECT COUNT(*) FROM audit_log").await;
    let target = app.text("SELECT id FROM users WHERE username = 'tanhoco'").await;
    for who in ["bantochuc", "sarai", "bithu.khom1"] {
        let cookie = app.login(who).await;
        for (path, body) in [
            (GetAccounts::PATH, String::new()),
            (CreateAccount::PATH, account_form("moi", "Mới", "admin", "", "")),
            (SetAccountEnabled::PATH, format!("id={target}&enabled=false")),
            (ResetAccountPassword::PATH, format!("id={target}")),
        ] {
            let reply = call(&app, path, Some(&cookie), &body).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{who} {path}: {}", reply.text);
        }
        assert_eq!(app.get("/quan-tri/tai-khoan", Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{who}");
    }
    let admin = app.login("quantri").await;
    let hamlet = app.text("SELECT id FROM org_units WHERE type_code = 'quarter' LIMIT 1").await;
    let dissolved = app.text("SELECT id FROM branches WHERE dissolved_on IS NOT NULL LIMIT 1").await;
    for (body, says) in [
        (account_form("sa rài", "Tên", "admin", "", ""), "Tên đăng nhập chỉ gồm"),
        (account_form("moi", " ", "admin", "", ""), "Chưa nhập họ tên"),
        (account_form("moi", "Tên", "", "", ""), "Hãy chọn vai trò"),
        (account_form("moi", "Tên", "commune_staff", "", ""), "cần chọn một xã"),
        (account_form("moi", "Tên", "commune_staff", &hamlet, ""), "cần chọn một xã"),
        (account_form("moi", "Tên", "commune_staff", "khong-phai-id", ""), "không hợp lệ"),
        (account_form("moi", "Tên", "branch_secretary", &sarai, &dissolved), "chi bộ đang hoạt động"),
        (account_form("sarai", "Tên", "commune_staff", &sarai, ""), "đã có người dùng"),
    ] {
        let reply = call(&app, CreateAccount::PATH, Some(&admin), &body).await;
        assert!(matches!(reply.status, StatusCode::BAD_REQUEST | StatusCode::CONFLICT), "{body}: {}", reply.text);
        assert!(error_of(&reply).contains(says), "{body}: {}", reply.text);
    }
    let unknown = uuid::Uuid::now_v7();
    let reply = call(&app, SetAccountEnabled::PATH, Some(&admin), &format!("id={unknown}&enabled=false")).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM users").await, users);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log").await, audit);
    assert_eq!(app.get("/quan-tri/tai-khoan", Some(&admin)).await.status, StatusCode::OK);
}
