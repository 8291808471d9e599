//! A commune's member register: who reads it, its order, and its export, which imports back as
//! the same records (importing it again would change nothing).

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use app::domain::ids::{MemberId, UnitId};
use app::domain::import::{Cell, Known, Place, map_columns, missing, read_rows};
use app::domain::member::MemberDraft;
use app::domain::text::compare_names;

use crate::helpers::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_lists_the_communes_members_by_given_name_and_exports_them_as_they_import() {
    let app = TestApp::new().await;
    let commune = app.commune_id("Thị trấn Sa Rài").await;
    let office = app.login("sarai").await;
    let page = app.get(&format!("/xa/{commune}/dang-vien"), Some(&office)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Danh sách đảng viên — Thị trấn Sa Rài"));
    let count = app.scalar(&format!("SELECT COUNT(*) FROM members WHERE commune_id = '{commune}'")).await;
    assert!(page.text.contains(&format!("{count} đảng viên")), "every member is counted");
    for (user, status) in [
        ("bantochuc", StatusCode::OK),
        ("quantri", StatusCode::OK),
        ("binhphu", StatusCode::FORBIDDEN),
        ("bithu.khom1", StatusCode::FORBIDDEN),
    ] {
        let cookie = app.login(user).await;
        assert_eq!(app.get(&format!("/xa/{commune}/dang-vien"), Some(&cookie)).await.status, status, "{user}");
        assert_eq!(app.get(&format!("/api/members.xlsx?xa={commune}"), Some(&cookie)).await.status, status, "{user}");
    }

    let reply = app.get(&format!("/api/members.xlsx?xa={commune}"), Some(&office)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(reply.bytes.clone())).expect("a workbook");
    let range = book.worksheet_range_at(0).expect("a sheet").expect("readable");
    let mut rows = range.rows();
    let headers: Vec<String> = rows.next().unwrap().iter().map(ToString::to_string).collect();
    let map = map_columns(&headers, &[]);
    assert!(missing(&map).is_empty());
    let cells: Vec<Vec<Cell>> = rows
        .map(|r| {
            r.iter()
                .map(|d| match d {
                    Data::String(s) => Cell::Text(s.clone()),
                    Data::Empty => Cell::Empty,
                    other => Cell::Text(other.to_string()),
                })
                .collect()
        })
        .collect();
    assert_eq!(cells.len() as i64, count);
    let names: Vec<String> = cells.iter().map(|r| r[0].text()).collect();
    assert!(names.windows(2).all(|w| compare_names(&w[0], &w[1]).is_le()), "in Vietnamese order by given name");

    // Read back against the register: every row is a member already there, unchanged.
    let hamlets: Vec<(String, String)> = sqlx::query_as(&format!(
        "SELECT u.id, u.name FROM org_units u JOIN org_unit_links l ON l.child_id = u.id WHERE l.parent_id = '{commune}'"
    ))
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    let places: Vec<Place> = hamlets.into_iter().map(|(id, name)| Place { id: UnitId::parse(&id).unwrap(), name }).collect();
    let members = app::store::members::of_commune(&mut app.db.pool.acquire().await.unwrap(), UnitId::parse(&commune)).await.unwrap();
    let known: Vec<Known> =
        members.iter().map(|m| Known { id: m.id, party_card_no: m.party_card_no.clone(), record_no: m.record_no.clone() }).collect();
    let read = read_rows(&cells, &map, UnitId::parse(&commune).unwrap(), &places, &known, &[]);
    for row in &read {
        assert_eq!(row.errors, Vec::<String>::new(), "row {}", row.line);
        let id: MemberId = row.existing.expect("matched to the register");
        let member = members.iter().find(|m| m.id == id).unwrap();
        assert_eq!(row.draft.as_ref(), Some(&MemberDraft::from(member)), "row {} would change nothing", row.line);
    }
}
