//! The 2025 reorganisation on the demo data (Nghị quyết 1663/NQ-UBTVQH15): the nine units of Tân
//! Hồng merged into four communes under the province from 01/07/2025, the district dissolved into
//! the province. The figures keep their totals, the report's paragraphs are unchanged, the
//! offices' accounts follow their communes, and the open 2021 campaign goes on in the new commune.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, push_body};

async fn push(app: &TestApp, cookie: &str, name: &str, args: Value) -> Value {
    push_on(app, cookie, name, args, None).await
}

/// Pushes one mutation based on the version `base` of its row.
async fn push_on(app: &TestApp, cookie: &str, name: &str, args: Value, base: Option<i64>) -> Value {
    let body = push_body(&uuid::Uuid::now_v7().to_string(), &[(1, name, args, base)]);
    let reply = app.post_json("/api/sync/push", Some(cookie), body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["results"][0].clone()
}

/// The four merges of the resolution: (new commune, the units merged).
const MERGES: [(&str, &[&str]); 4] = [
    ("Xã Tân Hồng", &["Thị trấn Sa Rài", "Xã Bình Phú", "Xã Tân Công Chí"]),
    ("Xã Tân Thành", &["Xã Thông Bình", "Xã Tân Thành A"]),
    ("Xã Tân Hộ Cơ", &["Xã Tân Hộ Cơ", "Xã Tân Thành B"]),
    ("Xã An Phước", &["Xã An Phước", "Xã Tân Phước"]),
];

fn merge(id: &str, sources: Vec<String>, name: &str, province: &str) -> Value {
    json!({ "unit_id": id, "merge": {
        "sources": sources, "type_code": "commune", "name": name, "on": "2025-07-01",
        "parent_id": province, "decision_no": "1663/NQ-UBTVQH15",
    }})
}

/// Runs the reform as the administrator; returns the province and the new communes' ids.
pub(crate) async fn reform(app: &TestApp, admin: &str) -> (String, Vec<String>) {
    let province = uuid::Uuid::now_v7().to_string();
    let created = push(
        app,
        admin,
        "unit.create",
        json!({
            "unit_id": province, "type_code": "province", "name": "Tỉnh Đồng Tháp", "parent_id": null,
            "valid_from": "2025-07-01", "decision_no": "202/2025/QH15",
        }),
    )
    .await;
    assert_eq!(created["status"], "applied", "{created}");
    let mut new = Vec::new();
    for (name, sources) in MERGES {
        let mut ids = Vec::new();
        for s in sources {
            ids.push(app.text(&format!("SELECT id FROM org_units WHERE name = '{s}' AND valid_to IS NULL")).await);
        }
        let id = uuid::Uuid::now_v7().to_string();
        let reply = push(app, admin, "unit.merge", merge(&id, ids, name, &province)).await;
        assert_eq!(reply["status"], "applied", "{name}: {reply}");
        new.push(id);
    }
    let district = app.text("SELECT id FROM org_units WHERE type_code = 'district'").await;
    let early = json!({ "unit_id": district, "on": "2025-07-01", "successor_id": null, "decision_no": "1663/NQ-UBTVQH15" });
    let refused = push_on(app, admin, "unit.dissolve", early, Some(1)).await;
    assert_eq!(refused["reason"], "invalid", "the district still holds its police branch");
    assert!(refused["message"].as_str().unwrap().contains("đơn vị tiếp nhận"), "{refused}");
    let dissolve = json!({ "unit_id": district, "on": "2025-07-01", "successor_id": province, "decision_no": "1663/NQ-UBTVQH15" });
    let reply = push_on(app, admin, "unit.dissolve", dissolve, Some(1)).await;
    assert_eq!(reply["status"], "applied", "{reply}");
    (province, new)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_2025_reform_keeps_the_figures_and_the_report_and_moves_the_offices() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let province_board = app.login("bantochuc").await;
    let sarai_office = app.login("sarai").await;
    let binhphu = app.commune_id("Xã Bình Phú").await;
    let before = app.get("/api/report.csv", Some(&province_board)).await.text;
    assert!(before.contains("Thị trấn Sa Rài,"), "{before}");
    let cursor = app.scalar("SELECT COALESCE(MAX(seq), 0) FROM changes").await;
    let audited = app.scalar("SELECT COUNT(*) FROM audit_log").await;

    // Only the administrator changes the tree.
    let sources = vec![app.commune_id("Thị trấn Sa Rài").await, binhphu.clone()];
    let attempt = merge(&uuid::Uuid::now_v7().to_string(), sources.clone(), "Xã Tân Hồng", &sources[0]);
    assert_eq!(push(&app, &sarai_office, "unit.merge", attempt.clone()).await["reason"], "forbidden");
    assert_eq!(push(&app, &province_board, "unit.merge", attempt).await["reason"], "forbidden");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_units WHERE valid_to IS NOT NULL").await, 0);

    let (province, new) = reform(&app, &admin).await;

    // Four current communes, under the province; the nine old ones ended on 30/06/2025.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_units WHERE type_code IN ('commune', 'town') AND valid_to IS NULL").await, 4);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_units WHERE valid_to = '2025-06-30'").await, 10, "9 units and the district");
    let tan_hong = &new[0];
    let parent = app.text(&format!("SELECT parent_id FROM org_unit_links WHERE child_id = '{tan_hong}' AND valid_to IS NULL")).await;
    assert_eq!(&parent, &province);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM org_unit_links WHERE parent_id = '{tan_hong}' AND valid_to IS NULL")).await, 13);
    // Every hamlet of 2019 still belongs to its old commune on that day.
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM org_unit_links WHERE parent_id = '{binhphu}' AND valid_from <= '2019-01-20' AND valid_to = '2025-06-30'"
        ))
        .await,
        4
    );
    let police_unit = app.text("SELECT unit_id FROM branches WHERE commune_id IS NULL").await;
    assert_eq!(police_unit, province, "the district's police branch goes to the province");

    // The same totals in four rows; the paragraphs of both waves unchanged.
    let csv = app.get("/api/report.csv", Some(&province_board)).await.text;
    assert!(csv.contains("Toàn tỉnh,09/09,285,38,0,0,285,54"), "the province reads the total: {csv}");
    assert!(csv.contains("Xã Tân Hồng,03/03,96,13,"), "{csv}");
    assert!(!csv.contains("Thị trấn Sa Rài") && !csv.contains("Xã Bình Phú"), "{csv}");
    // The report per the communes of 20/01/2019: the nine units again, from the same records.
    let then = app.get("/api/report.csv?ngay=20/01/2019", Some(&province_board)).await.text;
    assert!(then.contains("Toàn huyện,09/09,285,38,0,0,285,54"), "{then}");
    assert!(then.contains("Thị trấn Sa Rài,01/01,36,5,") && then.contains("Xã Bình Phú,01/01,30,4,"), "{then}");
    assert!(!then.contains("Xã Tân Hồng"), "{then}");
    assert_eq!(then, before, "the tables of the nine units, as they were before the reform");
    let wrong = app.get("/api/report.csv?ngay=31/02/2019", Some(&province_board)).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert!(wrong.text.contains("31/02/2019"), "{}", wrong.text);
    let report = app.get("/bao-cao", Some(&province_board)).await.text;
    assert!(report.contains("đã giải thể 09/09 chi bộ cơ quan xã, thị trấn, chuyển 285 đảng viên"), "the 2019 paragraph changed");
    assert!(report.contains("38 chi bộ ấp, khóm"));
    assert!(report.contains("Ban Thường vụ Tỉnh ủy") && !report.contains("Ban Thường vụ Huyện ủy"));
    assert!(report.contains("các xã đang lập kế hoạch chuyển 54 đồng chí"), "the 2021 paragraph changed");

    // Sa Rài's office now works for Tân Hồng: its device starts again from a snapshot that
    // holds the members of Bình Phú too.
    assert_eq!(app.actor_of(&sarai_office).await.commune_id.map(|c| c.to_string()).as_ref(), Some(tan_hong));
    let pulled = app.get(&format!("/api/sync/pull?since={cursor}"), Some(&sarai_office)).await.json();
    assert_eq!(pulled["reset"], true, "{}", pulled["changes"].as_array().map_or(0, Vec::len));
    let members: Vec<&Value> = pulled["changes"].as_array().unwrap().iter().filter(|c| c["entity"] == "member").collect();
    assert!(members.iter().any(|m| m["data"]["commune_id"] == tan_hong.as_str()));
    assert_eq!(members.len() as i64, app.scalar(&format!("SELECT COUNT(*) FROM members WHERE commune_id = '{tan_hong}'")).await);
    assert!(pulled["changes"].as_array().unwrap().iter().all(|c| c["entity"] != "scope"), "the marker never leaves the server");

    // The 2021 campaign goes on in the new commune: a police member of old Bình Phú is moved into
    // a branch of old Sa Rài, one commune now.
    let campaign = app.campaign("314-CV/TU").await;
    let police = app.text(&format!(
        "SELECT m.id FROM members m JOIN memberships s ON s.member_id = m.id AND s.to_date IS NULL JOIN branches b ON b.id = s.branch_id \
         WHERE b.commune_id IS NULL AND m.commune_id = '{tan_hong}' AND m.residence_id IN \
         (SELECT child_id FROM org_unit_links WHERE parent_id = '{binhphu}') LIMIT 1"
    ))
    .await;
    let khom1 = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    let body = push_body(
        &uuid::Uuid::now_v7().to_string(),
        &[
            (1, "plan.move_member", json!({ "campaign_id": campaign, "member_id": police, "target_branch_id": khom1 }), None),
            (
                2,
                "transfer.confirm",
                json!({ "campaign_id": campaign, "member_id": police, "effective_on": "2025-09-01", "letter_no": "3-GGT/ĐU" }),
                Some(1),
            ),
        ],
    );
    let reply = app.post_json("/api/sync/push", Some(&sarai_office), body).await.json();
    assert_eq!(reply["results"][1]["status"], "applied", "{reply}");
    let report = app.get("/bao-cao", Some(&province_board)).await.text;
    assert!(report.contains("đến nay đã chuyển 1/54 đồng chí"), "the second wave did not follow the move");

    // Every change audited: 5 events' own rows, and each branch, member and account moved.
    let moved = app.scalar("SELECT COUNT(*) FROM audit_log WHERE mutation IN ('unit.merge', 'unit.dissolve')").await;
    let members_moved = app.scalar("SELECT COUNT(*) FROM audit_log WHERE mutation = 'unit.merge' AND entity = 'member'").await;
    assert_eq!(members_moved, app.scalar("SELECT COUNT(*) FROM members").await);
    assert!(moved > members_moved + 47, "{moved}");
    assert!(app.scalar("SELECT COUNT(*) FROM audit_log").await > audited + moved);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tree_refuses_events_that_make_no_sense_and_writes_nothing() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let sarai = app.commune_id("Thị trấn Sa Rài").await;
    let binhphu = app.commune_id("Xã Bình Phú").await;
    let khom1 = app.text("SELECT id FROM org_units WHERE name = 'Khóm 1'").await;
    let changes = app.scalar("SELECT COUNT(*) FROM changes").await;
    let id = || uuid::Uuid::now_v7().to_string();
    let cases = [
        ("unit.merge", merge(&id(), vec![sarai.clone()], "Xã Mới", &sarai), "ít nhất hai đơn vị"),
        ("unit.merge", merge(&id(), vec![sarai.clone(), khom1.clone()], "Xã Mới", &sarai), "ít nhất hai đơn vị"),
        (
            "unit.merge",
            json!({ "unit_id": id(), "merge": {
            "sources": [sarai, binhphu], "type_code": "commune", "name": "Xã Mới", "on": "2099-01-01", "decision_no": "1" }}),
            "chưa đến",
        ),
        (
            "unit.merge",
            json!({ "unit_id": id(), "merge": {
            "sources": [sarai, binhphu], "type_code": "commune", "name": "xã tân hộ cơ", "on": "2025-07-01", "decision_no": "1" }}),
            "Đã có",
        ),
        (
            "unit.merge",
            json!({ "unit_id": id(), "merge": {
            "sources": [sarai, binhphu], "type_code": "commune", "name": "Xã Mới", "on": "2025-07-01", "decision_no": " " }}),
            "Chưa nhập",
        ),
        ("unit.rename", json!({ "unit_id": sarai, "name": "Xã Bình Phú", "on": "2024-01-01", "decision_no": "1" }), "Đã có"),
        ("unit.dissolve", json!({ "unit_id": sarai, "on": "2025-07-01", "decision_no": "1" }), "đơn vị tiếp nhận"),
        ("unit.dissolve", json!({ "unit_id": sarai, "on": "2025-07-01", "successor_id": khom1, "decision_no": "1" }), "cùng cấp"),
    ];
    // The tree is the administrator's: a commune office renames or dissolves nothing.
    let office = app.login("sarai").await;
    let rename = json!({ "unit_id": khom1, "name": "Khóm Một", "on": "2024-01-01", "decision_no": "1" });
    assert_eq!(push_on(&app, &office, "unit.rename", rename, Some(1)).await["reason"], "forbidden");
    let dissolve = json!({ "unit_id": khom1, "on": "2024-01-01", "decision_no": "1" });
    assert_eq!(push_on(&app, &office, "unit.dissolve", dissolve, Some(1)).await["reason"], "forbidden");
    for (name, args, says) in cases {
        let base = (name != "unit.merge").then_some(1);
        let reply = push_on(&app, &admin, name, args.clone(), base).await;
        assert_eq!(reply["reason"], "invalid", "{name} {args}: {reply}");
        assert!(reply["message"].as_str().unwrap().contains(says), "{name}: {reply}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, changes, "nothing written");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_events").await, 0);

    // A renaming: the tree of 2019 still says the old name.
    let renamed = push_on(
        &app,
        &admin,
        "unit.rename",
        json!({ "unit_id": khom1, "name": "Khóm Một", "on": "2024-01-01", "decision_no": "7/NQ" }),
        Some(1),
    )
    .await;
    assert_eq!(renamed["status"], "applied", "{renamed}");
    let page = app.get("/quan-tri/to-chuc?ngay=20/01/2019", Some(&admin)).await.text;
    let row = |name: &str| format!("\">{name}<!></th>");
    assert!(page.contains(&row("Khóm 1")) && !page.contains(&row("Khóm Một")), "the 2019 tree shows the old name");
    let page = app.get("/quan-tri/to-chuc", Some(&admin)).await.text;
    assert!(page.contains(&row("Khóm Một")), "today's tree shows the new name");
    // A secretary's branch renamed by the commune office; another commune's office may not.
    let branch = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    let other = app.login("binhphu").await;
    let rename = json!({ "branch_id": branch, "name": "Chi bộ Khóm Một" });
    assert_eq!(push(&app, &other, "branch.rename", rename.clone()).await["reason"], "forbidden");
    let body = push_body(&id(), &[(1, "branch.rename", rename, Some(1))]);
    let reply = app.post_json("/api/sync/push", Some(&office), body).await.json();
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    assert_eq!(app.text(&format!("SELECT name FROM branches WHERE id = '{branch}'")).await, "Chi bộ Khóm Một");
}
