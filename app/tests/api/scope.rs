use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, push_body};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commune_user_cannot_read_another_communes_members() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let other = app.commune_id("Xã Tân Hộ Cơ").await;
    let stranger = app.text(&format!("SELECT full_name FROM members WHERE commune_id = '{other}' ORDER BY id LIMIT 1")).await;
    let stranger_id = app.text(&format!("SELECT id FROM members WHERE commune_id = '{other}' ORDER BY id LIMIT 1")).await;
    // The commune page.
    let page = app.get(&format!("/xa/{other}"), Some(&cookie)).await;
    assert!(page.text.contains("Bạn không có quyền"), "no refusal on the commune page");
    assert!(!page.text.contains(&stranger));
    // The member page.
    let page = app.get(&format!("/dang-vien/{stranger_id}"), Some(&cookie)).await;
    assert!(page.text.contains("Bạn không có quyền"));
    assert!(!page.text.contains(&stranger));
    // The sync snapshot holds only Sa Rài.
    let pull = app.get("/api/sync/pull?since=0", Some(&cookie)).await.json();
    let members: Vec<_> = pull["changes"].as_array().unwrap().iter().filter(|c| c["entity"] == "member").collect();
    assert_eq!(members.len(), 36 + 6);
    assert!(members.iter().all(|m| m["data"]["commune_id"] != other.as_str()));
    // The district overview is the district's.
    let overview = app.get("/tong-quan", Some(&cookie)).await;
    assert!(overview.text.contains("Bạn không có quyền"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commune_user_cannot_change_another_communes_members() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let member = app.police_of("Xã Tân Hộ Cơ").await;
    let target = app.home_branch_of(&member).await;
    let campaign = app.campaign("314-CV/TU").await;
    let args = json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": target });
    let client = uuid::Uuid::now_v7().to_string();
    let reply = app.post_json("/api/sync/push", Some(&cookie), push_body(&client, &[(1, "plan.move_member", args, None)])).await;
    assert_eq!(reply.status, StatusCode::OK);
    let result = &reply.json()["results"][0];
    assert_eq!(result["status"], "rejected");
    assert_eq!(result["reason"], "forbidden");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM plans WHERE target_branch_id IS NOT NULL AND confirmed = FALSE").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branch_secretary_sees_only_their_branch_and_changes_nothing() {
    let app = TestApp::new().await;
    let cookie = app.login("bithu.khom1").await;
    let pull = app.get("/api/sync/pull?since=0", Some(&cookie)).await.json();
    let changes = pull["changes"].as_array().unwrap();
    let branches: Vec<_> = changes.iter().filter(|c| c["entity"] == "branch").collect();
    assert_eq!(branches.len(), 1);
    assert_eq!(branches[0]["data"]["name"], "Chi bộ Khóm 1");
    let member = app.police_of("Thị trấn Sa Rài").await;
    let target = app.home_branch_of(&member).await;
    let campaign = app.campaign("314-CV/TU").await;
    let args = json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": target });
    let reply = app
        .post_json("/api/sync/push", Some(&cookie), push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", args, None)]))
        .await;
    assert_eq!(reply.json()["results"][0]["reason"], "forbidden");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_nothing_is_readable() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/api/sync/pull?since=0", None).await.status, StatusCode::UNAUTHORIZED);
    let r = app.post_json("/api/sync/push", None, json!({ "client_id": uuid::Uuid::now_v7(), "mutations": [] })).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["error"], "Bạn cần đăng nhập để tiếp tục.");
}
