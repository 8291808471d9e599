//! What the pages show, as plain serialisable data (built on the server, rendered on both sides).

use serde::{Deserialize, Serialize};

use crate::domain::campaign::Campaign;
use crate::domain::member::Badge;
use crate::domain::report::{CommuneFigures, merge_figures, opening_paragraph, rated_years, report_tables, totals};

mod history;
mod register;
pub use history::{ChangeLine, HistoryView, RecentChanges};
pub use register::{ImportLine, ImportPreview, ImportRequest, MemberEdit, MemberFormChoices, PlannedChange, RegisterLine, RegisterView};

/// The signed-in user, for the header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The account's id: the key of this user's local store on the device.
    pub user_id: String,
    pub display_name: String,
    pub role_label: String,
    /// Where this user starts: the overview or their commune.
    pub home: String,
    /// The communes this user manages (the board's editing right when the server is out of reach).
    pub manages: crate::domain::scope::Manages,
    /// District board or administrator: the overview and the report.
    #[serde(default)]
    pub district: bool,
    /// Administrator: the accounts page.
    #[serde(default)]
    pub admin: bool,
    /// Still on a one-time password: only the change-password page works.
    #[serde(default)]
    pub must_change_password: bool,
}

/// A campaign line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignLine {
    pub id: String,
    pub code: String,
    pub title: String,
    pub basis_date: String,
    pub issuer: String,
    pub open: bool,
}

/// The district overview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewView {
    /// What the organisation is called as a whole today: "huyện", "tỉnh".
    pub whole: String,
    pub rows: Vec<CommuneFigures>,
    pub total: CommuneFigures,
    /// Years with final ratings, newest first.
    pub years: Vec<i32>,
    pub campaigns: Vec<CampaignLine>,
}

impl OverviewView {
    /// The overview with the fresh figures of some communes (from a live poke).
    pub fn with_figures(mut self, fresh: &[CommuneFigures]) -> Self {
        if !fresh.is_empty() {
            merge_figures(&mut self.rows, fresh);
            self.total = totals(&self.rows, &self.whole);
            self.years = rated_years(&self.rows);
        }
        self
    }
}

/// A member in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLine {
    pub id: String,
    pub name: String,
    pub job: String,
    pub residence: String,
    pub badges: Vec<Badge>,
    /// Lives in another hamlet than the branch's.
    pub mismatch: bool,
    pub flags: Vec<String>,
}

/// A branch and its members.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchView {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The branch has its own page (an active residential branch: meetings, ratings).
    pub has_page: bool,
    /// "Đã giải thể ngày 20/01/2019 (QĐ 05-QĐ/ĐU)" when dissolved.
    pub dissolved: Option<String>,
    /// The user may dissolve it (and the version a dissolution is based on).
    pub can_dissolve: bool,
    pub version: i64,
    pub members: Vec<MemberLine>,
}

/// Members of an open campaign not yet transferred.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingGroup {
    pub campaign: CampaignLine,
    pub members: Vec<MemberLine>,
}

/// A commune page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneView {
    pub id: String,
    pub name: String,
    pub figures: CommuneFigures,
    /// This year's ratings of the moved members (a figure that follows the member pages).
    pub ratings: crate::domain::report::YearRatings,
    pub branches: Vec<BranchView>,
    pub pending: Vec<PendingGroup>,
    /// The campaigns that apply to the commune, for the links to their boards.
    pub campaigns: Vec<CampaignLine>,
    /// The user reads the commune's member register.
    pub has_register: bool,
    /// The latest changes of the commune (its own and everything in it).
    pub changes: RecentChanges,
}

/// One labelled value of a member's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// A row of a history table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    pub cells: Vec<String>,
}

/// A member page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// What the user may record for this member (tasks, ratings), if anything.
    pub follow: Option<FollowView>,
    pub id: String,
    pub name: String,
    pub commune_id: String,
    pub commune: String,
    pub current_branch: String,
    pub badges: Vec<Badge>,
    pub flags: Vec<String>,
    pub facts: Vec<Fact>,
    pub memberships: Vec<HistoryRow>,
    pub transfers: Vec<HistoryRow>,
    pub tasks: Vec<HistoryRow>,
    pub evaluations: Vec<HistoryRow>,
    /// Commendations and criticisms: year, kind, text.
    pub notes: Vec<HistoryRow>,
    /// The latest changes of the member's record and of what concerns them.
    pub changes: RecentChanges,
    /// The record's form (the commune's office, administrators).
    pub edit: Option<MemberEdit>,
}

/// What the forms of a member's page need to give a task or record a rating.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowView {
    /// The branch where the member belongs officially (tasks come from it).
    pub branch_id: String,
    /// The member's field (code) and its task templates.
    pub field: String,
    pub templates: Vec<String>,
    /// This year, on the server.
    pub year: i32,
    /// This year's evaluation, if any (its version is the base of an edit).
    pub evaluation: Option<crate::domain::evaluation::Evaluation>,
    /// The tasks the member's branch gave, newest first (their progress is recorded here).
    pub tasks: Vec<crate::domain::task::TaskAssignment>,
}

/// A member on the branch page, with this year's evaluation (the base of a proposal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchMember {
    pub id: String,
    pub name: String,
    pub badges: Vec<Badge>,
    pub flags: Vec<String>,
    pub evaluation: Option<crate::domain::evaluation::Evaluation>,
}

/// `/chi-bo/:id`: a branch's members, this month's meeting, the proposals of ratings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchPageView {
    pub id: String,
    pub name: String,
    pub commune_id: String,
    pub commune: String,
    /// Not dissolved.
    pub active: bool,
    /// Today on the server (dd/mm/yyyy) and its year (the year rated).
    pub today: String,
    pub year: i32,
    pub members: Vec<BranchMember>,
    /// This month's meeting, if one was recorded (its version is the base of an edit).
    pub this_month: Option<crate::domain::meeting::MeetingRecord>,
    /// The kind a new meeting gets by default (code).
    pub default_kind: String,
    /// Recent meetings: date, kind, present / on the sheet, who attended from above.
    pub recent: Vec<HistoryRow>,
    /// The user may record meetings and propose ratings (the branch's secretary, commune staff).
    pub can_follow: bool,
    /// The user may rate the branch itself (commune staff, while it is active).
    pub can_rate_branch: bool,
    /// The branch's secretaries' accounts ("Võ Văn Lâm (bithu.khom1)"); whether the user names
    /// one (administrators, while the branch is active).
    pub secretaries: Vec<String>,
    pub can_name_secretary: bool,
    pub branch_evaluation: Option<crate::domain::evaluation::Evaluation>,
    /// The latest changes in the branch.
    pub changes: RecentChanges,
}

/// `/bao-cao`: the report written from live data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// What the organisation is called as a whole today: "huyện", "tỉnh".
    pub whole: String,
    /// The figures it is written from, per commune, and the campaigns in the report's order.
    pub rows: Vec<CommuneFigures>,
    pub campaigns: Vec<Campaign>,
    pub opening: String,
    /// The tables behind it, the ratings of `year`.
    pub tables: Vec<crate::domain::report::Table>,
    /// Years with ratings, newest first, and the one shown.
    pub years: Vec<i32>,
    pub year: Option<i32>,
    /// Today on the server (dd/mm/yyyy).
    pub today: String,
    /// The day whose communes the rows are (dd/mm/yyyy); `None`: today's, kept live.
    pub as_of: Option<String>,
}

impl ReportView {
    /// The report written again with the fresh figures of some communes (from a live poke); a
    /// report per the communes of an earlier day is not (the fresh figures are today's communes').
    pub fn with_figures(mut self, fresh: &[CommuneFigures]) -> Self {
        if !fresh.is_empty() && self.as_of.is_none() {
            merge_figures(&mut self.rows, fresh);
            let total = totals(&self.rows, &self.whole);
            self.opening = opening_paragraph(&total, &self.campaigns);
            self.tables = report_tables(&self.rows, &total, &self.campaigns, self.year);
            self.years = rated_years(&self.rows);
        }
        self
    }
}

/// An account on the administrator's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLine {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    /// Where the account works ("Thị trấn Sa Rài", "Chi bộ Ấp 1 — Thị trấn Sa Rài"), or "".
    pub scope: String,
    /// "dd/mm/yyyy hh:mm", or "Chưa đăng nhập".
    pub last_sign_in: String,
    pub disabled: bool,
    /// Still on a one-time password.
    pub one_time: bool,
    /// Its commune or branch has ended (after a merge or a dissolution).
    pub scope_ended: bool,
    /// The administrator's own account (not disabled or reset from the list).
    pub is_me: bool,
}

/// A choice in a form: its value and its label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The accounts page: every account, and the choices of the form that creates one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsView {
    pub accounts: Vec<AccountLine>,
    /// Each role, with the kind of place its accounts are given.
    pub roles: Vec<(Choice, crate::domain::account::ScopeKind)>,
    /// Current communes.
    pub communes: Vec<Choice>,
    /// Active branches in a commune, labelled with their commune.
    pub branches: Vec<Choice>,
}

/// A unit, a kind of unit or a branch offered by a form of the organisation page, with its level
/// in the tree (a form offers the units of one level together) and the version the change is
/// based on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeChoice {
    pub value: String,
    pub label: String,
    pub level: u8,
    pub version: i64,
}

/// A unit of the organisation tree as of a date, with its branches then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgNode {
    pub id: String,
    /// 0 for the top units, 1 under them, …
    pub depth: u8,
    pub name: String,
    /// "Xã", "Ấp", …
    pub kind: String,
    /// "từ 01/01/2000", "01/01/2000 – 30/06/2025".
    pub valid: String,
    /// The founding decision, or "".
    pub decision: String,
    /// The branches of the unit active on the date.
    pub branches: Vec<String>,
}

/// The organisation page: the tree as of a date, and the choices of its forms.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgView {
    /// dd/mm/yyyy.
    pub as_of: String,
    pub nodes: Vec<OrgNode>,
    /// Administrators add units.
    pub can_edit_tree: bool,
    /// The kinds of unit ("Xã — cấp 1").
    pub unit_kinds: Vec<Choice>,
    /// The units existing today, as parents of a new unit.
    pub parents: Vec<Choice>,
    /// The communes and hamlets existing today where the user may found a branch (empty: the
    /// form is not shown).
    pub branch_units: Vec<Choice>,
    /// For administrators: the kinds with their levels, and the units existing today, which
    /// can be merged, renamed or dissolved.
    pub event_kinds: Vec<TreeChoice>,
    pub event_units: Vec<TreeChoice>,
    /// The active branches the user may rename.
    pub renamable_branches: Vec<TreeChoice>,
}

/// A step of setting up, on the administrator's home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupLine {
    pub title: String,
    pub detail: String,
    pub href: String,
    pub done: bool,
    /// The first step not done.
    pub next: bool,
}

/// The administrator's set-up home.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    pub steps: Vec<SetupLine>,
    pub complete: bool,
}

/// A campaign on the campaigns page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRow {
    pub id: String,
    pub code: String,
    pub title: String,
    /// "23/06/2021 — Tỉnh ủy Đồng Tháp".
    pub basis: String,
    /// "Cán bộ; Công chức".
    pub groups: String,
    /// dd/mm/yyyy, or "".
    pub deadline: String,
    /// "Xã Tân Hồng; Xã An Phước", or every commune.
    pub communes: String,
    pub open: bool,
    pub version: i64,
}

/// The campaigns page: every campaign, and whether the user opens and closes them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignsView {
    pub campaigns: Vec<CampaignRow>,
    pub can_manage: bool,
    /// The job categories a campaign may cover.
    pub groups: Vec<Choice>,
    /// The current communes it may apply to.
    pub communes: Vec<Choice>,
}
