//! Two app servers on one database (on PostgreSQL, what a scale-out runs; on SQLite, two
//! processes on one file): concurrent pushes never let a pull skip a change, and a commit on one
//! server pokes the live feeds of the other.

use app::store::seed::{COMMUNE_ACCOUNTS, COMMUNES};
use futures_util::StreamExt;
use serde_json::json;
use std::time::Duration;

use crate::helpers::{TestApp, push_body};

/// Moves each pusher makes, one push each.
const MOVES: i64 = 12;

/// 8 devices of 8 communes push concurrently, each push going to one server or the other, while
/// the district's reader pulls in a loop from both: it sees every change exactly once, in order.
/// (Were a change number visible before a smaller one committed, the reader's cursor would pass
/// the smaller one and never see it.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_pushers_through_two_servers_never_let_a_pull_skip_a_change() {
    let a = TestApp::new().await;
    let b = a.second_server().await;
    let servers = [&a, &b];
    let admin = a.login("quantri").await;
    let campaign = a.campaign("314-CV/TU").await;
    let mut pushers = Vec::new();
    for ((username, _), (commune, ..)) in COMMUNE_ACCOUNTS.iter().zip(COMMUNES).take(8) {
        let member = a.police_of(commune).await;
        let targets: Vec<(String,)> = sqlx::query_as(
            "SELECT id FROM branches WHERE commune_id = (SELECT commune_id FROM members WHERE id = $1) AND kind = 'residential' ORDER BY id",
        )
        .bind(&member)
        .fetch_all(&a.db.pool)
        .await
        .unwrap();
        let cookie = a.login(username).await;
        pushers.push((cookie, member, targets));
    }
    // One move first, so that the log is not empty (a pull from 0 is a snapshot, not changes).
    let (cookie, member, targets) = &pushers[0];
    let args = json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": targets[0].0 });
    a.post_json("/api/sync/push", Some(cookie), push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", args, None)])).await;
    let start = a.scalar("SELECT COALESCE(MAX(seq), 0) FROM changes").await;
    assert!(start > 0);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let push_all = futures_util::future::join_all(pushers.iter().enumerate().map(|(p, (cookie, member, targets))| {
        let (campaign, done, a) = (&campaign, &done, &a);
        async move {
            let client = uuid::Uuid::now_v7().to_string();
            let mut acknowledged = Vec::new();
            let version: Option<(i64,)> = sqlx::query_as("SELECT version FROM plans WHERE campaign_id = $1 AND member_id = $2")
                .bind(campaign)
                .bind(member)
                .fetch_optional(&a.db.pool)
                .await
                .unwrap();
            let mut base = version.map(|(v,)| v);
            for seq in 1..=MOVES {
                let target = &targets[seq as usize % targets.len()].0;
                let args = json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": target });
                let server = servers[(p + seq as usize) % 2];
                let reply =
                    server.post_json("/api/sync/push", Some(cookie), push_body(&client, &[(seq, "plan.move_member", args, base)])).await;
                base = Some(base.unwrap_or(0) + 1);
                let result = &reply.json()["results"][0];
                assert_eq!(result["status"], "applied", "{}", reply.text);
                acknowledged.push(result["seq"].as_i64().unwrap());
            }
            done.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            acknowledged
        }
    }));
    let read = async {
        let (mut cursor, mut seen, mut round) = (start, Vec::new(), 0_usize);
        loop {
            // Read whether every pusher had finished before this pull: that pull then sees the end.
            let last_round = done.load(std::sync::atomic::Ordering::SeqCst) == pushers.len();
            round += 1;
            let pulled = servers[round % 2].get(&format!("/api/sync/pull?since={cursor}"), Some(&admin)).await.json();
            assert_eq!(pulled["reset"], false, "changes, not a snapshot");
            seen.extend(pulled["changes"].as_array().unwrap().iter().map(|c| c["seq"].as_i64().unwrap()));
            cursor = pulled["cursor"].as_i64().unwrap();
            if last_round && pulled["more"] == false {
                return (seen, round);
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    let (acknowledged, (seen, rounds)) = tokio::join!(push_all, read);
    let logged: Vec<(i64,)> =
        sqlx::query_as("SELECT seq FROM changes WHERE seq > $1 ORDER BY seq").bind(start).fetch_all(&a.db.pool).await.unwrap();
    let logged: Vec<i64> = logged.into_iter().map(|(s,)| s).collect();
    assert_eq!(logged.len(), 8 * MOVES as usize, "one change per move");
    assert!(rounds > 3, "the reader pulled while the pushes went on ({rounds} pulls)");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in order, none twice: {seen:?}");
    assert_eq!(seen, logged, "the reader saw every change");
    let mut acknowledged: Vec<i64> = acknowledged.into_iter().flatten().collect();
    acknowledged.sort_unstable();
    assert_eq!(acknowledged, logged, "every acknowledged number is a change the reader saw");
}

/// The next event of a feed, as text.
async fn next(feed: &mut axum::body::BodyDataStream) -> String {
    let chunk = tokio::time::timeout(Duration::from_secs(5), feed.next()).await.expect("a poke within 5 s");
    String::from_utf8_lossy(&chunk.unwrap().unwrap()).replace("\r\n", "\n")
}

/// A commit on server A pokes a live feed opened on server B (on PostgreSQL through
/// `LISTEN/NOTIFY`; one SQLite file is served by one server, whose own feeds hear it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_commit_on_one_server_pokes_a_feed_on_the_other() {
    let a = TestApp::new().await;
    let b = a.second_server().await;
    let (sarai, district) = (a.login("sarai").await, a.login("bantochuc").await);
    let feed_server = if a.db.engine == app::store::Engine::Postgres { &b } else { &a };
    let (_, mut office_feed) = feed_server.events(Some(&sarai), "").await;
    let (_, mut district_feed) = feed_server.events(Some(&district), "").await;
    let member = a.police_of("Thị trấn Sa Rài").await;
    let args =
        json!({ "campaign_id": a.campaign("314-CV/TU").await, "member_id": member, "target_branch_id": a.home_branch_of(&member).await });
    let reply = a
        .post_json("/api/sync/push", Some(&sarai), push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", args, None)]))
        .await;
    let seq = reply.json()["results"][0]["seq"].as_i64().unwrap();
    assert_eq!(next(&mut office_feed).await, format!("event: poke\nid: {seq}\ndata: {{\"seq\":{seq}}}\n\n"));
    assert_eq!(next(&mut district_feed).await, format!("event: poke\nid: {seq}\ndata: {{\"seq\":{seq}}}\n\n"));
    // Then the figures, read from what the commit left in commune_stats.
    let refreshed = next(&mut district_feed).await;
    let data: serde_json::Value = serde_json::from_str(refreshed.split("data: ").nth(1).unwrap().trim()).unwrap();
    let kept = a.text("SELECT s.data FROM commune_stats s JOIN org_units u ON u.id = s.commune_id WHERE u.name = 'Thị trấn Sa Rài'").await;
    assert_eq!((data["seq"].as_i64(), data["refreshed"].as_bool()), (Some(seq), Some(true)));
    assert_eq!(data["figures"], json!([serde_json::from_str::<serde_json::Value>(&kept).unwrap()]));
}
