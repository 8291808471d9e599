//! Rejected changes in words, for the "Cần xử lý" list: what the change was, the author's
//! value and the server's current one, named from the device's copy of its scope.

use serde_json::Value;

use super::ops::Op;
use super::replica::{Entities, Rejection, key};
use super::{Mutation, RejectReason};
use crate::domain::branch::Branch;
use crate::domain::ids::{BranchId, MemberId};
use crate::domain::member::Member;
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

fn get<T: serde::de::DeserializeOwned>(view: &Entities, entity: &str, id: &str) -> Option<T> {
    view.get(&key(entity, id)).and_then(|v| serde_json::from_value(v.clone()).ok())
}

fn member_name(view: &Entities, id: MemberId) -> String {
    get::<Member>(view, "member", &id.to_string()).map_or_else(|| "một đảng viên".into(), |m| m.full_name.as_str().to_string())
}

fn branch_name(view: &Entities, id: Option<BranchId>) -> String {
    match id {
        None => "Chờ phân công".into(),
        Some(id) => get::<Branch>(view, "branch", &id.to_string()).map_or_else(|| "một chi bộ khác".into(), |b| b.name),
    }
}

fn plan_value(view: &Entities, current: Option<&Value>) -> String {
    match current.and_then(|c| serde_json::from_value::<PlanEntry>(c.clone()).ok()) {
        None => "Chưa có trong kế hoạch".into(),
        Some(p) if p.confirmed => format!("{} (đã xác nhận chuyển)", branch_name(view, p.target)),
        Some(p) => branch_name(view, p.target),
    }
}

/// Describes a change (rejected or pending) in words.
pub fn describe_change(m: &Mutation, view: &Entities) -> (String, String) {
    match Op::parse(&m.name, m.args.clone()) {
        Ok(Op::MoveMember(a)) => (format!("Phân công {}", member_name(view, a.member_id)), branch_name(view, a.target_branch_id)),
        Ok(Op::ConfirmTransfer(a)) => (
            format!("Xác nhận chuyển sinh hoạt {}", member_name(view, a.member_id)),
            format!("Xác nhận ngày {}, giấy giới thiệu số {}", a.effective_on, a.letter_no),
        ),
        Ok(Op::DissolveBranch(a)) => (
            format!("Giải thể {}", branch_name(view, Some(a.branch_id))),
            format!("Giải thể ngày {}, quyết định số {}", a.on, a.decision_no),
        ),
        Ok(Op::CreateMember(a)) => (format!("Thêm đảng viên {}", a.member.full_name), a.member.full_name.clone()),
        Ok(Op::UpdateMember(a)) => (format!("Sửa hồ sơ {}", member_name(view, a.member_id)), a.member.full_name.clone()),
        Err(message) => (m.name.clone(), message),
    }
}

/// Describes a rejection: the change, the reason, both values.
pub fn describe(r: &Rejection, view: &Entities) -> Described {
    let (what, mine) = describe_change(&r.mutation, view);
    let theirs = match Op::parse(&r.mutation.name, r.mutation.args.clone()) {
        _ if r.reason != RejectReason::Conflict => None,
        Ok(Op::MoveMember(_) | Op::ConfirmTransfer(_)) => Some(plan_value(view, r.current.as_ref())),
        Ok(Op::DissolveBranch(_)) => Some(match r.current.as_ref().and_then(|c| serde_json::from_value::<Branch>(c.clone()).ok()) {
            Some(b) if !b.is_active() => "Đã giải thể".into(),
            _ => "Đang hoạt động".into(),
        }),
        Ok(Op::CreateMember(_) | Op::UpdateMember(_)) => {
            r.current.as_ref().and_then(|c| serde_json::from_value::<Member>(c.clone()).ok()).map(|m| m.full_name.as_str().to_string())
        }
        Err(_) => None,
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
        let mutation = r.enqueue(&op, Some(0), 0);
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
