use std::collections::HashMap;

use serde_json::{Value, json};

use super::*;
use crate::domain::branch::BranchKind;
use crate::domain::date::Date;
use crate::domain::ids::{BranchId, CampaignId, MemberId, UnitId, UserId};
use crate::domain::member::Gender;
use crate::domain::plan::PlanEntry;
use crate::domain::scope::{Actor, Role};

fn entry(entity: &str, id: &str, mutation: &str, before: Option<Value>, after: Option<Value>) -> AuditEntry {
    AuditEntry {
        // 20/01/2019 08:30 in Viet Nam.
        at_millis: 1_547_947_800_000,
        author: Some("Văn phòng Đảng ủy xã Sa Rài".into()),
        client_id: Some("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b".into()),
        mutation: Some(mutation.into()),
        entity: entity.into(),
        entity_id: id.into(),
        before,
        after,
    }
}

fn sentences(d: &Described) -> Vec<String> {
    d.changes.iter().map(FieldChange::sentence).collect()
}

fn names(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn an_edited_member_shows_the_fields_that_changed_in_words() {
    let m = crate::domain::member::tests::member();
    let hamlet = UnitId::new();
    let edited = crate::domain::member::Member {
        gender: Gender::Female,
        birth_date: Date::new(1981, 3, 4).unwrap(),
        residence_id: hamlet,
        ..m.clone()
    };
    let n = names(&[(&m.residence_id.to_string(), "Khóm 1"), (&hamlet.to_string(), "Khóm 2")]);
    let e = entry(
        "member",
        &m.id.to_string(),
        "member.update",
        Some(serde_json::to_value(&m).unwrap()),
        Some(serde_json::to_value(&edited).unwrap()),
    );
    let d = describe(&e, &n);
    assert_eq!(
        sentences(&d),
        ["Giới tính: Nam → Nữ", format!("Ngày sinh: {} → 04/03/1981", m.birth_date.to_vn()).as_str(), "Nơi cư trú: Khóm 1 → Khóm 2"]
    );
    assert_eq!(d.subject, "Đảng viên Nguyễn Văn Bình");
    assert_eq!(d.action, "Sửa hồ sơ đảng viên");
    assert_eq!(d.when, "20/01/2019 08:30");
    assert_eq!(d.device, "Thiết bị 4A5B");
}

#[test]
fn a_new_member_lists_every_field_with_labels_and_no_codes() {
    let m = crate::domain::member::tests::member();
    let n = names(&[(&m.residence_id.to_string(), "Khóm 1"), (&m.commune_id.to_string(), "Xã Sa Rài")]);
    let d = describe(&entry("member", &m.id.to_string(), "member.create", None, Some(serde_json::to_value(&m).unwrap())), &n);
    let all = sentences(&d).join("\n");
    assert!(all.contains("Họ và tên: Nguyễn Văn Bình"), "{all}");
    assert!(all.contains("Công việc: Công chức"), "{all}");
    assert!(all.contains("Xã, thị trấn công tác: Xã Sa Rài"), "{all}");
    assert!(all.contains("Cấp ủy viên: Không"), "{all}");
    assert!(d.changes.iter().all(|c| c.before.is_none()));
    for code in ["civil_servant", "male", "full", "administration", &m.id.to_string(), &m.residence_id.to_string(), "true", "false", "-"] {
        assert!(!all.split(['\n', ' ', ':']).any(|w| w == code), "a code shows: {code} in {all}");
    }
}

#[test]
fn a_planned_move_names_the_branches_and_the_wait() {
    let (campaign, member, branch) = (CampaignId::new(), MemberId::new(), BranchId::new());
    let before = PlanEntry { campaign_id: campaign, member_id: member, target: None, confirmed: false, version: 1 };
    let after = PlanEntry { target: Some(branch), version: 2, ..before.clone() };
    let n = names(&[(&member.to_string(), "Lê Thị Hoa"), (&branch.to_string(), "Chi bộ Khóm 1"), (&campaign.to_string(), "21-HD/BTCTU")]);
    let e = entry(
        "plan",
        &before.key(),
        "plan.move_member",
        Some(serde_json::to_value(&before).unwrap()),
        Some(serde_json::to_value(&after).unwrap()),
    );
    let d = describe(&e, &n);
    assert_eq!(sentences(&d), ["Chi bộ dự kiến: Chờ phân công → Chi bộ Khóm 1"]);
    assert_eq!(d.subject, "Phân công Lê Thị Hoa");
    assert_eq!(member_of("plan", &before.key(), None, Some(&serde_json::to_value(&after).unwrap())), Some(member.to_string()));
    assert!(referenced_ids(&e).contains(&branch.to_string()));
    // The first move of a campaign: before it, the member was waiting.
    let first = entry("plan", &before.key(), "plan.move_member", None, Some(serde_json::to_value(&after).unwrap()));
    assert_eq!(sentences(&describe(&first, &n)), ["Chi bộ dự kiến: Chờ phân công → Chi bộ Khóm 1"]);
}

#[test]
fn a_meeting_counts_its_attendance_and_a_vanished_name_is_not_a_code() {
    let branch = BranchId::new();
    let after = json!({
        "meeting": { "id": "m", "branch_id": branch.to_string(), "date": "2024-05-03", "kind": "regular", "observer": null, "version": 1 },
        "attendance": [
            { "meeting_id": "m", "member_id": "a", "presence": "present", "spoke": true, "contributed": false },
            { "meeting_id": "m", "member_id": "b", "presence": "present", "spoke": false, "contributed": false },
            { "meeting_id": "m", "member_id": "c", "presence": "excused", "spoke": false, "contributed": false },
        ],
    });
    let d = describe(&entry("meeting", "m", "meeting.save", None, Some(after)), &HashMap::new());
    assert_eq!(
        sentences(&d),
        ["Chi bộ: (đã xoá)", "Ngày sinh hoạt: 03/05/2024", "Hình thức: Sinh hoạt định kỳ", "Tham dự: có mặt 2, vắng có lý do 1"]
    );
    assert_eq!(d.subject, "Buổi sinh hoạt ngày 03/05/2024 của chi bộ");
}

#[test]
fn a_dissolution_and_a_merge_read_as_sentences() {
    let b = crate::domain::branch::tests::branch(BranchKind::Agency, UnitId::new(), None);
    let mut gone = serde_json::to_value(&b).unwrap();
    gone["dissolved"] = json!({ "on": "2019-02-15", "decision_no": "12-QĐ/ĐU" });
    let d = describe(
        &entry("branch", &b.id.to_string(), "branch.dissolve", Some(serde_json::to_value(&b).unwrap()), Some(gone)),
        &HashMap::new(),
    );
    assert_eq!(sentences(&d), ["Giải thể: Chưa giải thể → ngày 15/02/2019, quyết định số 12-QĐ/ĐU"]);

    let (old, new) = (UnitId::new(), UnitId::new());
    let n = names(&[(&old.to_string(), "Xã Sa Rài"), (&new.to_string(), "Xã Tân Hồng")]);
    let e = entry(
        "unit",
        &old.to_string(),
        "unit.merge",
        Some(json!({ "valid_to": null })),
        Some(json!({ "valid_to": "2025-06-30", "merged_into": new.to_string() })),
    );
    let d = describe(&e, &n);
    assert_eq!(sentences(&d), ["Đến ngày: — → 30/06/2025", "Hợp nhất vào: — → Xã Tân Hồng"]);
    assert_eq!(d.subject, "Xã Sa Rài");
}

#[test]
fn an_account_change_shows_only_what_it_carries() {
    let e = entry("account", "u", "account.disable", Some(json!({ "disabled": false })), Some(json!({ "disabled": true })));
    let d = describe(&e, &names(&[("u", "sarai")]));
    assert_eq!(sentences(&d), ["Đã khoá: Không → Có"]);
    assert_eq!((d.action, d.subject.as_str(), d.device.as_str()), ("Khoá tài khoản", "Tài khoản sarai", "Thiết bị 4A5B"));
    assert_eq!(device_label(None), "Trên máy chủ");
}

#[test]
fn every_field_of_the_audited_rows_has_a_label_or_is_an_id() {
    let m = crate::domain::member::tests::member();
    let b = crate::domain::branch::tests::branch(BranchKind::Residential, UnitId::new(), Some(UnitId::new()));
    let c = crate::domain::campaign::tests::police_campaign();
    let plan = PlanEntry { campaign_id: c.id, member_id: m.id, target: None, confirmed: false, version: 1 };
    for (entity, value) in [
        ("member", serde_json::to_value(&m)),
        ("branch", serde_json::to_value(&b)),
        ("campaign", serde_json::to_value(&c)),
        ("plan", serde_json::to_value(&plan)),
    ] {
        let Value::Object(map) = value.unwrap() else { panic!() };
        for key in map.keys().filter(|k| !["id", "version"].contains(&k.as_str())) {
            assert!(field_table(entity).iter().any(|f| f.key == key), "{entity}.{key} has no label");
        }
    }
}

#[test]
fn readers_see_their_scope_and_a_commune_its_predecessors() {
    let (old_a, old_b, new, older) = (UnitId::new(), UnitId::new(), UnitId::new(), UnitId::new());
    let events = vec![(new, vec![old_a, old_b]), (old_a, vec![older])];
    let mut got = lineage(&events, new);
    got.sort();
    let mut want = vec![new, old_a, old_b, older];
    want.sort();
    assert_eq!(got, want);
    assert_eq!(lineage(&events, old_b), vec![old_b], "a merged unit does not see its successor's other parts");

    let actor = |role, commune, branch| Actor {
        user_id: UserId::new(),
        username: "x".into(),
        display_name: "X".into(),
        role,
        commune_id: commune,
        branch_id: branch,
    };
    let b = BranchId::new();
    assert_eq!(history_scope(&actor(Role::Admin, None, None), |c| vec![c]), HistoryScope::All);
    assert_eq!(history_scope(&actor(Role::District, None, None), |c| vec![c]), HistoryScope::All);
    assert_eq!(
        history_scope(&actor(Role::CommuneStaff, Some(new), None), |c| lineage(&events, c)).clone(),
        HistoryScope::Communes(lineage(&events, new))
    );
    assert_eq!(history_scope(&actor(Role::BranchSecretary, Some(new), Some(b)), |c| vec![c]), HistoryScope::Branch(b));
    assert_eq!(history_scope(&actor(Role::CommuneStaff, None, None), |c| vec![c]), HistoryScope::Nothing);
}

#[test]
fn the_filters_are_checked_in_words() {
    let q = |tu: &str, den: &str| HistoryQuery { tu: tu.into(), den: den.into(), ..Default::default() };
    let f = HistoryFilter::parse(&q("20/01/2019", "20/01/2019")).unwrap();
    assert_eq!(f.until_millis.unwrap() - f.from_millis.unwrap(), 86_400_000);
    assert!(f.from_millis.unwrap() <= 1_547_947_800_000 && 1_547_947_800_000 < f.until_millis.unwrap(), "a change at 08:30 that day is in");
    assert_eq!(HistoryFilter::parse(&q("21/01/2019", "20/01/2019")), Err(crate::domain::DomainError::EndBeforeStart));
    let wrong = HistoryFilter::parse(&q("32/01/2019", "")).unwrap_err().to_string();
    assert!(wrong.starts_with("Từ ngày:"), "{wrong}");
    assert!(HistoryFilter::parse(&HistoryQuery { loai: "drop table".into(), ..Default::default() }).is_err());
    assert!(HistoryFilter::parse(&HistoryQuery { trang: "0".into(), ..Default::default() }).is_err());
    let page3 = HistoryFilter::parse(&HistoryQuery { trang: "3".into(), loai: "task".into(), ..Default::default() }).unwrap();
    assert_eq!((page3.offset(), page3.kind), (2 * PAGE_SIZE, Some("task")));
    assert_eq!((pages(0), pages(50), pages(51)), (1, 1, 2));
    let query = HistoryQuery { tu: "01/07/2025".into(), loai: "member".into(), ..Default::default() };
    assert_eq!(query.with_page(2).to_query(), "tu=01/07/2025&loai=member&trang=2");
    assert_eq!(query.with_page(1).to_query(), "tu=01/07/2025&loai=member");
}
