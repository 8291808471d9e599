//! Tasks and evaluations through the mutation path: who may record them, the rules, conflicts,
//! and the excellent-quota warning.

use serde_json::{Value, json};

use crate::helpers::{TestApp, push_body};

/// A member moved into Khóm 1 of Sa Rài in 2019, and that branch.
async fn khom1_member(app: &TestApp, skip: usize) -> (String, String) {
    let branch = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 1'").await;
    let member = app
        .text(&format!(
            "SELECT s.member_id FROM memberships s JOIN transfers t ON t.member_id = s.member_id \
             WHERE s.branch_id = '{branch}' AND s.kind = 'official' AND s.to_date IS NULL ORDER BY s.member_id LIMIT 1 OFFSET {skip}"
        ))
        .await;
    (member, branch)
}

fn task(member: &str, branch: &str, text: &str) -> Value {
    json!({
        "task_id": uuid::Uuid::now_v7(),
        "task": { "member_id": member, "branch_id": branch, "year": 2026, "field": "administration", "text": text,
                  "due": "2026-12-15", "status": "assigned", "result": "" }
    })
}

fn rating(member: &str, final_rating: &str, points: Option<u8>) -> Value {
    json!({
        "evaluation_id": uuid::Uuid::now_v7(),
        "evaluation": { "subject_kind": "member", "subject_id": member, "year": 2026, "self_rating": "good",
                        "proposed": final_rating, "final_rating": final_rating, "points": points }
    })
}

async fn push(app: &TestApp, cookie: &str, mutations: &[(i64, &str, Value, Option<i64>)]) -> Value {
    app.post_json("/api/sync/push", Some(cookie), push_body(&uuid::Uuid::now_v7().to_string(), mutations)).await.json()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_is_given_by_the_members_branch_and_edited_on_its_version() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let (member, branch) = khom1_member(&app, 0).await;
    let args = task(&member, &branch, "Phụ trách tổ nhân dân tự quản số 3");
    let task_id = args["task_id"].as_str().unwrap().to_string();
    let reply = push(&app, &cookie, &[(1, "task.save", args.clone(), None)]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM tasks WHERE id = '{task_id}' AND version = 1")).await, 1);
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM audit_log WHERE entity = 'task' AND entity_id = '{task_id}'")).await, 1);

    // Done, on version 1; a second device still on version 1 conflicts and sees the current row.
    let mut done = args.clone();
    done["task"]["status"] = json!("done");
    done["task"]["result"] = json!("Đã lập danh sách 42 hộ");
    let mut stale = args.clone();
    stale["task"]["text"] = json!("Nội dung khác");
    let reply = push(&app, &cookie, &[(1, "task.save", done, Some(1)), (2, "task.save", stale, Some(1))]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    assert_eq!(reply["results"][1]["reason"], "conflict");
    assert_eq!(reply["results"][1]["current"]["status"], "done");
    assert_eq!(reply["results"][1]["current"]["version"], 2);

    // Another branch cannot give this member a task; a blank text is refused with a message.
    let other = app.text("SELECT id FROM branches WHERE name = 'Chi bộ Khóm 2'").await;
    let reply =
        push(&app, &cookie, &[(1, "task.save", task(&member, &other, "Việc"), None), (2, "task.save", task(&member, &branch, "  "), None)])
            .await;
    assert_eq!(reply["results"][0]["message"], "Nhiệm vụ phải do chi bộ nơi đảng viên đang sinh hoạt chính thức giao.");
    assert_eq!(reply["results"][1]["message"], "Chưa nhập nội dung nhiệm vụ.");
    assert_eq!(app.scalar(&format!("SELECT COUNT(*) FROM tasks WHERE member_id = '{member}' AND year = 2026")).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_branch_secretary_rates_the_branchs_members_only() {
    let app = TestApp::new().await;
    let cookie = app.login("bithu.khom1").await;
    let (member, _) = khom1_member(&app, 0).await;
    let reply = push(&app, &cookie, &[(1, "evaluation.save", rating(&member, "good", Some(80)), None)]).await;
    assert_eq!(reply["results"][0]["status"], "applied", "{reply}");
    let elsewhere = app
        .text("SELECT s.member_id FROM memberships s JOIN branches b ON b.id = s.branch_id WHERE b.name = 'Chi bộ Khóm 2' AND s.kind = 'official' AND s.to_date IS NULL LIMIT 1")
        .await;
    let reply = push(&app, &cookie, &[(1, "evaluation.save", rating(&elsewhere, "good", None), None)]).await;
    assert_eq!(reply["results"][0]["reason"], "forbidden");
    // Points decide the level.
    let reply = push(&app, &cookie, &[(1, "evaluation.save", rating(&member, "excellent", Some(80)), Some(1))]).await;
    assert_eq!(reply["results"][0]["message"], "Với 80 điểm, mức xếp loại phải là «Hoàn thành tốt nhiệm vụ».");
    assert_eq!(app.text(&format!("SELECT final_rating FROM evaluations WHERE subject_id = '{member}' AND year = 2026")).await, "good");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_excellent_ratings_in_a_commune_are_saved_with_a_warning() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let mut last = Value::Null;
    // With nobody rated good this year, the first excellent rating already exceeds 20 % of them.
    for skip in 0..2 {
        let (member, _) = khom1_member(&app, skip).await;
        last = push(&app, &cookie, &[(1, "evaluation.save", rating(&member, "excellent", Some(95)), None)]).await;
        assert_eq!(last["results"][0]["status"], "applied", "{last}");
    }
    let warning = last["results"][0]["warning"].as_str().unwrap();
    assert!(warning.starts_with("số đảng viên xếp loại «Hoàn thành xuất sắc nhiệm vụ» (2) vượt 20%"), "{warning}");
}

/// A rating saved twice on a member page before the page is fetched again: the second save is
/// based on the version the first one makes (the device's own pending change), so the server
/// applies it instead of refusing it as a conflict — whether the first was already sent or not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_save_of_a_rating_without_a_refetch_is_applied() {
    use app::domain::evaluation::{EvaluationDraft, Rating, SubjectKind};
    use app::domain::ids::EvaluationId;
    use app::sync::ops::SaveEvaluation;
    use app::sync::replica::Replica;
    use app::sync::{Op, OpCall, Outcome, PushResponse};

    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let (member, _) = khom1_member(&app, 2).await;
    let mut device = Replica::new(uuid::Uuid::now_v7());
    // The form's row: a new rating gets its id once; the page shows no rating for this year.
    let id = EvaluationId::new();
    let save = |device: &mut Replica, rating: Rating| {
        let draft = EvaluationDraft { final_rating: Some(rating), ..EvaluationDraft::blank(SubjectKind::Member, member.clone(), 2026) };
        let base = device.base_version("evaluation", &id.to_string(), None);
        device.enqueue(&OpCall::from(&Op::SaveEvaluation(SaveEvaluation { evaluation_id: id, evaluation: draft })), base, 0);
    };
    let send = |device: &Replica| {
        let (app, cookie, body) = (&app, cookie.clone(), serde_json::to_value(device.next_push().unwrap()).unwrap());
        async move { serde_json::from_value::<PushResponse>(app.post_json("/api/sync/push", Some(&cookie), body).await.json()).unwrap() }
    };
    // Saved, sent and acknowledged; saved again before any pull or refetch.
    save(&mut device, Rating::Good);
    let reply = send(&device).await;
    device.acknowledge(&reply);
    save(&mut device, Rating::Excellent);
    // And a third time while the second is still waiting (offline): both go together.
    save(&mut device, Rating::Completed);
    let reply = send(&device).await;
    assert_eq!(reply.results.len(), 2);
    for r in &reply.results {
        assert!(matches!(r.outcome, Outcome::Applied { .. }), "{:?}", r.outcome);
    }
    let stored =
        app.text(&format!("SELECT final_rating || ' v' || version FROM evaluations WHERE subject_id = '{member}' AND year = 2026")).await;
    assert_eq!(stored, "completed v3");
}

/// Every free-text field of every mutation refuses control characters (NUL, BEL, ESC) and the
/// characters that reverse the direction of text, names the field, and stores nothing; text
/// typed with combining accents is stored composed (NFC).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_are_refused_in_every_free_text_field() {
    let app = TestApp::new().await;
    let cookie = app.login("sarai").await;
    let (member, branch) = khom1_member(&app, 0).await;
    let today = app::store::today();
    let hostile = ["ghi chú\u{0}", "chuông\u{7}", "\u{1b}[2Kxoá", "số \u{202E}gnàh"];
    let campaign = app.campaign("314-CV/TU").await;
    let police = app.police_of("Thị trấn Sa Rài").await;
    let changes_before = app.scalar("SELECT COUNT(*) FROM changes").await;
    for bad in hostile {
        let note =
            json!({ "note_id": uuid::Uuid::now_v7(), "note": { "member_id": member, "year": 2026, "kind": "commendation", "text": bad } });
        let mut task_text = task(&member, &branch, bad);
        let mut task_result = task(&member, &branch, "Tham gia tổ hòa giải");
        task_result["task"]["result"] = json!(bad);
        task_text["task"]["year"] = json!(2026);
        let mut rated = rating(&member, "good", None);
        rated["evaluation"]["note"] = json!(bad);
        let meeting = json!({ "meeting_id": uuid::Uuid::now_v7(), "meeting": { "branch_id": branch, "date": today,
            "kind": "thematic", "observer": bad, "attendance": [{ "member_id": member, "presence": "present", "spoke": false, "contributed": false }] } });
        let cases = [
            ("note.save", note, None, "Nội dung biểu dương, phê bình"),
            ("task.save", task_text, None, "Nội dung nhiệm vụ"),
            ("task.save", task_result, None, "Kết quả thực hiện nhiệm vụ"),
            ("evaluation.save", rated, None, "Nhận xét"),
            ("meeting.save", meeting, None, "Người dự sinh hoạt"),
        ];
        for (name, args, base, field) in cases {
            let reply = push(&app, &cookie, &[(1, name, args, base)]).await;
            let result = &reply["results"][0];
            assert_eq!(result["status"], "rejected", "{name} {bad:?}: {result}");
            let message = result["message"].as_str().unwrap();
            assert!(message.starts_with(&format!("{field} có ký tự không được phép")), "{name}: {message}");
        }
    }
    // A planned transfer, confirmed with each hostile letter number (the decision number of a
    // dissolution goes through the same rule: domain::free_text).
    let target = app.home_branch_of(&police).await;
    let planned = push(
        &app,
        &cookie,
        &[(1, "plan.move_member", json!({ "campaign_id": campaign, "member_id": police, "target_branch_id": target }), Some(0))],
    )
    .await;
    assert_eq!(planned["results"][0]["status"], "applied");
    for bad in hostile {
        let confirm = json!({ "campaign_id": campaign, "member_id": police, "effective_on": today, "letter_no": bad });
        let reply = push(&app, &cookie, &[(1, "transfer.confirm", confirm, Some(1))]).await;
        assert!(reply["results"][0]["message"].as_str().unwrap().starts_with("Số giấy giới thiệu sinh hoạt đảng có ký tự không được phép"));
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM changes").await, changes_before + 1, "only the plan line was written");
    // Combining accents arrive composed in the database.
    let note = json!({ "note_id": uuid::Uuid::now_v7(), "note": { "member_id": member, "year": 2026, "kind": "commendation", "text": "Ho\u{300}a gia\u{309}i tốt" } });
    assert_eq!(push(&app, &cookie, &[(1, "note.save", note, None)]).await["results"][0]["status"], "applied");
    assert_eq!(app.text(&format!("SELECT text FROM notes WHERE member_id = '{member}'")).await, "Hòa giải tốt");
}
