//! Rejected changes in words, for the "Cần xử lý" list: what the change was, the author's
//! value and the server's current one, named from the device's copy of its scope.

use serde_json::Value;

use super::replica::{Entities, Rejection, key, typed};
use super::{Mutation, RejectReason};
use crate::domain::date::Date;
use crate::domain::evaluation::Rating;
use crate::domain::ids::{BranchId, MemberId};
use crate::domain::meeting::Presence;
use crate::domain::note::NoteKind;
use crate::domain::plan::PlanEntry;

/// A rejected change, described.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    /// E.g. "Phân công Nguyễn Văn Bình".
    pub what: String,
    pub reason: &'static str,
    /// The server's explanation.
    pub message: String,
    pub mine: String,
    /// `None` when the server sent no current value (a refusal, not a conflict).
    pub theirs: Option<String>,
}

impl RejectReason {
    /// The reason's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Conflict => "Xung đột: người khác đã thay đổi trước",
            Self::Forbidden => "Không có quyền",
            Self::Invalid => "Không hợp lệ",
        }
    }
}

// Names and values are read from the JSON fields: the browser needs no parser of each row type.

fn field<'a>(view: &'a Entities, entity: &str, id: &str, name: &str) -> Option<&'a str> {
    view.get(&key(entity, id)).and_then(|v| v.get(name)).and_then(Value::as_str)
}

fn member_name(view: &Entities, id: Option<MemberId>) -> String {
    id.and_then(|id| field(view, "member", &id.to_string(), "full_name")).unwrap_or("một đảng viên").to_string()
}

fn branch_name(view: &Entities, id: Option<BranchId>) -> String {
    match id {
        None => "Chờ phân công".into(),
        Some(id) => field(view, "branch", &id.to_string(), "name").unwrap_or("một chi bộ khác").to_string(),
    }
}

fn text(args: &Value, name: &str) -> String {
    args.get(name).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A date argument, as the user writes it (dd/mm/yyyy).
fn date(args: &Value, name: &str) -> String {
    args.get(name).and_then(typed::<Date>).map_or_else(|| text(args, name), |d| d.to_string())
}

fn plan_value(view: &Entities, current: Option<&Value>) -> String {
    match current.and_then(typed::<PlanEntry>) {
        None => "Chưa có trong kế hoạch".into(),
        Some(p) if p.confirmed => format!("{} (đã xác nhận chuyển)", branch_name(view, p.target)),
        Some(p) => branch_name(view, p.target),
    }
}

/// Describes a change (rejected or pending) in words: what it does, and its value.
pub fn describe_change(m: &Mutation, view: &Entities) -> (String, String) {
    let a = &m.args;
    let who = || member_name(view, m.member_id());
    match m.name.as_str() {
        "plan.move_member" => (format!("Phân công {}", who()), branch_name(view, m.move_target().flatten())),
        "transfer.confirm" => (
            format!("Xác nhận chuyển sinh hoạt {}", who()),
            format!("Xác nhận ngày {}, giấy giới thiệu số {}", date(a, "effective_on"), text(a, "letter_no")),
        ),
        "branch.dissolve" => (
            format!("Giải thể {}", branch_name(view, a.get("branch_id").and_then(Value::as_str).and_then(BranchId::parse))),
            format!("Giải thể ngày {}, quyết định số {}", date(a, "on"), text(a, "decision_no")),
        ),
        "member.create" | "member.update" => {
            let name = a.get("member").map(|d| text(d, "full_name")).unwrap_or_default();
            let what = if m.name == "member.create" { format!("Thêm đảng viên {name}") } else { format!("Sửa hồ sơ {}", who()) };
            (what, name)
        }
        "task.save" => {
            let task = a.get("task").cloned().unwrap_or_default();
            (format!("Giao nhiệm vụ cho {}", named_member(view, &task, "member_id")), text(&task, "text"))
        }
        "evaluation.save" => {
            let e = a.get("evaluation").cloned().unwrap_or_default();
            let subject = if text(&e, "subject_kind") == "branch" {
                branch_name(view, e.get("subject_id").and_then(Value::as_str).and_then(BranchId::parse))
            } else {
                named_member(view, &e, "subject_id")
            };
            let year = e.get("year").and_then(Value::as_i64).unwrap_or_default();
            (format!("Xếp loại {subject} năm {year}"), ratings(&e))
        }
        "meeting.save" => {
            let meeting = a.get("meeting").cloned().unwrap_or_default();
            let branch = branch_name(view, meeting.get("branch_id").and_then(Value::as_str).and_then(BranchId::parse));
            (format!("Sinh hoạt {} ngày {}", branch, date(&meeting, "date")), attendance(&meeting))
        }
        "note.save" => {
            let note = a.get("note").cloned().unwrap_or_default();
            let kind = note.get("kind").and_then(typed::<NoteKind>).map_or("Ghi nhận", |k| k.label());
            (format!("{kind} {}", named_member(view, &note, "member_id")), text(&note, "text"))
        }
        other => (other.to_string(), String::new()),
    }
}

fn named_member(view: &Entities, args: &Value, field: &str) -> String {
    member_name(view, args.get(field).and_then(Value::as_str).and_then(MemberId::parse))
}

/// The final (else proposed, else self) rating of an evaluation, in words.
fn ratings(e: &Value) -> String {
    ["final_rating", "proposed", "self_rating"]
        .iter()
        .find_map(|f| e.get(*f).and_then(typed::<Rating>))
        .map_or_else(|| "Chưa xếp loại".into(), |r| r.label().to_string())
}

/// "8/10 có mặt" from an attendance sheet.
fn attendance(meeting: &Value) -> String {
    let sheet = meeting.get("attendance").and_then(Value::as_array).cloned().unwrap_or_default();
    let present = sheet.iter().filter(|l| l.get("presence").and_then(typed::<Presence>) == Some(Presence::Present)).count();
    format!("{present}/{} có mặt", sheet.len())
}

/// Describes a rejection: the change, the reason, both values.
pub fn describe(r: &Rejection, view: &Entities) -> Described {
    let (what, mine) = describe_change(&r.mutation, view);
    let current = r.current.as_ref();
    let theirs = match r.mutation.name.as_str() {
        _ if r.reason != RejectReason::Conflict => None,
        "plan.move_member" | "transfer.confirm" => Some(plan_value(view, current)),
        "branch.dissolve" => Some(
            if current.and_then(|c| c.get("dissolved")).is_some_and(|d| !d.is_null()) {
                "Đã giải thể"
            } else {
                "Đang hoạt động"
            }
            .into(),
        ),
        "member.create" | "member.update" => current.map(|c| text(c, "full_name")),
        "task.save" | "note.save" => current.map(|c| text(c, "text")),
        "evaluation.save" => current.map(ratings),
        "meeting.save" => current.and_then(|c| c.get("meeting").map(|m| (m, c))).map(|(m, c)| {
            let sheet = serde_json::json!({ "attendance": c.get("attendance").cloned().unwrap_or_default() });
            format!("Ngày {}: {}", date(m, "date"), attendance(&sheet))
        }),
        _ => None,
    };
    Described { what, reason: r.reason.label(), message: r.message.clone(), mine, theirs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::branch::BranchKind;
    use crate::domain::branch::tests::branch;
    use crate::domain::campaign::tests::police_campaign;
    use crate::domain::ids::UnitId;
    use crate::domain::member::tests::member;
    use crate::sync::ops::MoveMember;
    use crate::sync::replica::Replica;
    use crate::sync::{Op, OpCall};

    #[test]
    fn a_conflict_names_the_member_and_both_branches() {
        let m = member();
        let mut mine = branch(BranchKind::Residential, m.commune_id, Some(UnitId::new()));
        mine.name = "Chi bộ Khóm 2".into();
        let theirs = branch(BranchKind::Residential, m.commune_id, Some(UnitId::new()));
        let campaign = police_campaign();
        let mut view = Entities::new();
        view.insert(key("member", &m.id.to_string()), serde_json::to_value(&m).unwrap());
        for b in [&mine, &theirs] {
            view.insert(key("branch", &b.id.to_string()), serde_json::to_value(b).unwrap());
        }
        let mut r = Replica::new(uuid::Uuid::now_v7());
        let op = Op::MoveMember(MoveMember { campaign_id: campaign.id, member_id: m.id, target_branch_id: Some(mine.id) });
        let mutation = r.enqueue(&OpCall::from(&op), Some(0), 0);
        let current = PlanEntry { campaign_id: campaign.id, member_id: m.id, target: Some(theirs.id), confirmed: true, version: 2 };
        let rejection = Rejection {
            mutation,
            reason: RejectReason::Conflict,
            message: "đã đổi".into(),
            current: Some(serde_json::to_value(current).unwrap()),
        };
        let d = describe(&rejection, &view);
        assert_eq!(d.what, "Phân công Nguyễn Văn Bình");
        assert_eq!(d.mine, "Chi bộ Khóm 2");
        assert_eq!(d.theirs.as_deref(), Some("Chi bộ Ấp Thống Nhất (đã xác nhận chuyển)"));
        assert_eq!(d.reason, "Xung đột: người khác đã thay đổi trước");
        // A refusal has no server value to choose, and unknown rows are still named.
        let refused = Rejection { reason: RejectReason::Forbidden, current: None, ..rejection };
        let d = describe(&refused, &Entities::new());
        assert_eq!((d.what.as_str(), d.mine.as_str(), d.theirs), ("Phân công một đảng viên", "một chi bộ khác", None));
    }
}
