//! The labelled fields of every audited row, and how a value is shown: names for ids, labels for
//! codes, dd/mm/yyyy for dates, "Có"/"Không" for yes and no.

use serde_json::Value;

use super::Names;
use crate::domain::branch::BranchKind;
use crate::domain::date::Date;
use crate::domain::evaluation::{Rating, SubjectKind};
use crate::domain::meeting::{MeetingKind, Presence};
use crate::domain::member::{Field, Gender, JobCategory, MemberStatus};
use crate::domain::membership::MembershipKind;
use crate::domain::note::NoteKind;
use crate::domain::scope::Role;
use crate::domain::task::TaskStatus;

/// How a field's value is shown.
pub enum Shown {
    Text,
    Number,
    Date,
    YesNo,
    /// The id of a unit, branch, member, campaign or account: its name.
    Ref,
    /// A list of ids; empty means every commune (a campaign's communes).
    Refs,
    /// A stored code: its label.
    Code(fn(&str) -> Option<&'static str>),
    /// A list of codes.
    Codes(fn(&str) -> Option<&'static str>),
    /// A planned branch: none means "Chờ phân công".
    Target,
    /// A branch's dissolution (a day and a decision).
    Dissolution,
    /// A meeting's attendance, counted by presence.
    Attendance,
}

/// A labelled field of an audited row.
pub struct FieldSpec {
    pub key: &'static str,
    pub label: &'static str,
    pub shown: Shown,
}

macro_rules! labels {
    ($($f:ident: $t:ty),+) => {
        $(fn $f(code: &str) -> Option<&'static str> { <$t>::from_code(code).map(<$t>::label) })+
    };
}
labels!(gender: Gender, status: MemberStatus, job: JobCategory, field: Field, branch_kind: BranchKind, rating: Rating, subject: SubjectKind,
    meeting_kind: MeetingKind, membership_kind: MembershipKind, note_kind: NoteKind, role: Role, task_status: TaskStatus);

const fn f(key: &'static str, label: &'static str, shown: Shown) -> FieldSpec {
    FieldSpec { key, label, shown }
}

const MEMBER: &[FieldSpec] = &[
    f("full_name", "Họ và tên", Shown::Text),
    f("gender", "Giới tính", Shown::Code(gender)),
    f("birth_date", "Ngày sinh", Shown::Date),
    f("party_card_no", "Số thẻ đảng viên", Shown::Text),
    f("record_no", "Số lý lịch", Shown::Text),
    f("joined_on", "Ngày vào Đảng", Shown::Date),
    f("status", "Đảng viên", Shown::Code(status)),
    f("commune_id", "Xã, thị trấn công tác", Shown::Ref),
    f("residence_id", "Nơi cư trú", Shown::Ref),
    f("job_category", "Công việc", Shown::Code(job)),
    f("field", "Lĩnh vực", Shown::Code(field)),
    f("is_committee_member", "Cấp ủy viên", Shown::YesNo),
    f("is_key_leader", "Lãnh đạo chủ chốt", Shown::YesNo),
];

const BRANCH: &[FieldSpec] = &[
    f("name", "Tên chi bộ", Shown::Text),
    f("kind", "Loại chi bộ", Shown::Code(branch_kind)),
    f("unit_id", "Trực thuộc", Shown::Ref),
    f("commune_id", "Xã, thị trấn", Shown::Ref),
    f("hamlet_id", "Ấp, khóm", Shown::Ref),
    f("dissolved", "Giải thể", Shown::Dissolution),
];

const UNIT: &[FieldSpec] = &[
    f("name", "Tên đơn vị", Shown::Text),
    f("parent", "Trực thuộc", Shown::Ref),
    f("valid_from", "Từ ngày", Shown::Date),
    f("valid_to", "Đến ngày", Shown::Date),
    f("merged_into", "Hợp nhất vào", Shown::Ref),
    f("successor", "Đơn vị kế thừa", Shown::Ref),
    f("decision_no", "Số quyết định", Shown::Text),
];

const CAMPAIGN: &[FieldSpec] = &[
    f("code", "Số văn bản căn cứ", Shown::Text),
    f("title", "Trích yếu", Shown::Text),
    f("basis_date", "Ngày ban hành", Shown::Date),
    f("issuer", "Cơ quan ban hành", Shown::Text),
    f("job_categories", "Đối tượng", Shown::Codes(job)),
    f("deadline", "Thời hạn hoàn thành", Shown::Date),
    f("dissolves_agency_branches", "Giải thể chi bộ cơ quan", Shown::YesNo),
    f("communes", "Áp dụng cho", Shown::Refs),
    f("open", "Đang mở", Shown::YesNo),
];

const PLAN: &[FieldSpec] = &[
    f("campaign_id", "Đợt", Shown::Ref),
    f("member_id", "Đảng viên", Shown::Ref),
    f("target", "Chi bộ dự kiến", Shown::Target),
    f("confirmed", "Đã xác nhận", Shown::YesNo),
];

const TRANSFER: &[FieldSpec] = &[
    f("campaign_id", "Đợt", Shown::Ref),
    f("member_id", "Đảng viên", Shown::Ref),
    f("from_branch", "Từ chi bộ", Shown::Ref),
    f("to_branch", "Đến chi bộ", Shown::Ref),
    f("effective_on", "Ngày hiệu lực", Shown::Date),
    f("letter_no", "Số giấy giới thiệu", Shown::Text),
];

const MEMBERSHIP: &[FieldSpec] = &[
    f("member_id", "Đảng viên", Shown::Ref),
    f("branch_id", "Chi bộ", Shown::Ref),
    f("kind", "Hình thức", Shown::Code(membership_kind)),
    f("from", "Từ ngày", Shown::Date),
    f("to", "Đến ngày", Shown::Date),
];

const TASK: &[FieldSpec] = &[
    f("member_id", "Đảng viên", Shown::Ref),
    f("branch_id", "Chi bộ giao", Shown::Ref),
    f("year", "Năm", Shown::Number),
    f("field", "Lĩnh vực", Shown::Code(field)),
    f("text", "Nhiệm vụ", Shown::Text),
    f("due", "Hạn hoàn thành", Shown::Date),
    f("status", "Tình trạng", Shown::Code(task_status)),
    f("result", "Kết quả", Shown::Text),
];

const EVALUATION: &[FieldSpec] = &[
    f("subject_kind", "Đối tượng", Shown::Code(subject)),
    f("subject_id", "Được đánh giá", Shown::Ref),
    f("year", "Năm", Shown::Number),
    f("self_rating", "Tự đánh giá", Shown::Code(rating)),
    f("proposed", "Chi bộ đề xuất", Shown::Code(rating)),
    f("final_rating", "Xếp loại", Shown::Code(rating)),
    f("points", "Điểm", Shown::Number),
    f("commendation_candidate", "Đề nghị khen thưởng", Shown::YesNo),
    f("note", "Ghi chú", Shown::Text),
];

const MEETING: &[FieldSpec] = &[
    f("branch_id", "Chi bộ", Shown::Ref),
    f("date", "Ngày sinh hoạt", Shown::Date),
    f("kind", "Hình thức", Shown::Code(meeting_kind)),
    f("observer", "Cấp ủy dự", Shown::Text),
    f("attendance", "Tham dự", Shown::Attendance),
];

const NOTE: &[FieldSpec] = &[
    f("member_id", "Đảng viên", Shown::Ref),
    f("year", "Năm", Shown::Number),
    f("kind", "Loại", Shown::Code(note_kind)),
    f("text", "Nội dung", Shown::Text),
];

const ACCOUNT: &[FieldSpec] = &[
    f("username", "Tên đăng nhập", Shown::Text),
    f("display_name", "Tên hiển thị", Shown::Text),
    f("role", "Vai trò", Shown::Code(role)),
    f("commune_id", "Xã, thị trấn", Shown::Ref),
    f("branch_id", "Chi bộ", Shown::Ref),
    f("password", "Mật khẩu", Shown::Text),
    f("must_change_password", "Phải đổi mật khẩu khi đăng nhập", Shown::YesNo),
    f("disabled", "Đã khoá", Shown::YesNo),
];

/// The labelled fields of an audited entity (ids and versions are not shown).
pub fn field_table(entity: &str) -> &'static [FieldSpec] {
    match entity {
        "member" => MEMBER,
        "branch" => BRANCH,
        "unit" => UNIT,
        "campaign" => CAMPAIGN,
        "plan" => PLAN,
        "transfer" => TRANSFER,
        "membership" => MEMBERSHIP,
        "task" => TASK,
        "evaluation" => EVALUATION,
        "meeting" => MEETING,
        "note" => NOTE,
        "account" => ACCOUNT,
        _ => &[],
    }
}

/// Whether a value says nothing (left out when a row is new).
pub fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

fn date(v: &Value) -> Option<String> {
    v.as_str().and_then(|s| Date::parse_any(s).ok()).map(Date::to_vn)
}

/// A value in words. Whatever cannot be named shows as "—", never as a code.
pub fn show(shown: &Shown, v: &Value, names: &Names) -> String {
    let dash = || "—".to_string();
    let name = |v: &Value| v.as_str().and_then(|id| names.get(id)).cloned().unwrap_or_else(|| "(đã xoá)".to_string());
    match (shown, v) {
        (Shown::Target, Value::Null) => "Chờ phân công".into(),
        (Shown::Refs, Value::Array(list)) if list.is_empty() => "Tất cả xã, thị trấn".into(),
        (Shown::Dissolution, Value::Null) => "Chưa giải thể".into(),
        (Shown::YesNo, Value::Bool(b)) => if *b { "Có" } else { "Không" }.into(),
        (_, Value::Null) => dash(),
        (Shown::Text, Value::String(s)) if s.trim().is_empty() => dash(),
        (Shown::Text, Value::String(s)) => s.clone(),
        (Shown::Number, Value::Number(n)) => n.to_string(),
        (Shown::Date, v) => date(v).unwrap_or_else(dash),
        (Shown::Ref | Shown::Target, v) => name(v),
        (Shown::Refs, Value::Array(list)) => list.iter().map(name).collect::<Vec<_>>().join(", "),
        (Shown::Code(label), Value::String(s)) => label(s).map_or_else(dash, str::to_string),
        (Shown::Codes(label), Value::Array(list)) => {
            let shown: Vec<&str> = list.iter().filter_map(Value::as_str).filter_map(label).collect();
            if shown.is_empty() { dash() } else { shown.join(", ") }
        }
        (Shown::Dissolution, v) => {
            let on = v.get("on").and_then(date).unwrap_or_else(dash);
            match v.get("decision_no").and_then(Value::as_str).filter(|d| !d.trim().is_empty()) {
                Some(d) => format!("ngày {on}, quyết định số {d}"),
                None => format!("ngày {on}"),
            }
        }
        (Shown::Attendance, Value::Array(lines)) => {
            let counts: Vec<String> = Presence::ALL
                .iter()
                .filter_map(|p| {
                    let n = lines.iter().filter(|l| l.get("presence").and_then(Value::as_str) == Some(p.code())).count();
                    (n > 0).then(|| format!("{} {n}", p.label().to_lowercase()))
                })
                .collect();
            if counts.is_empty() { dash() } else { counts.join(", ") }
        }
        _ => dash(),
    }
}
