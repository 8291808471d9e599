//! The change history in words: what an audit row says (who, when, from which device, the
//! change as before → after with labels, dd/mm/yyyy dates and names — never codes), which rows
//! a reader may see, and the filters of the history page.

mod fields;
mod filter;
#[cfg(test)]
mod tests;

use serde_json::{Map, Value};

pub use fields::{Shown, field_table};
pub use filter::{HistoryFilter, HistoryQuery, HistoryScope, PAGE_SIZE, history_scope, lineage, pages};

use super::date::format_timestamp_vn;

/// The kinds of change the history filters by: the audited entity and its label.
pub const KINDS: &[(&str, &str)] = &[
    ("member", "Hồ sơ đảng viên"),
    ("membership", "Sinh hoạt đảng"),
    ("plan", "Phân công chi bộ"),
    ("transfer", "Chuyển sinh hoạt"),
    ("task", "Nhiệm vụ"),
    ("meeting", "Sinh hoạt chi bộ"),
    ("evaluation", "Đánh giá, xếp loại"),
    ("note", "Biểu dương, phê bình"),
    ("branch", "Chi bộ"),
    ("unit", "Đơn vị hành chính"),
    ("campaign", "Đợt chuyển sinh hoạt"),
    ("account", "Tài khoản"),
];

/// The label of an audited entity.
pub fn kind_label(entity: &str) -> &'static str {
    KINDS.iter().find(|(code, _)| *code == entity).map_or("Thay đổi khác", |(_, label)| label)
}

/// What the user did, from the mutation's name.
pub fn action_label(mutation: Option<&str>) -> &'static str {
    match mutation.unwrap_or_default() {
        "plan.move_member" => "Phân công chi bộ",
        "transfer.confirm" => "Xác nhận chuyển sinh hoạt",
        "branch.dissolve" => "Giải thể chi bộ",
        "member.create" => "Thêm đảng viên",
        "member.update" => "Sửa hồ sơ đảng viên",
        "task.save" => "Giao, cập nhật nhiệm vụ",
        "evaluation.save" => "Đánh giá, xếp loại",
        "meeting.save" => "Ghi buổi sinh hoạt",
        "note.save" => "Ghi biểu dương, phê bình",
        "unit.create" => "Thêm đơn vị",
        "branch.create" => "Thêm chi bộ",
        "campaign.create" => "Mở đợt chuyển sinh hoạt",
        "campaign.close" => "Kết thúc đợt chuyển sinh hoạt",
        "unit.merge" => "Hợp nhất đơn vị",
        "unit.rename" => "Đổi tên đơn vị",
        "unit.dissolve" => "Giải thể đơn vị",
        "branch.rename" => "Đổi tên chi bộ",
        "account.create" => "Tạo tài khoản",
        "account.reset_password" => "Cấp lại mật khẩu",
        "account.enable" => "Mở khoá tài khoản",
        "account.disable" => "Khoá tài khoản",
        "account.change_password" => "Đổi mật khẩu",
        _ => "Thay đổi",
    }
}

/// An audit row as the store reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct AuditEntry {
    pub at_millis: i64,
    /// The author's display name (`None`: the system, e.g. the demo data).
    pub author: Option<String>,
    pub client_id: Option<String>,
    pub mutation: Option<String>,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// One field of a change: its label, and its value before and after, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub label: &'static str,
    /// `None`: a new row (nothing before).
    pub before: Option<String>,
    pub after: String,
}

/// An audit row in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Described {
    /// dd/mm/yyyy hh:mm, Viet Nam time.
    pub when: String,
    pub who: String,
    pub device: String,
    /// What was done, e.g. "Phân công chi bộ".
    pub action: &'static str,
    /// What it was done to, e.g. "Đảng viên Nguyễn Văn Bình".
    pub subject: String,
    pub changes: Vec<FieldChange>,
}

/// Names of the units, branches, members, campaigns and accounts a page of history refers to,
/// by id.
pub type Names = std::collections::HashMap<String, String>;

/// The device of a change, in a few characters a person can compare ("Thiết bị 3F9A"); a change
/// made through a form of the server (accounts, passwords) came from no synced device.
pub fn device_label(client_id: Option<&str>) -> String {
    match client_id.map(|c| c.chars().filter(char::is_ascii_alphanumeric).collect::<String>()) {
        Some(c) if c.len() >= 4 => format!("Thiết bị {}", c[c.len() - 4..].to_uppercase()),
        _ => "Trên máy chủ".into(),
    }
}

/// The fields of a row, flattened: a meeting's record keeps the meeting beside its attendance.
fn flat(entity: &str, value: Option<&Value>) -> Option<Map<String, Value>> {
    let Value::Object(map) = value? else { return None };
    if entity == "meeting"
        && let Some(Value::Object(meeting)) = map.get("meeting")
    {
        let mut out = meeting.clone();
        out.insert("attendance".into(), map.get("attendance").cloned().unwrap_or(Value::Null));
        return Some(out);
    }
    Some(map.clone())
}

/// A member's first plan entry of a campaign moves them from the waiting column: before it, they
/// were "Chờ phân công", unconfirmed.
fn unplanned(entity: &str, after: &Map<String, Value>) -> Option<Map<String, Value>> {
    (entity == "plan").then(|| {
        let mut before = after.clone();
        before.insert("target".into(), Value::Null);
        before.insert("confirmed".into(), Value::Bool(false));
        before
    })
}

/// The member an audit row concerns (a member's page lists it), if any.
pub fn member_of(entity: &str, id: &str, before: Option<&Value>, after: Option<&Value>) -> Option<String> {
    if entity == "member" {
        return Some(id.to_string());
    }
    [after, before].into_iter().flatten().find_map(|v| {
        let pick = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        match entity {
            "evaluation" => (v.get("subject_kind").and_then(Value::as_str) == Some("member")).then(|| pick("subject_id")).flatten(),
            _ => pick("member_id"),
        }
    })
}

/// The ids a row refers to, to be named.
pub fn referenced_ids(entry: &AuditEntry) -> Vec<String> {
    let table = field_table(&entry.entity);
    let mut ids = vec![entry.entity_id.clone()];
    for map in [flat(&entry.entity, entry.before.as_ref()), flat(&entry.entity, entry.after.as_ref())].into_iter().flatten() {
        for f in table.iter().filter(|f| matches!(f.shown, Shown::Ref | Shown::Refs | Shown::Target)) {
            match map.get(f.key) {
                Some(Value::String(s)) => ids.push(s.clone()),
                Some(Value::Array(list)) => ids.extend(list.iter().filter_map(Value::as_str).map(str::to_string)),
                _ => {}
            }
        }
        for key in ["member_id", "branch_id"] {
            if let Some(s) = map.get(key).and_then(Value::as_str) {
                ids.push(s.to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

/// What a row is about, in words: "Đảng viên Nguyễn Văn Bình", "Nhiệm vụ của …".
fn subject(entry: &AuditEntry, row: &Map<String, Value>, names: &Names) -> String {
    let named = |key: &str| row.get(key).and_then(Value::as_str).and_then(|id| names.get(id)).cloned();
    let own = |key: &str| row.get(key).and_then(Value::as_str).map(str::to_string).or_else(|| names.get(&entry.entity_id).cloned());
    let member = named("member_id").unwrap_or_else(|| "một đảng viên".into());
    match entry.entity.as_str() {
        "member" => format!("Đảng viên {}", own("full_name").unwrap_or_default()),
        "branch" => own("name").unwrap_or_else(|| "Chi bộ".into()),
        "unit" => own("name").unwrap_or_else(|| "Đơn vị".into()),
        "campaign" => format!("Đợt {}", own("code").unwrap_or_default()),
        "account" => format!("Tài khoản {}", own("username").unwrap_or_default()),
        "plan" => format!("Phân công {member}"),
        "transfer" => format!("Chuyển sinh hoạt của {member}"),
        "membership" => format!("Sinh hoạt đảng của {member}"),
        "task" => format!("Nhiệm vụ của {member}"),
        "note" => format!("Biểu dương, phê bình {member}"),
        "evaluation" => {
            let year = row.get("year").and_then(Value::as_i64).map(|y| format!(" năm {y}")).unwrap_or_default();
            format!("Đánh giá{year} của {}", named("subject_id").unwrap_or_else(|| "một đảng viên".into()))
        }
        "meeting" => {
            let on = row.get("date").map(|d| fields::show(&Shown::Date, d, names)).unwrap_or_default();
            format!("Buổi sinh hoạt ngày {on} của {}", named("branch_id").unwrap_or_else(|| "chi bộ".into()))
        }
        other => kind_label(other).into(),
    }
}

/// An audit row in words: every labelled field that changed, with its value before and after.
pub fn describe(entry: &AuditEntry, names: &Names) -> Described {
    let after = flat(&entry.entity, entry.after.as_ref()).unwrap_or_default();
    let before = flat(&entry.entity, entry.before.as_ref()).or_else(|| unplanned(&entry.entity, &after));
    let mut changes = Vec::new();
    for f in field_table(&entry.entity) {
        // A field the row does not carry is not shown (a partial record, e.g. an account's password).
        let Some(new) = after.get(f.key) else { continue };
        let old = before.as_ref().and_then(|b| b.get(f.key));
        if old == Some(new) || (before.is_none() && fields::is_empty(new)) {
            continue;
        }
        let after_text = fields::show(&f.shown, new, names);
        let before_text = old.map(|v| fields::show(&f.shown, v, names)).or_else(|| before.is_some().then(|| "—".into()));
        if before_text.as_deref() == Some(after_text.as_str()) {
            continue;
        }
        changes.push(FieldChange { label: f.label, before: before_text, after: after_text });
    }
    // What the row is about is named from its newest values.
    let mut merged = before.unwrap_or_default();
    merged.extend(after);
    Described {
        when: format_timestamp_vn(entry.at_millis),
        who: entry.author.clone().unwrap_or_else(|| "Hệ thống".into()),
        device: device_label(entry.client_id.as_deref()),
        action: action_label(entry.mutation.as_deref()),
        subject: subject(entry, &merged, names),
        changes,
    }
}

impl FieldChange {
    /// "Chi bộ dự kiến: Chờ phân công → Chi bộ Ấp 1", or "Họ và tên: Nguyễn Văn Bình" for a new row.
    pub fn sentence(&self) -> String {
        match &self.before {
            Some(b) => format!("{}: {} → {}", self.label, b, self.after),
            None => format!("{}: {}", self.label, self.after),
        }
    }
}
