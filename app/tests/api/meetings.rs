//! Meetings, notes and the report: the secretary's sheet through the mutation path, the
//! overview's kept figures following it, and the report written and exported from live data.

use axum::http::{StatusCode, header};
use serde_json::{Value, json};

use app::domain::date::Date;
use app::store::now_millis;

use crate::helpers::{TestApp, push_body};

async fn push(app: &TestApp, cookie: &str, mutations: &[(i64, &str, Value, Option<i64>)]) -> Value {
    app.post_json("/api/sync/push", Some(cookie), push_body(&uuid::Uuid::now_v7().to_string(), mutations)).await.json()
}

/// Khóm 1 of Sa Rài and its official members today.
async fn khom1(app: &TestApp) -> (String, Vec<String>) {
    let branch = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    let members: Vec<(String,)> = sqlx::query_as(
        "SELECT member_id FROM memberships WHERE branch_id = $1 AND kind = 'official' AND to_date IS NULL ORDER BY member_id",
    )
    .bind(&branch)
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    (branch, members.into_iter().map(|(m,)| m).collect())
}

/// A sheet where the first member is absent and the second contributed.
fn meeting(id: &str, branch: &str, members: &[String], date: Date, kind: &str) -> Value {
    let sheet: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(i, m)| json!({ "member_id": m, "presence": if i == 0 { "absent" } else { "present" }, "spoke": i == 1, "contributed": i == 1 }))
        .collect();
    json!({ "meeting_id": id, "meeting": { "branch_id": branch, "date": date, "kind": kind, "observer": "Đồng chí Trần Văn Bảy, Huyện ủy viên", "attendance": sheet } })
}

async fn sarai_figures(app: &TestApp) -> app::domain::report::CommuneFigures {
    let district = app.actor_of(&app.login("bantochuc").await).await;
    let overview = app::api::pages::overview::load(&app.db, &district).await.unwrap();
    overview.rows.into_iter().find(|r| r.commune_name == "Thị trấn Sa Rài").expect("Sa Rài")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretary_records_this_months_meeting_and_the_overview_follows() {
    let app = TestApp::new().await;
    let cookie = app.login("bithu.khom1").await;
    let (branch, members) = khom1(&app).await;
    let moved_present = app
        .scalar(&format!(
            "SELECT COUNT(DISTINCT member_id) FROM transfers WHERE member_id IN ({}) AND member_id <> '{}'",
            members.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(","),
            members[0]
        ))
        .await as u64;
    let before = sarai_figures(&app).await;
    let today = Date::from_unix_millis_vn(now_millis());
    let id = uuid::Uuid::now_v7().to_string();
    let reply = push(&app, &cookie, &[(1, "meeting.save", meeting(&id, &branch, &members, today, "regular"), None)]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM attendance WHERE meeting_id = '{id}'")).await, members.len() as i64);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'meeting' AND entity_id = '{id}'")).await, 1);

    // The overview's kept figures moved with the sheet, without being recomputed on reading.
    let after = sarai_figures(&app).await;
    assert!(after.attendance_rows > before.attendance_rows);
    assert_eq!(after.present - before.present, moved_present);

    // A second regular meeting in the month is refused; the same meeting is edited on its version;
    // someone outside the branch cannot be on the sheet; the date cannot be in the future.
    let second = meeting(&uuid::Uuid::now_v7().to_string(), &branch, &members, today, "regular");
    let mut stranger = meeting(&id, &branch, &members, today, "regular");
    let outsider = app
        .text(&format!(
            "SELECT id FROM members WHERE id NOT IN ({}) LIMIT 1",
            members.iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(",")
        ))
        .await;
    stranger["meeting"]["attendance"][0]["member_id"] = json!(outsider);
    let mut edited = meeting(&id, &branch, &members, today, "regular");
    edited["meeting"]["attendance"][0]["presence"] = json!("excused");
    let tomorrow = Date::from_days(today.to_days() + 1);
    let future = meeting(&uuid::Uuid::now_v7().to_string(), &branch, &members, tomorrow, "thematic");
    let reply = push(
        &app,
        &cookie,
        &[
            (1, "meeting.save", second, None),
            (2, "meeting.save", stranger, Some(1)),
            (3, "meeting.save", edited, Some(1)),
            (4, "meeting.save", future, None),
        ],
    )
    .await;
    let message = |i: usize| reply["results"][i]["message"].as_str().unwrap_or_default().to_string();
    assert!(message(0).contains("đã có buổi sinh hoạt định kỳ tháng"), "{reply}");
    assert_eq!(message(1), "Chỉ điểm danh đảng viên đang sinh hoạt chính thức tại chi bộ.");
    assert_eq!(reply["results"][2]["status"], "applied", "{reply}");
    assert!(message(3).contains("chưa diễn ra"), "{reply}");
    assert_eq!(app.scalar(&format!("SELECT version FROM meetings WHERE id = '{id}'")).await, 2);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM attendance WHERE meeting_id = '{id}' AND presence = 'excused'")).await, 1);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM attendance WHERE meeting_id = '{id}'")).await, members.len() as i64);

    // Another commune's staff may not record this branch's meeting.
    let other = app.login("anphuoc").await;
    let reply =
        push(&app, &other, &[(1, "meeting.save", meeting(&uuid::Uuid::now_v7().to_string(), &branch, &members, today, "thematic"), None)])
            .await;
    assert_eq!(reply["results"][0]["reason"], "forbidden", "{reply}");

    // The secretary commends a member; the note is on the member's page.
    let note = json!({ "note_id": uuid::Uuid::now_v7(), "note": { "member_id": members[1], "year": today.year(), "kind": "commendation", "text": "Tích cực góp ý xây dựng nghị quyết chi bộ" } });
    let reply = push(&app, &cookie, &[(1, "note.save", note, None)]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let page = app.get(&format!("/dang-vien/{}", members[1]), Some(&cookie)).await;
    assert!(page.text.contains("Tích cực góp ý xây dựng nghị quyết chi bộ"), "the note is not on the member page");

    // The branch page shows this month's meeting to the secretary.
    let page = app.get(&format!("/chi-bo/{branch}"), Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(&format!("Sinh hoạt tháng {:02}/{}", today.month(), today.year())), "no meeting section");
    assert!(page.text.contains("Lưu buổi sinh hoạt"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_is_written_from_live_data_and_exported() {
    let app = TestApp::new().await;
    let district = app.login("bantochuc").await;
    let page = app.get("/bao-cao", Some(&district)).await;
    assert!(
        page.text.contains(
            "đã giải thể 09/09 chi bộ cơ quan xã, thị trấn, chuyển 285 đảng viên là cán bộ, công chức, những người hoạt động \
             không chuyên trách xã, thị trấn về sinh hoạt đảng tại 38 chi bộ ấp, khóm"
        ),
        "the opening paragraph is not the report's"
    );
    assert!(page.text.contains("kết quả đến ngày 20/01/2019"));
    assert!(page.text.contains("các xã đang lập kế hoạch chuyển 54 đồng chí"));

    let csv = app.get("/api/report.csv", Some(&district)).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert!(csv.text.contains("Toàn huyện,09/09,285,38,0,0,285,54"), "{}", csv.text);
    let xlsx = app.get("/api/report.xlsx", Some(&district)).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    {
        use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
        let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx.bytes.clone())).expect("an XLSX workbook");
        assert_eq!(book.sheet_names().len(), 3, "three tables, three sheets");
        let first = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&first).expect("the first sheet");
        let total = range.rows().find(|r| r.first() == Some(&Data::String("Toàn huyện".into()))).expect("the total row");
        assert_eq!(total[1], Data::String("09/09".into()));
        assert_eq!(total[2], Data::Float(285.0), "numbers as numbers");
    }

    // The report is the district's.
    let commune = app.login("sarai").await;
    assert_eq!(app.get("/api/report.csv", Some(&commune)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/report.xlsx", None).await.status, StatusCode::UNAUTHORIZED);

    // One police member moved: the paragraph and the table say so at once.
    let member = app.police_of("Thị trấn Sa Rài").await;
    let campaign = app.campaign("314-CV/TU").await;
    let target = app.home_branch_of(&member).await;
    let reply = push(
        &app,
        &commune,
        &[
            (1, "plan.move_member", json!({ "campaign_id": campaign, "member_id": member, "target_branch_id": target }), None),
            (
                2,
                "transfer.confirm",
                json!({ "campaign_id": campaign, "member_id": member, "effective_on": "2021-09-01", "letter_no": "12-GGT/ĐU" }),
                Some(1),
            ),
        ],
    )
    .await;
    assert_eq!(reply["results"][1]["status"], "applied", "{reply}");
    let page = app.get("/bao-cao", Some(&district)).await;
    assert!(page.text.contains("đến nay đã chuyển 1/54 đồng chí"), "the second wave is not in the paragraph");
    let csv = app.get("/api/report.csv", Some(&district)).await;
    assert!(csv.text.contains("Toàn huyện,09/09,285,38,1,1,286,53"), "{}", csv.text);
}
