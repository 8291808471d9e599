//! Setting up the organisation from the browser: the administrator adds units (`unit.create`),
//! the administrator or a commune's office founds branches (`branch.create`); refusals explain
//! themselves and write nothing; the tree is read as of a date.

use axum::http::{StatusCode, header};
use leptos::server_fn::ServerFn;

use app::api::pages::GetOrg;
use serde_json::{Value, json};

use crate::helpers::{TestApp, push_body};

/// Pushes one mutation from a new device; the outcome.
async fn push(app: &TestApp, cookie: &str, name: &str, args: Value) -> Value {
    let body = push_body(&uuid::Uuid::now_v7().to_string(), &[(1, name, args, None)]);
    let reply = app.post_json("/api/sync/push", Some(cookie), body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()["results"][0].clone()
}

fn unit(id: &str, type_code: &str, name: &str, parent: Option<&str>, from: &str) -> Value {
    json!({ "unit_id": id, "type_code": type_code, "name": name, "parent_id": parent, "valid_from": from, "decision_no": "12-QĐ/TU" })
}

fn branch(id: &str, kind: &str, unit: &str, name: &str) -> Value {
    json!({ "branch_id": id, "name": name, "kind": kind, "unit_id": unit, "founded_on": "2026-02-01", "decision_no": "05-QĐ/ĐU" })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_adds_units_and_a_commune_office_founds_branches_in_its_own_commune() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let sarai_office = app.login("sarai").await;
    let district = app.text("SELECT id FROM org_units WHERE type_code = 'district'").await;
    let sarai = app.commune_id("Thị trấn Sa Rài").await;
    let (commune, hamlet, quarter) = (uuid::Uuid::now_v7().to_string(), uuid::Uuid::now_v7().to_string(), uuid::Uuid::now_v7().to_string());
    let pulled = app.scalar("SELECT COALESCE(MAX(seq), 0) FROM changes").await;

    assert_eq!(
        push(&app, &admin, "unit.create", unit(&commune, "commune", "Xã Tân Hòa", Some(&district), "2026-01-01")).await["status"],
        "applied"
    );
    assert_eq!(
        push(&app, &admin, "unit.create", unit(&hamlet, "hamlet", "Ấp Hòa Bình", Some(&commune), "2026-01-01")).await["status"],
        "applied"
    );
    assert_eq!(
        push(&app, &admin, "unit.create", unit(&quarter, "quarter", "Khóm 6", Some(&sarai), "2026-01-01")).await["status"],
        "applied"
    );
    assert_eq!(app.text(&format!("SELECT decision_no FROM org_units WHERE id = '{commune}'")).await, "12-QĐ/TU");

    // The administrator founds the new hamlet's branch; Sa Rài's office founds one in Sa Rài only.
    let b1 = uuid::Uuid::now_v7().to_string();
    assert_eq!(push(&app, &admin, "branch.create", branch(&b1, "residential", &hamlet, "Chi bộ Ấp Hòa Bình")).await["status"], "applied");
    let elsewhere =
        push(&app, &sarai_office, "branch.create", branch(&uuid::Uuid::now_v7().to_string(), "agency", &commune, "Chi bộ Cơ quan")).await;
    assert_eq!(elsewhere["reason"], "forbidden");
    let b2 = uuid::Uuid::now_v7().to_string();
    assert_eq!(
        push(&app, &sarai_office, "branch.create", branch(&b2, "residential", &quarter, "Chi bộ Khóm 6")).await["status"],
        "applied"
    );
    let (kind, commune_of, hamlet_of, founded): (String, String, String, String) =
        sqlx::query_as(&format!("SELECT kind, commune_id, hamlet_id, founded_on FROM branches WHERE id = '{b2}'"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!(
        (kind.as_str(), commune_of.as_str(), hamlet_of.as_str(), founded.as_str()),
        ("residential", sarai.as_str(), quarter.as_str(), "2026-02-01")
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM audit_log WHERE mutation IN ('unit.create', 'branch.create')").await, 5);

    // Sa Rài's devices pull the new quarter and its branch, not the other commune's.
    let reply = app.get(&format!("/api/sync/pull?since={pulled}"), Some(&sarai_office)).await;
    let ids: Vec<String> = reply.json()["changes"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
    assert!(ids.contains(&quarter) && ids.contains(&b2), "{ids:?}");
    assert!(!ids.contains(&commune) && !ids.contains(&hamlet) && !ids.contains(&b1), "{ids:?}");

    // The tree today shows the new units and branches; as of 20/01/2019 it does not.
    let today = app.get("/quan-tri/to-chuc", Some(&admin)).await;
    assert_eq!(today.status, StatusCode::OK);
    let tree = |as_of: &str| {
        let body = format!("as_of={}", as_of.replace('/', "%2F"));
        let request = axum::http::Request::post(GetOrg::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, admin.as_str())
            .body(axum::body::Body::from(body))
            .unwrap();
        async { app.send(request).await.json() }
    };
    let now = tree("").await;
    let names = |v: &Value| -> Vec<String> {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|n| {
                let mut all = vec![n["name"].as_str().unwrap().to_string()];
                all.extend(n["branches"].as_array().unwrap().iter().map(|b| b.as_str().unwrap().to_string()));
                all
            })
            .collect()
    };
    for name in ["Xã Tân Hòa", "Ấp Hòa Bình", "Chi bộ Ấp Hòa Bình", "Khóm 6", "Chi bộ Khóm 6"] {
        assert!(names(&now).iter().any(|n| n == name), "{name}");
    }
    let hoa = now["nodes"].as_array().unwrap().iter().find(|n| n["name"] == "Xã Tân Hòa").unwrap().clone();
    assert_eq!(
        (hoa["depth"].as_i64(), hoa["valid"].as_str(), hoa["decision"].as_str()),
        (Some(1), Some("từ 01/01/2026"), Some("12-QĐ/TU"))
    );
    let then = tree("20/01/2019").await;
    assert_eq!(then["as_of"], "20/01/2019");
    let then = names(&then);
    assert!(then.iter().any(|n| n == "Thị trấn Sa Rài") && then.iter().any(|n| n == "Chi bộ Khóm 1"));
    assert!(!then.iter().any(|n| n == "Xã Tân Hòa" || n == "Khóm 6" || n == "Chi bộ Khóm 6"), "{then:?}");
    // The agency branches dissolved on 20/01/2019 existed the day before, not from that day.
    assert!(!then.iter().any(|n| n.starts_with("Chi bộ Cơ quan")), "{then:?}");
    let before = names(&tree("19/01/2019").await);
    assert_eq!(before.iter().filter(|n| n.starts_with("Chi bộ Cơ quan")).count(), 9, "{before:?}");
    assert_eq!(app.get("/quan-tri/to-chuc?ngay=31/02/2019", Some(&admin)).await.status, StatusCode::BAD_REQUEST);
    assert_eq!(app.get("/quan-tri/to-chuc", Some(&sarai_office)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_set_up_changes_say_why_and_write_nothing() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let district = app.text("SELECT id FROM org_units WHERE type_code = 'district'").await;
    let sarai = app.commune_id("Thị trấn Sa Rài").await;
    let khom1 = app.text("SELECT id FROM org_units WHERE name = 'Khóm 1'").await;
    let units = app.scalar("SELECT COUNT(*) FROM org_units").await;
    let branches = app.scalar("SELECT COUNT(*) FROM branches").await;
    let new = || uuid::Uuid::now_v7().to_string();
    for who in ["sarai", "bantochuc", "bithu.khom1"] {
        let cookie = app.login(who).await;
        let outcome = push(&app, &cookie, "unit.create", unit(&new(), "hamlet", "Ấp Mới", Some(&sarai), "2026-01-01")).await;
        assert_eq!(outcome["reason"], "forbidden", "{who}");
    }
    for (args, says) in [
        (unit(&new(), "hamlet", "KHÓM  1", Some(&sarai), "2026-01-01"), "Đã có «KHÓM 1» cùng cấp"),
        (unit(&new(), "hamlet", "Ấp Mới", Some(&district), "2026-01-01"), "phải thuộc một đơn vị cấp trên trực tiếp"),
        (unit(&new(), "commune", "Xã Mới", Some(&district), "1990-01-01"), "phải thuộc một đơn vị cấp trên trực tiếp"),
        (unit(&new(), "district", "Huyện Mới", Some(&district), "2026-01-01"), "Đơn vị cấp cao nhất không thuộc đơn vị nào."),
        (unit(&new(), "county", "X", None, "2026-01-01"), "Loại đơn vị «county»"),
        (
            json!({ "unit_id": new(), "type_code": "hamlet", "name": "Ấp Mới", "parent_id": sarai, "valid_from": "2026-01-01", "decision_no": " " }),
            "Chưa nhập số quyết định thành lập",
        ),
    ] {
        let outcome = push(&app, &admin, "unit.create", args).await;
        assert_eq!(outcome["reason"], "invalid", "{outcome}");
        assert!(outcome["message"].as_str().unwrap().contains(says), "{outcome}");
    }
    for (args, says) in [
        (branch(&new(), "residential", &khom1, "Chi bộ Khóm 1 B"), "đã có chi bộ đang hoạt động"),
        (branch(&new(), "agency", &khom1, "Chi bộ Cơ quan"), "Chi bộ cơ quan thuộc một xã"),
        (branch(&new(), "residential", &sarai, "Chi bộ X"), "Chi bộ cơ quan thuộc một xã"),
    ] {
        let outcome = push(&app, &admin, "branch.create", args).await;
        assert_eq!(outcome["reason"], "invalid", "{outcome}");
        assert!(outcome["message"].as_str().unwrap().contains(says), "{outcome}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM org_units").await, units);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM branches").await, branches);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_opens_and_closes_a_campaign_that_every_commune_pulls() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let sarai = app.login("sarai").await;
    let pulled = app.scalar("SELECT COALESCE(MAX(seq), 0) FROM changes").await;
    let id = uuid::Uuid::now_v7().to_string();
    let campaign = |code: &str, groups: Value| {
        json!({ "campaign_id": uuid::Uuid::now_v7(), "campaign": { "code": code, "title": "Chuyển sinh hoạt cán bộ, công chức xã",
            "basis_date": "2026-03-01", "issuer": "Ban Tổ chức Tỉnh ủy", "job_categories": groups, "deadline": "2026-06-30" } })
    };
    let mut args = campaign("05-HD/BTCTU", json!(["official", "civil_servant"]));
    args["campaign_id"] = json!(id);
    for who in [&sarai, &app.login("bantochuc").await] {
        assert_eq!(push(&app, who, "campaign.create", args.clone()).await["reason"], "forbidden");
    }
    assert_eq!(push(&app, &admin, "campaign.create", args).await["status"], "applied");
    for (args, says) in [
        (campaign("21-hd/btctu", json!(["official"])), "Đã có đợt chuyển theo văn bản số «21-hd/btctu»."),
        (campaign("06-HD/BTCTU", json!([])), "Chưa nhập đối tượng của đợt chuyển"),
    ] {
        let outcome = push(&app, &admin, "campaign.create", args).await;
        assert_eq!(outcome["reason"], "invalid", "{outcome}");
        assert!(outcome["message"].as_str().unwrap().contains(says), "{outcome}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM campaigns").await, 3, "the two of the demo data and this one");

    // Every commune's devices pull it; the commune page links its board.
    let reply = app.get(&format!("/api/sync/pull?since={pulled}"), Some(&sarai)).await;
    assert!(reply.json()["changes"].as_array().unwrap().iter().any(|c| c["entity"] == "campaign" && c["id"] == id.as_str()));
    let commune = app.get(&format!("/xa/{}", app.commune_id("Thị trấn Sa Rài").await), Some(&sarai)).await;
    assert!(commune.text.contains("Bảng phân công 05-HD/BTCTU"));

    // Closed once, on the version seen; its plans no longer change.
    let close =
        |base: Option<i64>| push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "campaign.close", json!({ "campaign_id": id }), base)]);
    let reply = app.post_json("/api/sync/push", Some(&admin), close(Some(1))).await.json();
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let reply = app.post_json("/api/sync/push", Some(&admin), close(Some(2))).await.json();
    assert!(reply["results"][0]["message"].as_str().unwrap().contains("đã kết thúc"), "{reply}");
    let member = app
        .text(
            "SELECT m.id FROM members m JOIN org_units u ON u.id = m.commune_id \
             WHERE u.name = 'Thị trấn Sa Rài' AND m.job_category = 'official' LIMIT 1",
        )
        .await;
    let home = app.home_branch_of(&member).await;
    let moved = push(&app, &sarai, "plan.move_member", json!({ "campaign_id": id, "member_id": member, "target_branch_id": home })).await;
    assert_eq!(moved["reason"], "invalid", "{moved}");
    assert_eq!(moved["message"], "Đợt chuyển 05-HD/BTCTU đã kết thúc, không thể thay đổi kế hoạch.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrators_home_says_what_is_set_up_and_is_theirs_alone() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let page = app.get("/quan-tri", Some(&admin)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Tổ chức đã sẵn sàng"), "the demo organisation is set up");
    assert!(page.text.contains("9 xã, phường, thị trấn, 38 ấp, khóm"), "the units are counted");
    assert!(!page.text.contains("Bước tiếp theo"));
    // Once the only open campaign is closed, the campaign is the next step.
    let campaign = app.campaign("314-CV/TU").await;
    let body =
        crate::helpers::push_body(&uuid::Uuid::now_v7().to_string(), &[(1, "campaign.close", json!({ "campaign_id": campaign }), Some(1))]);
    let reply = app.post_json("/api/sync/push", Some(&admin), body).await.json();
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let page = app.get("/quan-tri", Some(&admin)).await;
    assert!(page.text.contains("Bước tiếp theo"), "{}", page.text);
    assert!(page.text.contains("0 đợt chuyển đang thực hiện."));
    for user in ["bantochuc", "sarai", "bithu.khom1"] {
        let cookie = app.login(user).await;
        assert_eq!(app.get("/quan-tri", Some(&cookie)).await.status, StatusCode::FORBIDDEN, "{user}");
    }
    assert_eq!(app.get("/quan-tri", None).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_for_some_communes_reaches_only_them_and_follows_them_into_a_merge() {
    let app = TestApp::new().await;
    let admin = app.login("quantri").await;
    let (sarai, binhphu) = (app.commune_id("Thị trấn Sa Rài").await, app.commune_id("Xã Bình Phú").await);
    let pulled = app.scalar("SELECT COALESCE(MAX(seq), 0) FROM changes").await;
    let campaign = uuid::Uuid::now_v7().to_string();
    let draft = json!({ "campaign_id": campaign, "campaign": { "code": "07-HD/BTCTU", "title": "Chuyển sinh hoạt cán bộ", "basis_date": "2025-09-01",
        "issuer": "Ban Tổ chức Tỉnh ủy", "job_categories": ["official"], "deadline": null, "dissolves_agency_branches": false,
        "communes": [sarai] } });
    assert_eq!(push(&app, &admin, "campaign.create", draft).await["status"], "applied");
    let gone = json!({ "campaign_id": uuid::Uuid::now_v7(), "campaign": { "code": "08-HD", "title": "x", "basis_date": "2025-09-01",
        "issuer": "y", "job_categories": ["official"], "communes": [uuid::Uuid::now_v7()] } });
    let refused = push(&app, &admin, "campaign.create", gone).await;
    assert!(refused["message"].as_str().unwrap().contains("đang còn hiệu lực"), "{refused}");

    // Sa Rài's office pulls it and has its board; Bình Phú's does not.
    let (sarai_office, binhphu_office) = (app.login("sarai").await, app.login("binhphu").await);
    let ids = |reply: crate::helpers::Reply| -> Vec<String> {
        reply.json()["changes"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect()
    };
    assert!(ids(app.get(&format!("/api/sync/pull?since={pulled}"), Some(&sarai_office)).await).contains(&campaign));
    assert!(!ids(app.get(&format!("/api/sync/pull?since={pulled}"), Some(&binhphu_office)).await).contains(&campaign));
    assert!(!ids(app.get("/api/sync/pull?since=0", Some(&binhphu_office)).await).contains(&campaign), "nor in a snapshot");
    let board = |commune: &str| format!("/xa/{commune}/ke-hoach/{campaign}");
    assert_eq!(app.get(&board(&sarai), Some(&sarai_office)).await.status, StatusCode::OK);
    assert_eq!(app.get(&board(&binhphu), Some(&binhphu_office)).await.status, StatusCode::NOT_FOUND);
    let official = app.text(&format!("SELECT id FROM members WHERE commune_id = '{binhphu}' AND job_category = 'official' LIMIT 1")).await;
    let target = app.home_branch_of(&official).await;
    let moved = push(
        &app,
        &binhphu_office,
        "plan.move_member",
        json!({ "campaign_id": campaign, "member_id": official, "target_branch_id": target }),
    )
    .await;
    assert_eq!(moved["reason"], "invalid", "a member of a commune the campaign does not name: {moved}");

    // Merged with Bình Phú, Sa Rài's place in the campaign goes to the new commune.
    let new = uuid::Uuid::now_v7().to_string();
    let merge = json!({ "unit_id": new, "merge": { "sources": [sarai, binhphu], "type_code": "commune", "name": "Xã Sa Rài Bình Phú",
        "on": "2025-07-01", "decision_no": "1663/NQ-UBTVQH15" } });
    assert_eq!(push(&app, &admin, "unit.merge", merge).await["status"], "applied");
    let communes = app.text(&format!("SELECT communes FROM campaigns WHERE id = '{campaign}'")).await;
    assert_eq!(communes, format!("[\"{new}\"]"));
    assert_eq!(app.get(&board(&new), Some(&binhphu_office)).await.status, StatusCode::OK, "Bình Phú's office now works in the new commune");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branch_page_names_its_secretary_and_the_administrator_may_name_one() {
    let app = TestApp::new().await;
    let branch = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    let admin = app.login("quantri").await;
    let page = app.get(&format!("/chi-bo/{branch}"), Some(&admin)).await;
    assert!(page.text.contains("Võ Văn Lâm (bithu.khom1)"), "the demo secretary is named");
    assert!(page.text.contains(&format!("/quan-tri/tai-khoan?chi-bo={branch}")), "the administrator may name another");
    let office = app.login("sarai").await;
    let page = app.get(&format!("/chi-bo/{branch}"), Some(&office)).await;
    assert!(page.text.contains("Võ Văn Lâm (bithu.khom1)") && !page.text.contains("Tạo tài khoản bí thư chi bộ"));
    let other = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 2'").await;
    assert!(app.get(&format!("/chi-bo/{other}"), Some(&office)).await.text.contains("chưa có tài khoản."), "no secretary yet");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_member_list_template_is_a_workbook_with_every_recognised_header() {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    let app = TestApp::new().await;
    assert_eq!(app.get("/api/members/template.xlsx", None).await.status, StatusCode::UNAUTHORIZED);
    let office = app.login("sarai").await;
    let reply = app.get("/api/members/template.xlsx", Some(&office)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(reply.bytes.clone())).expect("a workbook");
    assert_eq!(book.sheet_names(), vec!["Danh sách đảng viên", "Hướng dẫn"]);
    let range = book.worksheet_range("Danh sách đảng viên").expect("the list sheet");
    let headers: Vec<String> = range.rows().next().unwrap().iter().map(ToString::to_string).collect();
    let map = app::domain::import::map_columns(&headers, &[]);
    assert!(app::domain::import::missing(&map).is_empty(), "{headers:?}");
}
