use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, push_body};

struct Move {
    campaign: String,
    member: String,
    target: String,
}

async fn police_move(app: &TestApp) -> Move {
    let member = app.police_of("Thị trấn Sa Rài").await;
    Move { campaign: app.campaign("314-CV/TU").await, target: app.home_branch_of(&member).await, member }
}

fn move_args(m: &Move) -> Value {
    json!({ "campaign_id": m.campaign, "member_id": m.member, "target_branch_id": m.target })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replayed_push_applies_nothing_twice() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let m = police_move(&app).await;
    let body = push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", move_args(&m), None)]);
    let first = app.post_json("/api/sync/push", Some(&cookie), body.clone()).await.json();
    assert_eq!(first["results"][0]["status"], "applied", "{first}");
    let seq = first["results"][0]["seq"].clone();
    let audit = app.scalar("SELECT COUNT(*) FROM audit_log").await;
    let changes = app.scalar("SELECT COUNT(*) FROM changes").await;
    let second = app.post_json("/api/sync/push", Some(&cookie), body).await.json();
    assert_eq!(second["results"][0]["status"], "duplicate");
    assert_eq!(second["results"][0]["seq"], seq);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log").await, audit);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, changes);
    assert_eq!(app.scalar(&format!("SELECT version FROM plans WHERE member_id = '{}'", m.member)).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_base_version_is_rejected_with_the_current_value() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let m = police_move(&app).await;
    let client = uuid::Uuid::now_v7().to_string();
    let other = app.text(&format!("SELECT id FROM branches WHERE commune_id = (SELECT commune_id FROM members WHERE id = '{}') AND kind = 'residential' AND id <> '{}' LIMIT 1", m.member, m.target)).await;
    let stale = json!({ "campaign_id": m.campaign, "member_id": m.member, "target_branch_id": other });
    let body = push_body(&client, &[(1, "plan.move_member", move_args(&m), Some(0)), (2, "plan.move_member", stale, Some(0))]);
    let reply = app.post_json("/api/sync/push", Some(&cookie), body).await.json();
    assert_eq!(reply["results"][0]["status"], "applied");
    let rejected = &reply["results"][1];
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["reason"], "conflict");
    assert_eq!(rejected["current"]["version"], 1);
    assert_eq!(rejected["current"]["target"], m.target.as_str());
    // The refusal still advanced the device's sequence: the queue is not blocked.
    assert_eq!(reply["last_client_seq"], 2);
    assert_eq!(app.text(&format!("SELECT target_branch_id FROM plans WHERE member_id = '{}'", m.member)).await, m.target);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_applied_change_is_audited_with_device_before_and_after() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let m = police_move(&app).await;
    let client = uuid::Uuid::now_v7().to_string();
    let confirm = json!({ "campaign_id": m.campaign, "member_id": m.member, "effective_on": "15/07/2021", "letter_no": "25/GGT-ĐU" });
    let body = push_body(&client, &[(1, "plan.move_member", move_args(&m), None), (2, "transfer.confirm", confirm, Some(1))]);
    let reply = app.post_json("/api/sync/push", Some(&cookie), body).await.json();
    assert_eq!(reply["results"][1]["status"], "applied", "{reply}");
    let (user, device, after): (String, String, String) =
        sqlx::query_as("SELECT user_id, client_id, after FROM audit_log WHERE entity = 'transfer'").fetch_one(&app.db.pool).await.unwrap();
    assert_eq!(device, client);
    assert_eq!(user, app.text("SELECT id FROM users WHERE username = 'sarai'").await);
    assert!(after.contains("25/GGT-ĐU"));
    // The official membership moved: the member now belongs to the hamlet branch.
    let official = app
        .text(&format!("SELECT branch_id FROM memberships WHERE member_id = '{}' AND kind = 'official' AND to_date IS NULL", m.member))
        .await;
    assert_eq!(official, m.target);
    // And the district sees one more member moved.
    let district = app.login("bantochuc").await;
    let overview = app.get("/tong-quan", Some(&district)).await;
    assert!(overview.text.contains(">286<"), "the overview does not show 286 moved");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rule_refusals_explain_themselves_and_write_nothing() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let branch = app.text("SELECT b.id FROM branches b JOIN org_units u ON u.id = b.hamlet_id WHERE u.name = 'Khóm 1'").await;
    let version = app.scalar(&format!("SELECT version FROM branches WHERE id = '{branch}'")).await;
    let args = json!({ "branch_id": branch, "on": "2021-07-01", "decision_no": "30-QĐ/ĐU" });
    let body = push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "branch.dissolve", args, Some(version))]);
    let reply = app.post_json("/api/sync/push", Some(&cookie), body).await.json();
    let result = &reply["results"][0];
    assert_eq!(result["reason"], "invalid");
    assert!(result["message"].as_str().unwrap().contains("chỉ giải thể được khi không còn đảng viên"), "{result}");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM branches WHERE id = '{branch}' AND dissolved_on IS NULL")).await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_is_created_and_updated_through_mutations() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let commune = app.commune_id("Thị trấn Sa Rài").await;
    let hamlet = app.text("SELECT id FROM org_units WHERE name = 'Khóm 2'").await;
    let branch = app.text(&format!("SELECT id FROM branches WHERE hamlet_id = '{hamlet}'")).await;
    let id = uuid::Uuid::now_v7().to_string();
    let draft = |name: &str| {
        json!({
            "full_name": name, "gender": "female", "birth_date": "1990-04-02", "party_card_no": "81.123456", "record_no": "LL-9001",
            "joined_on": "2015-05-19", "status": "full", "commune_id": commune, "residence_id": hamlet, "job_category": "civil_servant",
            "field": "administration", "is_committee_member": false, "is_key_leader": false
        })
    };
    let client = uuid::Uuid::now_v7().to_string();
    let bad = json!({ "member_id": uuid::Uuid::now_v7(), "member": draft("Hoa"), "branch_id": branch });
    let good = json!({ "member_id": id, "member": draft("Trần Thị Mỹ Hoa"), "branch_id": branch });
    let update = json!({ "member_id": id, "member": draft("Trần Thị Mỹ Hòa") });
    let body =
        push_body(&client, &[(1, "member.create", bad, None), (2, "member.create", good, None), (3, "member.update", update, Some(1))]);
    let reply = app.post_json("/api/sync/push", Some(&cookie), body).await.json();
    assert_eq!(reply["results"][0]["reason"], "invalid");
    assert!(reply["results"][0]["message"].as_str().unwrap().contains("Họ và tên"));
    assert_eq!(reply["results"][1]["status"], "applied", "{reply}");
    assert_eq!(reply["results"][2]["status"], "applied", "{reply}");
    assert_eq!(app.text(&format!("SELECT full_name FROM members WHERE id = '{id}'")).await, "Trần Thị Mỹ Hòa");
    assert_eq!(app.scalar(&format!("SELECT version FROM members WHERE id = '{id}'")).await, 2);
    assert_eq!(app.text(&format!("SELECT branch_id FROM memberships WHERE member_id = '{id}'")).await, branch);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_gets_400_and_writes_nothing() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let reply = app.post_raw("/api/sync/push", Some(&cookie), "{\"client_id\": \"x\", \"mutations\": [".into()).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.json()["error"].as_str().unwrap().starts_with("Nội dung JSON không hợp lệ"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sync_clients").await, 0);
    let unknown = push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "member.delete_everything", json!({}), None)]);
    let reply = app.post_json("/api/sync/push", Some(&cookie), unknown).await.json();
    assert_eq!(reply["results"][0]["reason"], "invalid");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_gets_413() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let huge = format!("{{\"client_id\": \"{}\", \"mutations\": [], \"pad\": \"{}\"}}", uuid::Uuid::now_v7(), "x".repeat(3 * 1024 * 1024));
    let reply = app.post_raw("/api/sync/push", Some(&cookie), huge).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM sync_clients").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_returns_only_new_changes_in_scope() {
    let app = TestApp::new().await;
    let sarai = app.login("sarai").await;
    let tanhoco = app.login("tanhoco").await;
    let start = app.get("/api/sync/pull?since=0", Some(&tanhoco)).await.json();
    assert_eq!(start["reset"], true);
    let m = police_move(&app).await;
    let client = uuid::Uuid::now_v7().to_string();
    app.post_json("/api/sync/push", Some(&sarai), push_body(&client, &[(1, "plan.move_member", move_args(&m), None)])).await;
    let cursor = app.get("/api/sync/pull?since=0", Some(&sarai)).await.json()["cursor"].as_i64().unwrap();
    assert_eq!(cursor, 1);
    let back = json!({ "campaign_id": m.campaign, "member_id": m.member, "target_branch_id": null });
    app.post_json("/api/sync/push", Some(&sarai), push_body(&client, &[(2, "plan.move_member", back, Some(1))])).await;
    let mine = app.get(&format!("/api/sync/pull?since={cursor}"), Some(&sarai)).await.json();
    assert_eq!(mine["reset"], false);
    assert_eq!(mine["cursor"], 2);
    let changes = mine["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["entity"], "plan");
    assert_eq!(changes[0]["data"]["target"], serde_json::Value::Null);
    let other = app.get(&format!("/api/sync/pull?since={cursor}"), Some(&tanhoco)).await.json();
    assert_eq!(other["changes"].as_array().unwrap().len(), 0, "Tân Hộ Cơ sees Sa Rài's change");
    assert_eq!(app.get("/api/sync/pull?since=abc", Some(&sarai)).await.status, StatusCode::BAD_REQUEST);
}

/// Two devices' replicas against the real executor and pull: both offline, the same member
/// moved on both, the first to sync wins, the second keeps its own change on the new base; then
/// both replicas equal the server's snapshot, and the audit log replays to the plan line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_meet_on_the_server_after_a_conflict_decided_by_a_person() {
    use app::sync::replica::Replica;
    use app::sync::{Op, OpCall, PullResponse, PushResponse};

    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let m = police_move(&app).await;
    let other = app.text(&format!("SELECT id FROM branches WHERE commune_id = (SELECT commune_id FROM members WHERE id = '{}') AND kind = 'residential' AND id <> '{}' LIMIT 1", m.member, m.target)).await;
    let pull = |since: i64| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            serde_json::from_value::<PullResponse>(app.get(&format!("/api/sync/pull?since={since}"), Some(&cookie)).await.json()).unwrap()
        }
    };
    let push = |r: &Replica| {
        let (app, cookie, body) = (&app, cookie.clone(), serde_json::to_value(r.next_push().unwrap()).unwrap());
        async move { serde_json::from_value::<PushResponse>(app.post_json("/api/sync/push", Some(&cookie), body).await.json()).unwrap() }
    };
    let mut a = Replica::new(uuid::Uuid::now_v7());
    let mut b = Replica::new(uuid::Uuid::now_v7());
    for r in [&mut a, &mut b] {
        let snapshot = pull(0).await;
        assert!(r.apply_pull(0, &snapshot));
    }
    let op = |target: &str| {
        Op::parse("plan.move_member", json!({ "campaign_id": m.campaign, "member_id": m.member, "target_branch_id": target })).unwrap()
    };
    a.enqueue(&OpCall::from(&op(&m.target)), Some(0), 1);
    b.enqueue(&OpCall::from(&op(&other)), Some(0), 2);
    // A syncs first and wins.
    let reply = push(&a).await;
    a.acknowledge(&reply);
    // B's reply is lost on the way: B sends the same request again and hears the stored outcome.
    let _lost = push(&b).await;
    let report = b.acknowledge(&push(&b).await);
    assert_eq!(report.rejected, 1);
    assert_eq!(b.rejected[0].current.as_ref().unwrap()["target"], m.target.as_str());
    // B keeps its own value, re-issued on the server's version.
    b.keep_mine(0, 3).unwrap();
    let reply = push(&b).await;
    assert!(matches!(reply.results[0].outcome, app::sync::Outcome::Applied { .. }), "{reply:?}");
    b.acknowledge(&reply);
    for r in [&mut a, &mut b] {
        let since = r.cursor;
        let changes = pull(since).await;
        assert!(r.apply_pull(since, &changes));
        assert!(r.outbox.is_empty() && r.rejected.is_empty());
    }
    let server = pull(0).await;
    let mut fresh = Replica::new(uuid::Uuid::now_v7());
    fresh.apply_pull(0, &server);
    assert_eq!(a.view(), fresh.view(), "device A equals the server");
    assert_eq!(b.view(), fresh.view(), "device B equals the server");
    let key = format!("plan/{}:{}", m.campaign, m.member);
    assert_eq!(fresh.view()[&key]["target"], other.as_str());
    assert_eq!(fresh.view()[&key]["version"], 2);
    // The audit log replays to the plan line: each row starts where the previous one ended.
    let rows: Vec<(Option<String>, String)> =
        sqlx::query_as("SELECT before, after FROM audit_log WHERE entity = 'plan' AND entity_id = $1 ORDER BY id")
            .bind(format!("{}:{}", m.campaign, m.member))
            .fetch_all(&app.db.pool)
            .await
            .unwrap();
    let mut state: Option<Value> = None;
    for (before, after) in rows {
        assert_eq!(before.map(|b| serde_json::from_str::<Value>(&b).unwrap()), state);
        state = Some(serde_json::from_str(&after).unwrap());
    }
    assert_eq!(state.as_ref(), Some(&fresh.view()[&key]));
}

/// A board opened without the server is built from the device's snapshot by the same code as
/// the server's: for every commune office, the two boards are equal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_from_a_snapshot_equals_the_servers_board() {
    use app::board::BoardData;
    use app::domain::ids::{CampaignId, UnitId};
    use app::sync::replica::Replica;

    let app = TestApp::new().await;
    let campaign = CampaignId::parse(&app.campaign("314-CV/TU").await).unwrap();
    for (username, commune) in [("sarai", "Thị trấn Sa Rài"), ("tanhoco", "Xã Tân Hộ Cơ")] {
        let cookie = app.login(username).await;
        let actor = app.actor_of(&cookie).await;
        let commune = UnitId::parse(&app.commune_id(commune).await).unwrap();
        let server = app::api::pages::board::load(&app.db, &actor, &commune.to_string(), &campaign.to_string()).await.unwrap();
        let mut device = Replica::new(uuid::Uuid::now_v7());
        let snapshot = app.get("/api/sync/pull?since=0", Some(&cookie)).await.json();
        device.apply_pull(0, &serde_json::from_value(snapshot).unwrap());
        let local = BoardData::from_entities(&device.base, commune, campaign, actor.manages().covers(commune)).unwrap();
        let sorted = |mut b: BoardData| {
            b.members.sort_by_key(|m| m.id.to_string());
            b.plans.sort_by_key(|p| p.member_id.to_string());
            b.branches.sort_by_key(|x| x.id.to_string());
            b.hamlets.sort_by_key(|h| h.0.to_string());
            b
        };
        let (server, local) = (sorted(server), sorted(local));
        assert_eq!(local.sources, server.sources);
        assert!(!server.members.is_empty() && !server.sources.is_empty());
        assert_eq!(local, server, "{username}");
    }
}

/// A device's numbers: only the next one is processed, a retry of the same mutation is answered
/// from its stored outcome, and a gap, a step back, an absurd number or a number reused for
/// another mutation is refused with the number expected, writing nothing. A device that then
/// numbers its changes again under a new id loses nothing and applies nothing twice — even the
/// change whose reply was lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn device_numbers_are_checked_and_a_device_recovers_from_a_refusal() {
    use app::sync::replica::Replica;
    use app::sync::{Op, OpCall, Outcome, PushResponse};

    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let client = uuid::Uuid::now_v7().to_string();
    let m = police_move(&app).await;
    let send = |body: Value| {
        let (app, cookie) = (&app, cookie.clone());
        async move { app.post_json("/api/sync/push", Some(&cookie), body).await.json() }
    };
    let changes = app.scalar("SELECT COUNT(*) FROM changes").await;
    for absurd in [i64::MAX, 5, 0, -3] {
        let reply = send(push_body(&client, &[(absurd, "plan.move_member", move_args(&m), Some(0))])).await;
        let r = &reply["results"][0];
        assert_eq!(
            (r["status"].as_str(), r["reason"].as_str(), r["expected_seq"].as_i64()),
            (Some("rejected"), Some("invalid"), Some(1)),
            "{absurd}"
        );
        assert!(r["message"].as_str().unwrap().contains("máy chủ chờ số 1"));
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, changes, "nothing was written");
    let first = push_body(&client, &[(1, "plan.move_member", move_args(&m), Some(0))]);
    assert_eq!(send(first.clone()).await["results"][0]["status"], "applied", "1 comes next, and is not a 'duplicate'");
    assert_eq!(send(first).await["results"][0]["status"], "duplicate", "the same mutation again");
    // Number 1 again, for another mutation: refused, not answered as that other one.
    let back = push_body(
        &client,
        &[(1, "plan.move_member", json!({ "campaign_id": m.campaign, "member_id": m.member, "target_branch_id": null }), Some(1))],
    );
    assert_eq!(send(back).await["results"][0]["expected_seq"], 2);
    assert_eq!(app.scalar(&format!("SELECT version FROM plans WHERE member_id = '{}'", m.member)).await, 1);

    // A device whose numbers no longer match the server's (its store restored from an older
    // copy): two changes sent, the reply lost; then the device numbers them 1 and 2 again.
    let pull: app::sync::PullResponse = serde_json::from_value(app.get("/api/sync/pull?since=0", Some(&cookie)).await.json()).unwrap();
    let mut device = Replica::new(uuid::Uuid::now_v7());
    device.apply_pull(0, &pull);
    let members: Vec<String> = sqlx::query_as::<_, (String,)>("SELECT id FROM members WHERE job_category = 'commune_police' AND commune_id = (SELECT commune_id FROM members WHERE id = $1) AND id <> $1 ORDER BY id LIMIT 2")
        .bind(&m.member)
        .fetch_all(&app.db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(id,)| id)
        .collect();
    for member in &members {
        let target = app.home_branch_of(member).await;
        let op =
            Op::parse("plan.move_member", json!({ "campaign_id": m.campaign, "member_id": member, "target_branch_id": target })).unwrap();
        device.enqueue(&OpCall::from(&op), Some(0), 0);
    }
    let push = |r: &Replica| {
        let (app, cookie, body) = (&app, cookie.clone(), serde_json::to_value(r.next_push().unwrap()).unwrap());
        async move { serde_json::from_value::<PushResponse>(app.post_json("/api/sync/push", Some(&cookie), body).await.json()).unwrap() }
    };
    let _lost = push(&device).await;
    let renumber = |device: &mut Replica, by: i64| {
        for p in device.outbox.iter_mut().filter(|p| p.applied.is_none()) {
            p.mutation.client_seq += by;
        }
        device.last_seq += by;
    };
    // Numbered 6 and 7 now: the server knows these very changes and answers from what it stored.
    renumber(&mut device, 5);
    let reply = push(&device).await;
    assert!(reply.results.iter().all(|r| matches!(r.outcome, Outcome::Duplicate { seq: Some(_) })), "{reply:?}");
    device.acknowledge(&reply);
    assert_eq!(device.unsent_count(), 0);
    for member in &members {
        assert_eq!(app.scalar(&format!("SELECT version FROM plans WHERE member_id = '{member}'")).await, 1, "applied once");
    }
    // A new change numbered past a gap: refused with the number expected; the device numbers
    // its unsent changes again under a fresh id and sends them.
    let op =
        Op::parse("plan.move_member", json!({ "campaign_id": m.campaign, "member_id": members[0], "target_branch_id": null })).unwrap();
    device.enqueue(&OpCall::from(&op), Some(1), 0);
    renumber(&mut device, 5);
    let reply = push(&device).await;
    assert!(matches!(reply.results[0].outcome, Outcome::Rejected { expected_seq: Some(3), .. }), "{reply:?}");
    let old_id = device.client_id;
    let report = device.acknowledge(&reply);
    assert_eq!(report.rejected, 0, "a refused number is not the user's to decide");
    assert_ne!(device.client_id, old_id, "a fresh device id");
    assert_eq!(device.unsent().map(|m| m.client_seq).collect::<Vec<_>>(), [1], "the same change, numbered again");
    let reply = push(&device).await;
    assert!(matches!(reply.results[0].outcome, Outcome::Applied { .. }), "{reply:?}");
    assert_eq!(app.scalar(&format!("SELECT version FROM plans WHERE member_id = '{}'", members[0])).await, 2);
}

/// A long push does not keep every other writer waiting: a one-move push from another commune,
/// sent while a push of 1,000 moves is being processed, is answered before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_small_push_is_not_kept_waiting_behind_a_long_one() {
    let app = TestApp::new().await;
    let sarai = app.login("sarai").await;
    let tanhoco = app.login("tanhoco").await;
    let campaign = app.campaign("314-CV/TU").await;
    let police: Vec<(String,)> = sqlx::query_as(
        "SELECT m.id FROM members m JOIN org_units u ON u.id = m.commune_id WHERE u.name = 'Thị trấn Sa Rài' AND m.job_category = 'commune_police' ORDER BY m.id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let branches: Vec<(String,)> = sqlx::query_as(
        "SELECT b.id FROM branches b JOIN org_units u ON u.id = b.commune_id WHERE u.name = 'Thị trấn Sa Rài' AND b.kind = 'residential' ORDER BY b.id",
    )
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    // 1,000 moves with chained versions, member after member.
    let mut version = std::collections::HashMap::new();
    let moves: Vec<(i64, &str, Value, Option<i64>)> = (0..1000)
        .map(|i| {
            let member = &police[i % police.len()].0;
            let target = &branches[(i / police.len() + i) % branches.len()].0;
            let base = version.entry(member.clone()).or_insert(0);
            let m = (
                (i + 1) as i64,
                "plan.move_member",
                json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": target }),
                Some(*base),
            );
            *base += 1;
            m
        })
        .collect();
    let long = push_body(&uuid::Uuid::now_v7().to_string(), &moves);
    let small_move = police_move_in(&app, "Xã Tân Hộ Cơ").await;
    let small = push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "plan.move_member", small_move, Some(0))]);
    let order = std::sync::Mutex::new(Vec::new());
    let long_push = async {
        let reply = app.post_json("/api/sync/push", Some(&sarai), long).await.json();
        order.lock().unwrap().push("long");
        reply
    };
    let small_push = async {
        // Once the long push is under way (its first changes are committed).
        while app.scalar("SELECT COUNT(*) FROM changes").await == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let reply = app.post_json("/api/sync/push", Some(&tanhoco), small).await.json();
        order.lock().unwrap().push("small");
        reply
    };
    let (long, small) = tokio::join!(long_push, small_push);
    assert_eq!(small["results"][0]["status"], "applied");
    assert!(long["results"].as_array().unwrap().iter().all(|r| r["status"] == "applied"), "every move of the long push applied");
    assert_eq!(*order.lock().unwrap(), ["small", "long"], "the small push was answered while the long one went on");
}

async fn police_move_in(app: &TestApp, commune: &str) -> Value {
    let member = app.police_of(commune).await;
    json!({ "campaign_id": app.campaign("314-CV/TU").await, "member_id": member, "target_branch_id": app.home_branch_of(&member).await })
}

/// A backup taken while devices push is a consistent database holding every change acknowledged
/// before it began.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_during_pushes_is_whole_and_holds_every_acknowledged_change() {
    let app = TestApp::new().await;
    if app.db.engine == app::store::Engine::Postgres {
        // PostgreSQL is backed up with pg_dump, outside the app: the app says so and writes nothing.
        let path = std::env::temp_dir().join(format!("branchboard-backup-{}.db", uuid::Uuid::now_v7()));
        let refused = app.db.backup(&path).await.expect_err("refused on PostgreSQL");
        assert!(refused.to_string().contains("pg_dump"), "{refused}");
        assert!(!path.exists());
        return;
    }
    let cookie = app.login("sarai").await;
    let campaign = app.campaign("314-CV/TU").await;
    let member = app.police_of("Thị trấn Sa Rài").await;
    let branches: Vec<(String,)> = sqlx::query_as(
        "SELECT id FROM branches WHERE commune_id = (SELECT commune_id FROM members WHERE id = $1) AND kind = 'residential'",
    )
    .bind(&member)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let client = uuid::Uuid::now_v7().to_string();
    let acknowledged = std::sync::Mutex::new(0_i64);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let pushes = async {
        let mut seq = 0;
        while !stop.load(std::sync::atomic::Ordering::Relaxed) {
            seq += 1;
            let target = &branches[seq as usize % branches.len()].0;
            let args = json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": target });
            let reply =
                app.post_json("/api/sync/push", Some(&cookie), push_body(&client, &[(seq, "plan.move_member", args, Some(seq - 1))])).await;
            let change = reply.json()["results"][0]["seq"].as_i64().expect("applied");
            *acknowledged.lock().unwrap() = change;
        }
        seq
    };
    let path = std::env::temp_dir().join(format!("branchboard-backup-{}.db", uuid::Uuid::now_v7()));
    let backup = async {
        while *acknowledged.lock().unwrap() < 20 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        let before = *acknowledged.lock().unwrap();
        app.db.backup(&path).await.expect("backup");
        // A few more pushes after it.
        let after = before + 10;
        while *acknowledged.lock().unwrap() < after {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        before
    };
    let (pushed, before) = tokio::join!(pushes, backup);
    assert!(pushed > 30);
    assert!(app.db.backup(&path).await.is_err(), "an existing file is not overwritten");
    let copy = sqlx::sqlite::SqlitePoolOptions::new()
        .connect_with(sqlx::sqlite::SqliteConnectOptions::new().filename(&path).read_only(true))
        .await
        .unwrap();
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check").fetch_one(&copy).await.unwrap();
    assert_eq!(check, "ok");
    let (kept,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM changes WHERE seq <= $1").bind(before).fetch_one(&copy).await.unwrap();
    assert_eq!(kept, before, "every change acknowledged before the backup began");
    let (version,): (i64,) = sqlx::query_as("SELECT version FROM plans WHERE member_id = $1").bind(&member).fetch_one(&copy).await.unwrap();
    let (newest,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM changes").fetch_one(&copy).await.unwrap();
    assert_eq!(version, newest, "the plan line and the change log agree in the copy");
    copy.close().await;
    let _ = std::fs::remove_file(&path);
}
