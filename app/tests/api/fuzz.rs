//! Fuzzing the input edge: generated requests — arbitrary bytes and JSON, and valid requests with
//! fields dropped, retyped, mutated or oversized — through the push endpoint, every mutation's
//! arguments, and the server functions. Never a panic, never a 500; a refusal always says why in
//! words; a refused change writes nothing. `FUZZ_CASES` cases (5,000 in `make test`, 100,000 in
//! `make bench`).

use axum::body::Body;
use axum::http::{Request, header};
use leptos::server_fn::ServerFn;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};

use crate::helpers::{TestApp, push_body};

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(5_000)
}

/// Any JSON value, nested a little.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e12f64..1e12).prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
        Just(json!(uuid::Uuid::now_v7())),
        Just(json!("2026-02-30")),
        Just(json!("31/12/2025")),
        Just(json!("x".repeat(70_000))),
        Just(json!("\u{0}\u{1b}[2J\u{202e}")),
    ];
    leaf.prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,14}", inner), 0..4).prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A change to one field of a request.
#[derive(Clone, Debug)]
enum Edit {
    Drop,
    Replace(Value),
}

fn edits() -> impl Strategy<Value = Vec<(usize, usize, Edit)>> {
    let edit = prop_oneof![1 => Just(Edit::Drop), 3 => any_json().prop_map(Edit::Replace)];
    prop::collection::vec((0..20usize, 0..20usize, edit), 0..4)
}

/// Applies edits to an object: `(i, j, edit)` edits its i-th field, or the j-th field of the
/// i-th field when that is an object.
fn apply(value: &mut Value, edits: &[(usize, usize, Edit)]) {
    for (i, j, edit) in edits {
        let Some(obj) = value.as_object_mut() else { return };
        let keys: Vec<String> = obj.keys().cloned().collect();
        let Some(key) = keys.get(i % keys.len().max(1)).cloned() else { continue };
        let target = match obj.get_mut(&key) {
            Some(Value::Object(inner)) if j % 2 == 0 && !inner.is_empty() => {
                let inner_keys: Vec<String> = inner.keys().cloned().collect();
                let k = inner_keys[j % inner_keys.len()].clone();
                (inner, k)
            }
            _ => (obj, key),
        };
        match edit {
            Edit::Drop => {
                target.0.remove(&target.1);
            }
            Edit::Replace(v) => {
                target.0.insert(target.1, v.clone());
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Case {
    /// Bytes that may not even be JSON.
    Raw(Vec<u8>),
    /// Any JSON as a push body.
    Json(Value),
    /// A real mutation of each kind, edited: (which, name, edits, client_seq, base).
    Mutation { which: usize, name: Option<String>, edits: Vec<(usize, usize, Edit)>, seq: i64, base: Option<i64> },
    /// A server function with any form body.
    ServerFn { which: usize, body: String },
}

fn case() -> impl Strategy<Value = Case> {
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..200).prop_map(Case::Raw),
        2 => any_json().prop_map(Case::Json),
        6 => (0..64usize, prop::option::weighted(0.1, "[a-z.]{0,20}"), edits(), prop_oneof![8 => Just(1i64), 1 => any::<i64>()], prop::option::of(-2i64..4))
            .prop_map(|(which, name, edits, seq, base)| Case::Mutation { which, name, edits, seq, base }),
        2 => (0..15usize, ".{0,80}").prop_map(|(which, body)| Case::ServerFn { which, body }),
    ]
}

/// Valid arguments of every mutation, from the demo data.
async fn templates(app: &TestApp) -> Vec<(&'static str, Value)> {
    let campaign = app.campaign("314-CV/TU").await;
    let police = app.police_of("Thị trấn Sa Rài").await;
    let home = app.home_branch_of(&police).await;
    let member = app.text("SELECT s.member_id FROM memberships s JOIN branches b ON b.id = s.branch_id WHERE b.name = 'Chi bộ Khóm 1' AND s.to_date IS NULL ORDER BY s.member_id LIMIT 1").await;
    let khom1 = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    let commune = app.commune_id("Thị trấn Sa Rài").await;
    let other = app.commune_id("Xã Bình Phú").await;
    let hamlet = app.text(&format!("SELECT hamlet_id FROM branches WHERE id = '{khom1}'")).await;
    let record = json!({ "full_name": "Nguyễn Văn Thử", "gender": "male", "birth_date": "1990-01-01", "party_card_no": "90.000001",
        "record_no": "T-1", "joined_on": "2015-01-01", "status": "full", "commune_id": commune, "residence_id": hamlet,
        "job_category": "commune_police", "field": "security", "is_committee_member": false, "is_key_leader": false });
    vec![
        ("plan.move_member", json!({ "campaign_id": campaign, "member_id": police, "target_branch_id": home })),
        ("transfer.confirm", json!({ "campaign_id": campaign, "member_id": police, "effective_on": "2026-01-05", "letter_no": "12/GGT" })),
        ("branch.dissolve", json!({ "branch_id": khom1, "on": "2026-01-05", "decision_no": "05-QĐ/ĐU" })),
        ("member.create", json!({ "member_id": uuid::Uuid::now_v7(), "member": record.clone(), "branch_id": khom1 })),
        ("member.update", json!({ "member_id": member, "member": record })),
        (
            "task.save",
            json!({ "task_id": uuid::Uuid::now_v7(), "task": { "member_id": member, "branch_id": khom1, "year": 2026,
            "field": "administration", "text": "Tham gia tổ hòa giải", "due": "2026-12-15", "status": "assigned", "result": "" } }),
        ),
        (
            "evaluation.save",
            json!({ "evaluation_id": uuid::Uuid::now_v7(), "evaluation": { "subject_kind": "member", "subject_id": member,
            "year": 2026, "self_rating": "good", "proposed": "good", "final_rating": "good", "points": 80, "commendation_candidate": false, "note": "" } }),
        ),
        (
            "meeting.save",
            json!({ "meeting_id": uuid::Uuid::now_v7(), "meeting": { "branch_id": khom1, "date": "2026-01-05", "kind": "thematic",
            "observer": "", "attendance": [{ "member_id": member, "presence": "present", "spoke": false, "contributed": false }] } }),
        ),
        (
            "note.save",
            json!({ "note_id": uuid::Uuid::now_v7(), "note": { "member_id": member, "year": 2026, "kind": "commendation", "text": "Tốt" } }),
        ),
        (
            "unit.create",
            json!({ "unit_id": uuid::Uuid::now_v7(), "type_code": "quarter", "name": "Khóm 9", "parent_id": commune,
            "valid_from": "2026-01-01", "decision_no": "12-QĐ" }),
        ),
        (
            "branch.create",
            json!({ "branch_id": uuid::Uuid::now_v7(), "name": "Chi bộ Cơ quan mới", "kind": "agency", "unit_id": commune,
            "founded_on": "2026-01-05", "decision_no": "05-QĐ/ĐU" }),
        ),
        (
            "campaign.create",
            json!({ "campaign_id": uuid::Uuid::now_v7(), "campaign": { "code": "09-HD", "title": "Đợt thử", "basis_date": "2026-01-01",
            "issuer": "Tỉnh ủy", "job_categories": ["official"], "deadline": null, "dissolves_agency_branches": false } }),
        ),
        ("campaign.close", json!({ "campaign_id": campaign })),
        (
            "unit.merge",
            json!({ "unit_id": uuid::Uuid::now_v7(), "merge": { "sources": [commune, other], "type_code": "commune", "name": "Xã Thử",
            "on": "2025-07-01", "parent_id": null, "decision_no": "1663/NQ-UBTVQH15" } }),
        ),
        ("unit.rename", json!({ "unit_id": hamlet, "name": "Khóm Thử", "on": "2026-01-01", "decision_no": "7/NQ" })),
        ("unit.dissolve", json!({ "unit_id": hamlet, "on": "2026-01-01", "successor_id": null, "decision_no": "7/NQ" })),
        ("branch.rename", json!({ "branch_id": khom1, "name": "Chi bộ Khóm Thử" })),
    ]
}

fn server_fn_path(which: usize) -> &'static str {
    use app::api::accounts::{ChangePassword, CreateAccount, GetAccounts, ResetAccountPassword, SetAccountEnabled};
    use app::api::pages::{
        GetBoard, GetBranch, GetCampaigns, GetCommune, GetHistory, GetMember, GetOrg, GetOverview, GetRegister, GetReport,
    };
    use app::api::sync::{PullChanges, PushMutations};
    const PATHS: [&str; 17] = [
        GetHistory::PATH,
        GetRegister::PATH,
        GetMember::PATH,
        GetCommune::PATH,
        GetBranch::PATH,
        GetBoard::PATH,
        GetReport::PATH,
        PullChanges::PATH,
        PushMutations::PATH,
        GetOverview::PATH,
        GetAccounts::PATH,
        CreateAccount::PATH,
        SetAccountEnabled::PATH,
        ResetAccountPassword::PATH,
        ChangePassword::PATH,
        GetOrg::PATH,
        GetCampaigns::PATH,
    ];
    PATHS[which % PATHS.len()]
}

/// A refusal says why, in words: the HTTP API's `{"error": …}`, or a server function's error
/// (the error itself, which the browser decodes and shows).
fn explained(text: &str) -> bool {
    if let Ok(error) = serde_json::from_str::<app::error::AppError>(text) {
        return !error.to_string().trim().is_empty();
    }
    serde_json::from_str::<Value>(text).is_ok_and(|v| v["error"].as_str().is_some_and(|e| !e.trim().is_empty()))
}

#[test]
#[expect(clippy::print_stdout, reason = "make bench quotes the summary line")]
fn generated_requests_never_get_a_500_and_refusals_write_nothing() {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (app, cookie, templates) = runtime.block_on(async {
        let app = TestApp::new().await;
        let cookie = app.login("sarai").await;
        let templates = templates(&app).await;
        (app, cookie, templates)
    });
    let mut runner = TestRunner::new(Config { cases: cases(), failure_persistence: None, ..Config::default() });
    let statuses = std::cell::RefCell::new(std::collections::BTreeMap::<u16, u32>::new());
    let applied_total = std::cell::Cell::new(0u32);
    runner
        .run(&case(), |case| {
            let (status, text, applied, written) = runtime.block_on(async {
                let changes = app.scalar("SELECT COUNT(*) FROM changes").await;
                let request = match &case {
                    Case::Raw(bytes) => {
                        Request::post("/api/sync/push").header(header::CONTENT_TYPE, "application/json").body(Body::from(bytes.clone()))
                    }
                    Case::Json(v) => {
                        Request::post("/api/sync/push").header(header::CONTENT_TYPE, "application/json").body(Body::from(v.to_string()))
                    }
                    Case::Mutation { which, name, edits, seq, base } => {
                        let (op, args) = &templates[which % templates.len()];
                        let mut args = args.clone();
                        apply(&mut args, edits);
                        let name = name.clone().unwrap_or_else(|| op.to_string());
                        let body = push_body(&uuid::Uuid::now_v7().to_string(), &[(*seq, name.as_str(), args, *base)]);
                        Request::post("/api/sync/push").header(header::CONTENT_TYPE, "application/json").body(Body::from(body.to_string()))
                    }
                    Case::ServerFn { which, body } => Request::post(server_fn_path(*which))
                        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(Body::from(body.clone())),
                };
                let request = {
                    let mut r = request.unwrap();
                    r.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
                    r
                };
                let reply = app.send(request).await;
                let applied = serde_json::from_str::<Value>(&reply.text)
                    .ok()
                    .and_then(|v| v["results"].as_array().map(|r| r.iter().filter(|r| r["status"] == "applied").count()))
                    .unwrap_or(0);
                let written = app.scalar("SELECT COUNT(*) FROM changes").await - changes;
                (reply.status, reply.text, applied, written)
            });
            *statuses.borrow_mut().entry(status.as_u16()).or_default() += 1;
            applied_total.set(applied_total.get() + applied as u32);
            prop_assert!(status.as_u16() < 500, "{status} for {case:?}: {text}");
            if status.is_client_error() {
                prop_assert!(explained(&text), "an unexplained {status} for {case:?}: {text}");
            }
            if let Ok(reply) = serde_json::from_str::<Value>(&text)
                && let Some(results) = reply["results"].as_array()
            {
                for r in results {
                    if r["status"] == "rejected" {
                        prop_assert!(r["message"].as_str().is_some_and(|m| !m.trim().is_empty()), "a silent refusal: {r}");
                    }
                }
            }
            if applied == 0 {
                prop_assert_eq!(written, 0, "a refused request wrote: {:?}", case);
            }
            Ok(())
        })
        .unwrap();
    println!(
        "fuzz: {} generated requests, statuses {:?}, {} mutations applied, no 500, every refusal explained",
        cases(),
        statuses.borrow(),
        applied_total.get()
    );
}
