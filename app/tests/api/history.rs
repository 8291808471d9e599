//! The change history: each change in words on the member's page and the history page, its
//! filters and export, and that it never shows a change outside the reader's scope.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, push_body};

async fn push(app: &TestApp, cookie: &str, mutations: &[(i64, &str, Value, Option<i64>)]) -> Value {
    app.post_json("/api/sync/push", Some(cookie), push_body(&uuid::Uuid::now_v7().to_string(), mutations)).await.json()
}

/// A member of Sa Rài whose official branch is `branch` (its name).
async fn member_of(app: &TestApp, branch: &str) -> (String, String, String) {
    let branch_id = app.text(&format!("SELECT id FROM branches WHERE name = '{branch}'")).await;
    let member = app
        .text(&format!(
            "SELECT member_id FROM memberships WHERE branch_id = '{branch_id}' AND kind = 'official' AND to_date IS NULL ORDER BY member_id LIMIT 1"
        ))
        .await;
    let name = app.text(&format!("SELECT full_name FROM members WHERE id = '{member}'")).await;
    (member, branch_id, name)
}

fn task(id: &str, member: &str, branch: &str, text: &str, status: &str) -> Value {
    json!({
        "task_id": id,
        "task": { "member_id": member, "branch_id": branch, "year": 2026, "field": "administration", "text": text,
                  "due": "2026-12-15", "status": status, "result": "" }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_reads_in_words_for_its_scope_and_nowhere_else() {
    let app = TestApp::new().await;
    let office = app.login("sarai").await;
    let (member, khom1, name) = member_of(&app, "Chi bộ Khóm 1").await;
    let (other, khom2, _) = member_of(&app, "Chi bộ Khóm 2").await;
    let id = uuid::Uuid::now_v7().to_string();
    let text = "Phụ trách tổ nhân dân tự quản số 3";
    let reply = push(&app, &office, &[(1, "task.save", task(&id, &member, &khom1, text, "assigned"), None)]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let mut done = task(&id, &member, &khom1, text, "done");
    done["task"]["result"] = json!("Đã lập danh sách 42 hộ");
    let reply = push(&app, &office, &[(1, "task.save", done, Some(1))]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let elsewhere = "Theo dõi khu dân cư Khóm 2";
    let reply =
        push(&app, &office, &[(1, "task.save", task(&uuid::Uuid::now_v7().to_string(), &other, &khom2, elsewhere, "assigned"), None)])
            .await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");

    // The member's page: the change in words, with the office's name; never a code.
    let page = app.get(&format!("/dang-vien/{member}"), Some(&office)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Lịch sử thay đổi"));
    assert!(page.text.contains("Tình trạng: Đã giao → Hoàn thành"), "the edit, field by field");
    assert!(page.text.contains("Kết quả: — → Đã lập danh sách 42 hộ"));
    assert!(page.text.contains(&format!("Nhiệm vụ của {name}")));
    assert!(page.text.contains("Lê Thị Ngọc Hân"), "who made it");
    assert!(page.text.contains(&format!("Nhiệm vụ: {text}")), "the new task's fields");
    assert!(!page.text.contains("Tình trạng: done") && !page.text.contains("Lĩnh vực: administration"));

    // The history page of the commune's office holds both tasks; filtered by kind and days.
    let all = app.get("/lich-su", Some(&office)).await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.text.contains(text) && all.text.contains(elsewhere));
    assert!(app.get("/lich-su?loai=member", Some(&office)).await.text.contains("Không có thay đổi nào."));
    let today = app::store::today();
    let tomorrow = app::domain::date::Date::from_days(today.to_days() + 1).to_vn();
    assert!(app.get(&format!("/lich-su?tu={tomorrow}"), Some(&office)).await.text.contains("Không có thay đổi nào."));
    let today_only = app.get(&format!("/lich-su?tu={}&den={}&loai=task", today.to_vn(), today.to_vn()), Some(&office)).await;
    assert!(today_only.text.contains("3 thay đổi"), "three task changes today");
    let wrong = app.get("/lich-su?tu=32/01/2019", Some(&office)).await;
    assert_eq!(wrong.status, StatusCode::OK, "a wrong day is the reader's mistake, said on the page");
    assert!(wrong.text.contains("Từ ngày:"));
    assert_eq!(app.get("/api/history.csv?tu=32/01/2019", Some(&office)).await.status, StatusCode::BAD_REQUEST);

    // The export: the same rows as words, UTF-8 with its mark.
    let csv = app.get("/api/history.csv?loai=task", Some(&office)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let body = String::from_utf8(csv.bytes.clone()).unwrap();
    assert!(body.starts_with('\u{feff}'));
    assert!(body.contains("Tình trạng: Đã giao → Hoàn thành") && body.contains(elsewhere));

    // Khóm 1's secretary sees Khóm 1's change, not Khóm 2's.
    let secretary = app.login("bithu.khom1").await;
    let theirs = app.get("/lich-su", Some(&secretary)).await;
    assert!(theirs.text.contains(text) && !theirs.text.contains(elsewhere));
    assert!(!String::from_utf8(app.get("/api/history.csv", Some(&secretary)).await.bytes).unwrap().contains(elsewhere));
    assert_eq!(app.get(&format!("/lich-su?dang-vien={other}"), Some(&secretary)).await.status, StatusCode::FORBIDDEN);

    // Another commune's office sees none of it, not even through the member's or the branch's filter.
    let binhphu = app.login("binhphu").await;
    let theirs = app.get("/lich-su", Some(&binhphu)).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(!theirs.text.contains(text) && !theirs.text.contains(elsewhere));
    assert!(!String::from_utf8(app.get("/api/history.csv", Some(&binhphu)).await.bytes).unwrap().contains(text));
    for path in [format!("/lich-su?dang-vien={member}"), format!("/lich-su?chi-bo={khom1}"), format!("/api/history.csv?dang-vien={member}")]
    {
        assert_eq!(app.get(&path, Some(&binhphu)).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    // The province board and administrators see everything.
    for user in ["bantochuc", "quantri"] {
        let cookie = app.login(user).await;
        let page = app.get("/lich-su?loai=task", Some(&cookie)).await;
        assert!(page.text.contains(text) && page.text.contains(elsewhere), "{user}");
    }
    assert_eq!(app.get("/lich-su", None).await.status, StatusCode::SEE_OTHER, "signed-out readers go to the sign-in page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_history_comes_a_page_at_a_time() {
    let app = TestApp::new().await;
    let office = app.login("sarai").await;
    let (member, khom1, _) = member_of(&app, "Chi bộ Khóm 1").await;
    let mutations: Vec<(i64, &str, Value, Option<i64>)> = (1..=55)
        .map(|i| {
            (i, "task.save", task(&uuid::Uuid::now_v7().to_string(), &member, &khom1, &format!("Nhiệm vụ số {i:02}"), "assigned"), None)
        })
        .collect();
    let reply = push(&app, &office, &mutations).await;
    assert!(reply["results"].as_array().unwrap().iter().all(|r| r["status"] == "applied"), "{reply}");
    let first = app.get(&format!("/lich-su?dang-vien={member}"), Some(&office)).await;
    assert!(first.text.contains("55 thay đổi — trang 1/2"));
    assert!(first.text.contains("Nhiệm vụ số 55") && !first.text.contains("Nhiệm vụ số 05<"), "newest first");
    assert!(first.text.contains("trang=2"), "a link to the next page");
    let second = app.get(&format!("/lich-su?dang-vien={member}&trang=2"), Some(&office)).await;
    assert!(second.text.contains("trang 2/2") && second.text.contains("Nhiệm vụ số 01"));
    assert!(!second.text.contains("Nhiệm vụ số 55"));
    let page = app.get(&format!("/dang-vien/{member}"), Some(&office)).await;
    assert!(page.text.contains("Xem toàn bộ 55 thay đổi"), "the member's page shows the latest and links to all");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_merge_the_new_communes_offices_read_the_old_communes_history() {
    let app = TestApp::new().await;
    let office = app.login("sarai").await;
    let (member, khom1, _) = member_of(&app, "Chi bộ Khóm 1").await;
    let text = "Việc giao trước khi hợp nhất";
    let reply =
        push(&app, &office, &[(1, "task.save", task(&uuid::Uuid::now_v7().to_string(), &member, &khom1, text, "assigned"), None)]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let binhphu = app.login("binhphu").await;
    assert!(!app.get("/lich-su", Some(&binhphu)).await.text.contains(text), "Bình Phú's office does not read Sa Rài's history");

    let admin = app.login("quantri").await;
    crate::reform::reform(&app, &admin).await;
    // Bình Phú's office is now Xã Tân Hồng's: Sa Rài's history is its commune's history.
    assert!(app.get("/lich-su?loai=task", Some(&binhphu)).await.text.contains(text), "the merged commune's history follows it");
    let page = app.get("/lich-su", Some(&binhphu)).await;
    assert!(page.text.contains("Hợp nhất đơn vị") && page.text.contains("Xã Tân Hồng"), "and the merge itself, newest first");
    let thongbinh = app.login("thongbinh").await;
    assert!(!app.get("/lich-su?loai=task", Some(&thongbinh)).await.text.contains(text), "Xã Tân Thành's office does not");
    // The administrator reads the old unit's end in words.
    let sarai_unit = app.text("SELECT id FROM org_units WHERE name = 'Thị trấn Sa Rài'").await;
    let unit = app.get(&format!("/lich-su?don-vi={sarai_unit}"), Some(&admin)).await;
    assert!(unit.text.contains("Đến ngày: — → 30/06/2025") && unit.text.contains("Hợp nhất vào: — → Xã Tân Hồng"), "{}", unit.text.len());
    assert_eq!(app.get(&format!("/lich-su?don-vi={sarai_unit}"), Some(&binhphu)).await.status, StatusCode::FORBIDDEN);
}
