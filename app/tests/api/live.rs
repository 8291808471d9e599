//! `GET /api/events`: pokes after commits, scoped by role, resumed after a reconnection.

use axum::http::StatusCode;
use futures_util::StreamExt;
use serde_json::json;
use std::time::Duration;

use crate::helpers::{TestApp, push_body};

/// The next event's text, or `None` when nothing comes within `wait`.
async fn next_event(feed: &mut axum::body::BodyDataStream, wait: Duration) -> Option<String> {
    let chunk = tokio::time::timeout(wait, feed.next()).await.ok()??.ok()?;
    Some(String::from_utf8_lossy(&chunk).into_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_pokes_the_district_and_its_commune_but_not_other_communes() {
    let app = TestApp::new().await;
    assert_eq!(app.events(None, "").await.0, StatusCode::UNAUTHORIZED);
    let (district, sarai, other) = (app.login("bantochuc").await, app.login("sarai").await, app.login("tanhoco").await);
    let (_, mut district_feed) = app.events(Some(&district), "").await;
    let (_, mut sarai_feed) = app.events(Some(&sarai), "").await;
    let (_, mut other_feed) = app.events(Some(&other), "").await;

    let member = app.police_of("Thị trấn Sa Rài").await;
    let args = json!({ "campaign_id": app.campaign("314-CV/TU").await, "member_id": member, "target_branch_id": app.home_branch_of(&member).await });
    let reply = app
        .post_json("/api/sync/push", Some(&sarai), push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", args, None)]))
        .await;
    let seq = reply.json()["results"][0]["seq"].as_i64().unwrap();

    // The commune's office hears the number; the district also the commune's fresh figures.
    let event = next_event(&mut sarai_feed, Duration::from_secs(2)).await.expect("a poke");
    assert_eq!(event.replace("\r\n", "\n"), format!("event: poke\nid: {seq}\ndata: {{\"seq\":{seq}}}\n\n"));
    // The district hears the number at once, then the figures.
    let event = next_event(&mut district_feed, Duration::from_secs(2)).await.expect("a poke");
    assert_eq!(event.replace("\r\n", "\n"), format!("event: poke\nid: {seq}\ndata: {{\"seq\":{seq}}}\n\n"));
    let event = next_event(&mut district_feed, Duration::from_secs(2)).await.expect("a poke with the figures");
    let data: serde_json::Value = serde_json::from_str(event.split("data: ").nth(1).unwrap().trim()).unwrap();
    assert_eq!((data["seq"].as_i64(), data["refreshed"].as_bool()), (Some(seq), Some(true)));
    let figures = data["figures"].as_array().expect("the figures");
    assert_eq!(figures.len(), 1);
    assert_eq!(figures[0]["commune_name"], "Thị trấn Sa Rài");
    let sarai_figures =
        app.text("SELECT s.data FROM commune_stats s JOIN org_units u ON u.id = s.commune_id WHERE u.name = 'Thị trấn Sa Rài'").await;
    assert_eq!(figures[0], serde_json::from_str::<serde_json::Value>(&sarai_figures).unwrap(), "as kept after the commit");
    assert_eq!(next_event(&mut other_feed, Duration::from_millis(500)).await, None, "Tân Hộ Cơ is not poked for Sa Rài");
    // The commune hears that its figures were refreshed, without any commune's figures.
    let event = next_event(&mut sarai_feed, Duration::from_secs(2)).await.expect("a poke saying the figures were refreshed");
    assert_eq!(event.replace("\r\n", "\n"), format!("event: poke\nid: {seq}\ndata: {{\"seq\":{seq},\"refreshed\":true}}\n\n"));
    assert_eq!(next_event(&mut sarai_feed, Duration::from_millis(300)).await, None);

    // A client coming back with an older id is poked at once; one that is up to date is not.
    let (_, mut resumed) = app.events(Some(&district), "?since=0").await;
    assert!(next_event(&mut resumed, Duration::from_secs(2)).await.unwrap().contains(&format!("id: {seq}")));
    let (_, mut current) = app.events(Some(&district), &format!("?since={seq}")).await;
    assert_eq!(next_event(&mut current, Duration::from_millis(300)).await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_merge_ends_the_commune_feeds_which_reconnect_under_the_new_commune() {
    let app = TestApp::new().await;
    let (admin, district, binhphu) = (app.login("quantri").await, app.login("bantochuc").await, app.login("binhphu").await);
    let (_, mut office_feed) = app.events(Some(&binhphu), "").await;
    let (_, mut district_feed) = app.events(Some(&district), "").await;
    let sources = [app.commune_id("Thị trấn Sa Rài").await, app.commune_id("Xã Bình Phú").await];
    let new = uuid::Uuid::now_v7().to_string();
    let merge = json!({ "unit_id": new, "merge": { "sources": sources, "type_code": "commune", "name": "Xã Tân Hồng",
        "on": "2025-07-01", "decision_no": "1663/NQ-UBTVQH15" } });
    let reply = app
        .post_json("/api/sync/push", Some(&admin), push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "unit.merge", merge, None)]))
        .await;
    assert_eq!(reply.json()["results"][0]["status"], "applied", "{}", reply.text);

    // Bình Phú's office feed closes (it was opened for Bình Phú); the district's goes on.
    let ended = tokio::time::timeout(Duration::from_secs(5), async { while office_feed.next().await.is_some() {} }).await;
    assert!(ended.is_ok(), "the commune device's feed closes");
    assert!(next_event(&mut district_feed, Duration::from_secs(2)).await.is_some_and(|e| e.contains("poke")));
    // Reconnected, it hears of the new commune's next commit.
    let (_, mut office_feed) = app.events(Some(&binhphu), "").await;
    let member = app.police_of("Xã Tân Hồng").await;
    let args = json!({ "campaign_id": app.campaign("314-CV/TU").await, "member_id": member, "target_branch_id": app.home_branch_of(&member).await });
    let sarai = app.login("sarai").await;
    let reply = app
        .post_json("/api/sync/push", Some(&sarai), push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", args, None)]))
        .await;
    assert_eq!(reply.json()["results"][0]["status"], "applied", "{}", reply.text);
    assert!(
        next_event(&mut office_feed, Duration::from_secs(2)).await.is_some_and(|e| e.contains("poke")),
        "Bình Phú's office hears Sa Rài's change: one commune now"
    );
}
