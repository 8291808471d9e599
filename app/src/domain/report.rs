//! The figures of the report, per commune and in total, computed from the records.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

use super::branch::{Branch, BranchKind};
use super::campaign::Campaign;
use super::date::Date;
use super::evaluation::{Rating, distribution};
use super::flags::{Flag, FlagRules, MemberFacts, flags_for};
use super::ids::{BranchId, CampaignId, MemberId, UnitId};
use super::meeting::Participation;
use super::member::Member;
use super::plan::Transfer;

/// The report's title (the page, the print and the exports).
pub const TITLE: &str = "Kết quả chuyển đảng viên công tác tại xã, thị trấn về sinh hoạt đảng tại chi bộ ấp, khóm";

/// One year's final ratings of the moved members, in the order of [`Rating::ALL`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearRatings {
    pub year: i32,
    pub counts: [usize; 4],
    /// Proposed for commendation.
    pub candidates: usize,
}

impl YearRatings {
    /// How many moved members were rated that year.
    pub fn rated(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// One campaign's progress in a commune (or the district).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaveFigures {
    pub campaign_id: CampaignId,
    /// Members the campaign covers: moved, or still to move.
    pub covered: usize,
    pub moved: usize,
    /// The hamlet branches that received them.
    pub receiving_branches: usize,
    /// The latest effective date of its transfers.
    pub last_effective: Option<Date>,
}

/// One commune's progress, as the district overview shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneFigures {
    pub commune_id: Option<UnitId>,
    pub commune_name: String,
    pub agency_branches: usize,
    pub agency_dissolved: usize,
    /// The day the last agency branch was dissolved.
    #[serde(default)]
    pub last_dissolved: Option<Date>,
    /// Members moved into a hamlet branch by a confirmed transfer.
    pub members_moved: usize,
    pub residential_branches: usize,
    /// Moved members with no task assignment.
    pub moved_without_task: usize,
    /// Of those, leaders and committee members.
    pub leaders_without_task: usize,
    /// Members covered by an open campaign and not yet transferred.
    pub pending: usize,
    /// Moved members who hardly come to the branch's meetings.
    pub low_attendance: usize,
    /// Moved members present at meetings who never contributed to a resolution.
    pub never_contributing: usize,
    /// Attendance of the moved members: times present, out of attendance rows.
    pub present: u64,
    pub attendance_rows: u64,
    /// Final ratings per year, oldest first.
    pub ratings: Vec<YearRatings>,
    /// Progress per campaign, in the campaigns' order.
    pub waves: Vec<WaveFigures>,
}

impl CommuneFigures {
    /// Attendance rate of the moved members, in percent (`None` before any meeting).
    pub fn attendance_percent(&self) -> Option<u64> {
        (self.present * 100).checked_div(self.attendance_rows)
    }

    /// The ratings of a year (zeros when nobody was rated).
    pub fn ratings_of(&self, year: i32) -> YearRatings {
        self.ratings.iter().find(|r| r.year == year).cloned().unwrap_or(YearRatings { year, ..Default::default() })
    }

    /// The progress of a campaign.
    pub fn wave(&self, campaign: CampaignId) -> Option<&WaveFigures> {
        self.waves.iter().find(|w| w.campaign_id == campaign)
    }
}

/// Puts the communes' fresh figures (from a live poke) in place of their rows; a commune not in
/// the rows yet joins them in name order.
pub fn merge_figures(rows: &mut Vec<CommuneFigures>, fresh: &[CommuneFigures]) {
    for f in fresh {
        match rows.iter_mut().find(|r| r.commune_id == f.commune_id) {
            Some(row) => *row = f.clone(),
            None => {
                rows.push(f.clone());
                rows.sort_by_cached_key(|r| super::text::text_sort_key(&r.commune_name));
            }
        }
    }
}

/// Every year with ratings in any of the rows, newest first.
pub fn rated_years(rows: &[CommuneFigures]) -> Vec<i32> {
    let mut years: Vec<i32> = rows.iter().flat_map(|r| r.ratings.iter().map(|y| y.year)).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// The records of one commune that the figures are computed from.
pub struct CommuneRecords<'a> {
    pub commune_id: UnitId,
    pub commune_name: &'a str,
    pub branches: &'a [Branch],
    pub members: &'a [Member],
    pub transfers: &'a [Transfer],
    pub campaigns: &'a [Campaign],
    /// Members that have at least one task.
    pub members_with_task: &'a HashSet<MemberId>,
    /// Meeting participation per member.
    pub participation: &'a HashMap<MemberId, Participation>,
    /// Final ratings: member, year, rating, proposed for commendation.
    pub ratings: &'a [(MemberId, i32, Rating, bool)],
    pub rules: FlagRules,
}

/// Computes one commune's figures.
pub fn commune_figures(r: &CommuneRecords<'_>) -> CommuneFigures {
    let own = |b: &&Branch| b.commune_id == Some(r.commune_id);
    let agency: Vec<&Branch> = r.branches.iter().filter(own).filter(|b| b.kind == BranchKind::Agency).collect();
    let members: HashSet<MemberId> = r.members.iter().filter(|m| m.commune_id == r.commune_id).map(|m| m.id).collect();
    let transfers: Vec<&Transfer> = r.transfers.iter().filter(|t| members.contains(&t.member_id)).collect();
    let moved: HashSet<MemberId> = transfers.iter().map(|t| t.member_id).collect();
    let mut f = CommuneFigures {
        commune_id: Some(r.commune_id),
        commune_name: r.commune_name.to_string(),
        agency_branches: agency.len(),
        agency_dissolved: agency.iter().filter(|b| !b.is_active()).count(),
        last_dissolved: agency.iter().filter_map(|b| b.dissolved.as_ref().map(|d| d.on)).max(),
        members_moved: moved.len(),
        residential_branches: r.branches.iter().filter(own).filter(|b| b.kind == BranchKind::Residential && b.is_active()).count(),
        ..Default::default()
    };
    for m in r.members.iter().filter(|m| moved.contains(&m.id)) {
        let participation = r.participation.get(&m.id).copied().unwrap_or_default();
        let facts =
            MemberFacts { moved: true, is_leader: m.is_leader(), tasks: usize::from(r.members_with_task.contains(&m.id)), participation };
        for flag in flags_for(&facts, &r.rules) {
            match flag {
                Flag::LeaderWithoutTask => {
                    f.moved_without_task += 1;
                    f.leaders_without_task += 1;
                }
                Flag::NoTask => f.moved_without_task += 1,
                Flag::LowAttendance => f.low_attendance += 1,
                Flag::NeverContributing => f.never_contributing += 1,
            }
        }
        f.present += u64::from(participation.present);
        f.attendance_rows += u64::from(participation.meetings);
    }
    f.pending = r
        .members
        .iter()
        .filter(|m| m.commune_id == r.commune_id && !moved.contains(&m.id))
        .filter(|m| r.campaigns.iter().any(|c| c.open && c.covers(m)))
        .count();
    let mut by_year: Vec<(i32, Vec<Rating>, usize)> = Vec::new();
    for (_, year, rating, candidate) in r.ratings.iter().filter(|(m, ..)| moved.contains(m)) {
        match by_year.iter_mut().find(|(y, ..)| y == year) {
            Some((_, list, c)) => {
                list.push(*rating);
                *c += usize::from(*candidate);
            }
            None => by_year.push((*year, vec![*rating], usize::from(*candidate))),
        }
    }
    by_year.sort_by_key(|(y, ..)| *y);
    f.ratings = by_year.into_iter().map(|(year, list, candidates)| YearRatings { year, counts: distribution(list), candidates }).collect();
    f.waves = r
        .campaigns
        .iter()
        .map(|c| {
            let mine: Vec<&&Transfer> = transfers.iter().filter(|t| t.campaign_id == c.id).collect();
            let moved_here: HashSet<MemberId> = mine.iter().map(|t| t.member_id).collect();
            let waiting = r.members.iter().filter(|m| m.commune_id == r.commune_id && c.covers(m) && !moved.contains(&m.id)).count();
            WaveFigures {
                campaign_id: c.id,
                covered: moved_here.len() + waiting,
                moved: moved_here.len(),
                receiving_branches: mine.iter().map(|t| t.to_branch).collect::<HashSet<BranchId>>().len(),
                last_effective: mine.iter().map(|t| t.effective_on).max(),
            }
        })
        .collect();
    f
}

/// The report's opening paragraph, written from the district's figures: the first campaign
/// (the one that dissolves the agency branches), then every later wave as far as it went, and
/// the total of members moved.
pub fn opening_paragraph(total: &CommuneFigures, campaigns: &[Campaign]) -> String {
    let mut out = String::new();
    let mut ordered: Vec<Campaign> = campaigns.to_vec();
    report_order(&mut ordered);
    let mut waves = ordered.iter().filter_map(|c| total.wave(c.id).map(|w| (c, w)));
    if let Some((c, w)) = waves.next() {
        // Results as of the last step of the first wave: a transfer, or a dissolution.
        let by = w.last_effective.max(total.last_dissolved).map_or_else(|| "nay".to_string(), |d| format!("ngày {}", d.to_vn()));
        out.push_str(&format!(
            "Căn cứ {} số {} ngày {} của {}, Ban Thường vụ Huyện uỷ chỉ đạo đảng uỷ các xã, thị trấn giải thể chi bộ cơ quan xã, \
             thị trấn, chuyển đảng viên đang công tác tại cơ quan xã, thị trấn về sinh hoạt đảng chi bộ ấp, khóm; kết quả đến {by} \
             đã giải thể {}/{} chi bộ cơ quan xã, thị trấn, chuyển {} đảng viên là cán bộ, công chức, những người hoạt động không \
             chuyên trách xã, thị trấn về sinh hoạt đảng tại {} chi bộ ấp, khóm.",
            basis_kind(&c.code),
            c.code,
            c.basis_date.to_vn(),
            c.issuer,
            two_digits(total.agency_dissolved),
            two_digits(total.agency_branches),
            w.moved,
            w.receiving_branches,
        ));
    }
    for (c, w) in waves {
        let start = format!(" Đồng thời, thực hiện {} số {} ngày {} của {}", basis_kind(&c.code), c.code, c.basis_date.to_vn(), c.issuer);
        let what = c.title.strip_prefix("Chuyển sinh hoạt đảng của ").unwrap_or("đảng viên thuộc diện của đợt chuyển");
        let result = if w.moved == 0 {
            format!(", các xã đang lập kế hoạch chuyển {} đồng chí {what}.", w.covered)
        } else if w.moved >= w.covered {
            format!(", Ban Thường vụ Huyện uỷ chỉ đạo đảng uỷ các xã chuyển {} đồng chí {what}.", w.moved)
        } else {
            format!(", đến nay đã chuyển {}/{} đồng chí {what}.", w.moved, w.covered)
        };
        out.push_str(&start);
        out.push_str(&result);
    }
    if total.waves.iter().filter(|w| w.moved > 0).count() > 1 {
        out.push_str(&format!(
            " Kết quả đến nay, có {} đảng viên công tác tại xã, thị trấn đã chuyển về sinh hoạt đảng chi bộ ấp, khóm.",
            total.members_moved
        ));
    }
    out
}

/// The report's order of the campaigns: the one that dissolves the agency branches first, then
/// by the date of their legal basis.
pub fn report_order(campaigns: &mut [Campaign]) {
    campaigns.sort_by_key(|c| (!c.dissolves_agency_branches, c.basis_date));
}

/// A table of the report, as the page, the CSV and the XLSX files show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    /// Every row starts with the commune's name; the last row is the district's total.
    pub rows: Vec<Vec<String>>,
}

/// The tables behind the opening paragraph: the transfers per campaign, tasks and participation,
/// and the ratings of `year` (the three groups of the report).
pub fn report_tables(rows: &[CommuneFigures], total: &CommuneFigures, campaigns: &[Campaign], year: Option<i32>) -> Vec<Table> {
    let all: Vec<&CommuneFigures> = rows.iter().chain(std::iter::once(total)).collect();
    let table = |title: String, headers: Vec<String>, cells: &dyn Fn(&CommuneFigures) -> Vec<String>| Table {
        title,
        headers: std::iter::once("Xã, thị trấn".to_string()).chain(headers).collect(),
        rows: all.iter().map(|f| std::iter::once(f.commune_name.clone()).chain(cells(f)).collect()).collect(),
    };
    let mut headers = vec!["Chi bộ cơ quan đã giải thể".to_string()];
    for c in campaigns {
        headers.push(format!("Đã chuyển theo {}", c.code));
        headers.push(format!("Chi bộ ấp, khóm nhận ({})", c.code));
    }
    headers.extend(["Tổng số đã chuyển".to_string(), "Chờ chuyển".to_string()]);
    let transfers = table("Kết quả chuyển sinh hoạt đảng".into(), headers, &|f| {
        let mut cells = vec![format!("{}/{}", two_digits(f.agency_dissolved), two_digits(f.agency_branches))];
        for c in campaigns {
            let w = f.wave(c.id);
            cells.push(w.map_or(0, |w| w.moved).to_string());
            cells.push(w.map_or(0, |w| w.receiving_branches).to_string());
        }
        cells.extend([f.members_moved.to_string(), f.pending.to_string()]);
        cells
    });
    let follow = table(
        "Phân công nhiệm vụ và tham gia sinh hoạt chi bộ".into(),
        [
            "Chưa được phân công nhiệm vụ",
            "Trong đó lãnh đạo, cấp ủy viên",
            "Tỷ lệ dự sinh hoạt",
            "Ít tham gia sinh hoạt",
            "Chưa đóng góp xây dựng nghị quyết",
        ]
        .map(String::from)
        .to_vec(),
        &|f| {
            vec![
                f.moved_without_task.to_string(),
                f.leaders_without_task.to_string(),
                f.attendance_percent().map_or_else(|| "—".into(), |p| format!("{p}%")),
                f.low_attendance.to_string(),
                f.never_contributing.to_string(),
            ]
        },
    );
    let mut tables = vec![transfers, follow];
    if let Some(year) = year {
        let headers = Rating::ALL.iter().map(|r| r.label().to_string()).chain(["Đề nghị khen thưởng".to_string()]).collect();
        tables.push(table(format!("Xếp loại đảng viên đã chuyển năm {year}"), headers, &|f| {
            let r = f.ratings_of(year);
            r.counts.iter().map(usize::to_string).chain([r.candidates.to_string()]).collect()
        }));
    }
    tables
}

/// "Hướng dẫn", "Công văn"… from the number's suffix (`21-HD/…`, `314-CV/…`).
fn basis_kind(code: &str) -> &'static str {
    let kind = code.split('-').nth(1).and_then(|s| s.split('/').next()).unwrap_or("");
    match kind {
        "HD" => "Hướng dẫn",
        "CV" => "Công văn",
        "NQ" => "Nghị quyết",
        "CT" => "Chỉ thị",
        "QĐ" => "Quyết định",
        "KH" => "Kế hoạch",
        _ => "văn bản",
    }
}

/// Two-digit counts as the report writes them ("09/09").
pub fn two_digits(n: usize) -> String {
    format!("{n:02}")
}

pub mod as_of;
mod whole;
pub use whole::{issuer, totals};

#[cfg(test)]
mod tests;
