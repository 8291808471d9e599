//! Importing a commune's member list: an office's own workbook checked against the register
//! (nothing written until the changes are sent), the changes applied through `member.create`,
//! the same file again changing nothing, and no office reading another commune's register so.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use leptos::server_fn::ServerFn;
use rust_xlsxwriter::{Format, Workbook};
use serde_json::{Value, json};

use app::api::pages::PreviewImport;

use crate::helpers::{TestApp, push_body};

fn percent(text: &str) -> String {
    text.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

async fn preview(app: &TestApp, cookie: &str, commune: &str, file: &[u8], mapping: Value) -> (StatusCode, Value) {
    let data_url = format!("data:application/octet-stream;base64,{}", base64::engine::general_purpose::STANDARD.encode(file));
    let request = json!({ "data_url": data_url, "mapping": mapping, "hamlets": [] }).to_string();
    let body = format!("commune={commune}&request={}", percent(&request));
    let r = Request::post(PreviewImport::PATH)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let reply = app.send(r).await;
    (reply.status, serde_json::from_str(&reply.text).unwrap_or(Value::Null))
}

/// An office's list: its own column order and an unknown column, an Excel date, a text date, a
/// name typed decomposed, a member already on the register, a repeated card, an unknown hamlet.
fn office_list(existing: (&str, &str, &str, &str)) -> Vec<u8> {
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for (i, h) in
        ["Mã hồ sơ", "Họ và tên", "Giới tính", "Ngày sinh", "Số thẻ đảng viên", "Ngày vào Đảng", "Nơi cư trú", "Chức vụ"].iter().enumerate()
    {
        s.write_string(0, i as u16, *h).unwrap();
    }
    let rows = [
        ("Tra\u{0302}\u{0300}n Thi\u{0323} Thu\u{031B}\u{0309}", "Nữ", "99.000001", "Khóm 1"),
        (existing.0, existing.1, existing.2, existing.3),
        ("Lê Văn Lặp", "Nam", "99.000001", "Khóm 1"),
        ("Lê Văn Lạ", "Nam", "99.000002", "Khóm 9"),
    ];
    for (r, (name, gender, card, hamlet)) in rows.iter().enumerate() {
        let row = r as u32 + 1;
        s.write_string(row, 0, format!("HS-{r}")).unwrap();
        s.write_string(row, 1, *name).unwrap();
        s.write_string(row, 2, *gender).unwrap();
        s.write_number_with_format(row, 3, 32_000.0, &date).unwrap();
        s.write_string(row, 4, *card).unwrap();
        s.write_string(row, 5, "15/03/2015").unwrap();
        s.write_string(row, 6, *hamlet).unwrap();
        s.write_string(row, 7, "Công chức").unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offices_list_is_checked_then_applied_and_the_same_file_again_changes_nothing() {
    let app = TestApp::new().await;
    let commune = app.commune_id("Thị trấn Sa Rài").await;
    let office = app.login("sarai").await;
    // A civil servant already on the register, as the register has them (born 32,000 days after 30/12/1899).
    let (name, gender, card, hamlet): (String, String, String, String) = sqlx::query_as(&format!(
        "SELECT m.full_name, CASE m.gender WHEN 'male' THEN 'Nam' ELSE 'Nữ' END, m.party_card_no, u.name FROM members m \
         JOIN org_units u ON u.id = m.residence_id WHERE m.commune_id = '{commune}' AND m.job_category = 'civil_servant' LIMIT 1"
    ))
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    sqlx::query(&format!("UPDATE members SET birth_date = '1987-08-11', joined_on = '2015-03-15', status = 'probationary', field = 'administration', is_committee_member = FALSE, is_key_leader = FALSE WHERE party_card_no = '{card}'"))
        .execute(&app.db.pool)
        .await
        .unwrap();
    let file = office_list((&name, &gender, &card, &hamlet));
    let changes = app.scalar("SELECT COUNT(*) FROM changes").await;

    let (status, p) = preview(&app, &office, &commune, &file, json!([])).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["columns"][0], "", "an unknown column is not used");
    assert_eq!(p["missing"], json!([]));
    let lines = p["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["name"], "Trần Thị Thử", "the decomposed name arrives composed");
    assert_eq!(lines[0]["change"]["name"], "member.create");
    assert_eq!(lines[0]["change"]["args"]["member"]["birth_date"], "1987-08-11", "the Excel date");
    assert_eq!(lines[1]["unchanged"], true, "{}", lines[1]);
    assert!(lines[2]["errors"][0].as_str().unwrap().contains("đã có ở một dòng trên"));
    assert_eq!(lines[3]["errors"], json!(["Không có ấp, khóm «Khóm 9» trong xã; hãy chọn một."]));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, changes, "nothing is written by a preview");

    // The user maps the unknown column to the record number: the rows follow.
    let (_, mapped) = preview(&app, &office, &commune, &file, json!([[0, "record_no"]])).await;
    assert_eq!(mapped["lines"][0]["change"]["args"]["member"]["record_no"], "HS-0");

    // Confirmed: the planned changes go through member.create like any other.
    let planned: Vec<(i64, &str, Value, Option<i64>)> = lines
        .iter()
        .filter_map(|l| l["change"].as_object())
        .enumerate()
        .map(|(i, c)| (i as i64 + 1, c["name"].as_str().unwrap(), c["args"].clone(), c["base"].as_i64()))
        .collect();
    assert_eq!(planned.len(), 1);
    let reply = app.post_json("/api/sync/push", Some(&office), push_body(&uuid::Uuid::now_v7().to_string(), &planned)).await.json();
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM members WHERE full_name = 'Trần Thị Thử' AND party_card_no = '99.000001'").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE mutation = 'member.create' AND entity = 'member'").await, 1);

    // The same file again: nothing to send.
    let (_, again) = preview(&app, &office, &commune, &file, json!([])).await;
    let again = again["lines"].as_array().unwrap();
    assert!(again[0]["unchanged"].as_bool().unwrap() && again[1]["unchanged"].as_bool().unwrap(), "{again:?}");
    assert!(again.iter().all(|l| l["change"].is_null()));

    // Another commune's office, the province board: no import into Sa Rài.
    for user in ["binhphu", "bantochuc"] {
        let cookie = app.login(user).await;
        assert_eq!(preview(&app, &cookie, &commune, &file, json!([])).await.0, StatusCode::FORBIDDEN, "{user}");
    }
    let (status, refused) = preview(&app, &office, &commune, b"not a spreadsheet \xff", json!([])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{refused}");
}
