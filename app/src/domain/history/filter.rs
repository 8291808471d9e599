//! Which changes a reader may see, and the history page's filters as the address carries them.

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;
use crate::domain::date::{Date, VN_OFFSET_SECONDS};
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::scope::{Actor, Role};
use crate::domain::text::query_value;

/// Rows on a page of history.
pub const PAGE_SIZE: u32 = 50;

/// The changes a reader may see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryScope {
    /// Administrators and the province (district) board.
    All,
    /// A commune's office: the changes of its commune, and of the communes merged into it.
    Communes(Vec<UnitId>),
    /// A branch secretary: the changes of their branch.
    Branch(BranchId),
    Nothing,
}

/// The reader's scope; `lineage` gives a commune with the units it succeeded.
pub fn history_scope(actor: &Actor, lineage: impl Fn(UnitId) -> Vec<UnitId>) -> HistoryScope {
    match (actor.role, actor.commune_id, actor.branch_id) {
        (Role::Admin | Role::District, _, _) => HistoryScope::All,
        (Role::CommuneStaff, Some(c), _) => HistoryScope::Communes(lineage(c)),
        (Role::BranchSecretary, _, Some(b)) => HistoryScope::Branch(b),
        _ => HistoryScope::Nothing,
    }
}

/// A unit with every unit merged or dissolved into it, however long ago: `events` holds each
/// event's resulting unit (or successor) and the units it ended.
pub fn lineage(events: &[(UnitId, Vec<UnitId>)], unit: UnitId) -> Vec<UnitId> {
    let mut found = vec![unit];
    let mut next = 0;
    while next < found.len() {
        let current = found[next];
        next += 1;
        for (result, sources) in events.iter().filter(|(r, _)| *r == current) {
            for s in sources.iter().filter(|s| *s != result) {
                if !found.contains(s) {
                    found.push(*s);
                }
            }
        }
    }
    found
}

/// The history page's address: `tu`, `den` (dd/mm/yyyy), `nguoi` (an account), `loai` (a kind),
/// one subject (`xa`, `don-vi`, `chi-bo`, `dang-vien`) and `trang` (from 1). All optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryQuery {
    #[serde(default)]
    pub tu: String,
    #[serde(default)]
    pub den: String,
    #[serde(default)]
    pub nguoi: String,
    #[serde(default)]
    pub loai: String,
    #[serde(default)]
    pub xa: String,
    #[serde(default, rename = "don-vi")]
    pub don_vi: String,
    #[serde(default, rename = "chi-bo")]
    pub chi_bo: String,
    #[serde(default, rename = "dang-vien")]
    pub dang_vien: String,
    #[serde(default)]
    pub trang: String,
}

/// The filters, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// From this instant (milliseconds), the start of the first day in Viet Nam.
    pub from_millis: Option<i64>,
    /// Before this instant: the end of the last day.
    pub until_millis: Option<i64>,
    pub user: Option<String>,
    pub kind: Option<&'static str>,
    /// A commune: its own changes and everything in it.
    pub commune: Option<UnitId>,
    /// A unit's own changes.
    pub unit: Option<UnitId>,
    pub branch: Option<BranchId>,
    pub member: Option<MemberId>,
    /// From 1.
    pub page: u32,
}

fn day(text: &str, what: &str) -> Result<Option<Date>, DomainError> {
    match text.trim() {
        "" => Ok(None),
        t => Date::parse_vn(t).map(Some).map_err(|e| DomainError::InvalidDate(format!("{what}: {e}"))),
    }
}

/// The first instant of a day in Viet Nam, in milliseconds since the epoch.
fn start_of(d: Date) -> i64 {
    (d.to_days() * 86_400 - VN_OFFSET_SECONDS) * 1000
}

fn id<T>(text: &str, parse: fn(&str) -> Option<T>, what: &'static str) -> Result<Option<T>, DomainError> {
    match text.trim() {
        "" => Ok(None),
        t => parse(t).map(Some).ok_or(DomainError::NotFound(what)),
    }
}

impl HistoryFilter {
    /// Checks the address's filters; a wrong day or an unknown kind is refused in words.
    pub fn parse(q: &HistoryQuery) -> Result<Self, DomainError> {
        let from = day(&q.tu, "Từ ngày")?;
        let to = day(&q.den, "Đến ngày")?;
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(DomainError::EndBeforeStart);
        }
        let kind = match q.loai.trim() {
            "" => None,
            k => Some(
                super::KINDS.iter().find(|(code, _)| *code == k).map(|(code, _)| *code).ok_or(DomainError::NotFound("loại thay đổi"))?,
            ),
        };
        let page = match q.trang.trim() {
            "" => 1,
            p => p.parse::<u32>().ok().filter(|p| (1..=100_000).contains(p)).ok_or(DomainError::NotFound("trang"))?,
        };
        Ok(Self {
            from_millis: from.map(start_of),
            until_millis: to.map(|t| start_of(Date::from_days(t.to_days() + 1))),
            user: Some(q.nguoi.trim().to_string()).filter(|u| !u.is_empty()),
            kind,
            commune: id(&q.xa, UnitId::parse, "xã, thị trấn")?,
            unit: id(&q.don_vi, UnitId::parse, "đơn vị")?,
            branch: id(&q.chi_bo, BranchId::parse, "chi bộ")?,
            member: id(&q.dang_vien, MemberId::parse, "đảng viên")?,
            page,
        })
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u32 {
        (self.page.max(1) - 1) * PAGE_SIZE
    }
}

/// How many pages `total` rows fill (at least one).
pub fn pages(total: u64) -> u32 {
    total.div_ceil(u64::from(PAGE_SIZE)).max(1).try_into().unwrap_or(u32::MAX)
}

impl HistoryQuery {
    /// The address of another page with the same filters.
    pub fn with_page(&self, page: u32) -> Self {
        Self { trang: if page <= 1 { String::new() } else { page.to_string() }, ..self.clone() }
    }

    /// The query string (without `?`), empty fields left out.
    pub fn to_query(&self) -> String {
        let pairs = [
            ("tu", &self.tu),
            ("den", &self.den),
            ("nguoi", &self.nguoi),
            ("loai", &self.loai),
            ("xa", &self.xa),
            ("don-vi", &self.don_vi),
            ("chi-bo", &self.chi_bo),
            ("dang-vien", &self.dang_vien),
            ("trang", &self.trang),
        ];
        pairs
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| format!("{k}={}", query_value(v.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}
