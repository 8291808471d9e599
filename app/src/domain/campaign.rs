//! Transfer campaigns (đợt chuyển): a legal basis and the job categories it covers.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::ids::{CampaignId, UnitId};
use super::member::{JobCategory, Placed};
use super::text::required_text;

/// A campaign that moves members of some job categories into hamlet branches.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub id: CampaignId,
    /// The number of the legal basis, e.g. `21-HD/BTCTU`.
    pub code: String,
    pub title: String,
    pub basis_date: Date,
    pub issuer: String,
    pub job_categories: Vec<JobCategory>,
    pub deadline: Option<Date>,
    /// Whether the branches of the commune agency are dissolved by this campaign.
    pub dissolves_agency_branches: bool,
    /// The communes it applies to; none: every commune.
    #[serde(default)]
    pub communes: Vec<UnitId>,
    pub open: bool,
    pub version: i64,
}

/// A new campaign as its author fills it in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignDraft {
    pub code: String,
    pub title: String,
    pub basis_date: Date,
    pub issuer: String,
    pub job_categories: Vec<JobCategory>,
    #[serde(default)]
    pub deadline: Option<Date>,
    #[serde(default)]
    pub dissolves_agency_branches: bool,
    /// The communes it applies to; none: every commune.
    #[serde(default)]
    pub communes: Vec<UnitId>,
}

impl Campaign {
    /// A new open campaign: the number, title and issuer of its legal basis, at least one job
    /// category (each once), a deadline not before the basis, the communes it applies to among
    /// those of today (`current`; none chosen: all); `taken`: the numbers of the campaigns that
    /// exist (two campaigns never share a number).
    pub fn open_new(id: CampaignId, draft: &CampaignDraft, taken: &[String], current: &[UnitId]) -> Result<Campaign, DomainError> {
        let code = required_text(&draft.code, "số văn bản căn cứ", 60)?;
        let title = required_text(&draft.title, "trích yếu của đợt chuyển", 200)?;
        let issuer = required_text(&draft.issuer, "cơ quan ban hành", 120)?;
        if taken.iter().any(|t| super::org::same_name(t, &code)) {
            return Err(DomainError::CampaignCodeTaken(code));
        }
        let mut job_categories = Vec::new();
        for j in &draft.job_categories {
            if !job_categories.contains(j) {
                job_categories.push(*j);
            }
        }
        if job_categories.is_empty() {
            return Err(DomainError::Required("đối tượng của đợt chuyển (ít nhất một nhóm)"));
        }
        if draft.deadline.is_some_and(|d| d < draft.basis_date) {
            return Err(DomainError::DeadlineBeforeBasis(draft.basis_date.to_vn()));
        }
        let mut communes: Vec<UnitId> = Vec::new();
        for c in &draft.communes {
            if !current.contains(c) {
                return Err(DomainError::CampaignCommuneGone);
            }
            if !communes.contains(c) {
                communes.push(*c);
            }
        }
        Ok(Campaign {
            id,
            code,
            title,
            basis_date: draft.basis_date,
            issuer,
            job_categories,
            deadline: draft.deadline,
            dissolves_agency_branches: draft.dissolves_agency_branches,
            communes,
            open: true,
            version: 1,
        })
    }

    /// The campaign closed: its plans no longer change.
    pub fn close(&self) -> Result<Campaign, DomainError> {
        self.ensure_open()?;
        Ok(Campaign { open: false, ..self.clone() })
    }

    /// Whether the campaign moves this member: one of its job categories, in a commune it
    /// applies to.
    pub fn covers(&self, member: &impl Placed) -> bool {
        self.job_categories.contains(&member.job()) && self.applies_to(member.commune())
    }

    /// Whether the campaign applies to a commune (and the commune gets its board).
    pub fn applies_to(&self, commune: UnitId) -> bool {
        self.communes.is_empty() || self.communes.contains(&commune)
    }

    /// The campaign once the communes `from` were merged into `to` (or dissolved into it), or
    /// `None` if it is not concerned: the new commune takes their place.
    pub fn with_communes_merged(&self, from: &[UnitId], to: UnitId) -> Option<Campaign> {
        if !self.communes.iter().any(|c| from.contains(c)) {
            return None;
        }
        let mut communes: Vec<UnitId> = self.communes.iter().map(|c| if from.contains(c) { to } else { *c }).collect();
        let mut seen = Vec::new();
        communes.retain(|c| {
            if seen.contains(c) {
                false
            } else {
                seen.push(*c);
                true
            }
        });
        Some(Campaign { communes, ..self.clone() })
    }

    /// Refuses any change to the plan of a closed campaign.
    pub fn ensure_open(&self) -> Result<(), DomainError> {
        if self.open { Ok(()) } else { Err(DomainError::CampaignClosed(self.code.clone())) }
    }

    /// Refuses members the campaign does not cover.
    pub fn ensure_covers(&self, member: &impl Placed) -> Result<(), DomainError> {
        if self.covers(member) { Ok(()) } else { Err(DomainError::NotInCampaign(self.code.clone())) }
    }

    /// Encodes the job categories for storage: `official,civil_servant`.
    pub fn categories_code(&self) -> String {
        self.job_categories.iter().map(|j| j.code()).collect::<Vec<_>>().join(",")
    }

    /// Decodes the stored job categories, skipping unknown codes.
    pub fn parse_categories(code: &str) -> Vec<JobCategory> {
        code.split(',').filter_map(|c| JobCategory::from_code(c.trim())).collect()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::member::Member;
    use crate::domain::member::tests::member;

    pub(crate) fn police_campaign() -> Campaign {
        Campaign {
            id: CampaignId::new(),
            code: "314-CV/TU".into(),
            title: "Chuyển sinh hoạt đảng viên là công an xã không chính quy".into(),
            basis_date: Date::parse_vn("23/06/2021").unwrap(),
            issuer: "Tỉnh ủy Đồng Tháp".into(),
            job_categories: vec![JobCategory::CommunePolice],
            deadline: None,
            dissolves_agency_branches: false,
            communes: Vec::new(),
            open: true,
            version: 1,
        }
    }

    #[test]
    fn a_campaign_applies_to_the_communes_it_names_or_to_all() {
        let all = police_campaign();
        let police = Member { job_category: JobCategory::CommunePolice, ..member() };
        assert!(all.applies_to(UnitId::new()) && all.covers(&police));
        let (mine, other, third) = (police.commune_id, UnitId::new(), UnitId::new());
        let some = Campaign { communes: vec![other], ..police_campaign() };
        assert!(!some.applies_to(mine) && !some.covers(&police), "a member of a commune it does not name");
        let merged = some.with_communes_merged(&[other, third], mine).unwrap();
        assert_eq!(merged.communes, vec![mine]);
        assert!(merged.covers(&police));
        assert_eq!(all.with_communes_merged(&[other], mine), None, "a campaign for every commune is not concerned");
        let both = Campaign { communes: vec![other, third], ..police_campaign() };
        assert_eq!(both.with_communes_merged(&[other, third], mine).map(|c| c.communes), Some(vec![mine]), "once each");
    }

    #[test]
    fn a_new_campaign_applies_to_communes_of_today() {
        let (here, gone) = (UnitId::new(), UnitId::new());
        let draft = CampaignDraft {
            code: "05-HD/BTCTU".into(),
            title: "Chuyển sinh hoạt".into(),
            basis_date: Date::parse_vn("01/08/2025").unwrap(),
            issuer: "Ban Tổ chức Tỉnh ủy".into(),
            job_categories: vec![JobCategory::Official],
            deadline: None,
            dissolves_agency_branches: false,
            communes: vec![here, here],
        };
        assert_eq!(Campaign::open_new(CampaignId::new(), &draft, &[], &[here]).map(|c| c.communes), Ok(vec![here]));
        let stale = CampaignDraft { communes: vec![gone], ..draft };
        assert_eq!(Campaign::open_new(CampaignId::new(), &stale, &[], &[here]), Err(DomainError::CampaignCommuneGone));
    }

    #[test]
    fn a_campaign_covers_its_job_categories_only() {
        let c = police_campaign();
        let clerk = member();
        assert!(!c.covers(&clerk));
        assert_eq!(c.ensure_covers(&clerk), Err(DomainError::NotInCampaign("314-CV/TU".into())));
        let police = Member { job_category: JobCategory::CommunePolice, ..clerk };
        assert_eq!(c.ensure_covers(&police), Ok(()));
    }

    #[test]
    fn a_closed_campaign_refuses_changes() {
        let c = Campaign { open: false, ..police_campaign() };
        assert!(c.ensure_open().unwrap_err().to_string().contains("314-CV/TU"));
    }

    #[test]
    fn categories_round_trip_through_storage() {
        let c = Campaign { job_categories: vec![JobCategory::Official, JobCategory::PartTime], ..police_campaign() };
        assert_eq!(c.categories_code(), "official,part_time");
        assert_eq!(Campaign::parse_categories(&c.categories_code()), c.job_categories);
        assert_eq!(Campaign::parse_categories("official,bogus"), vec![JobCategory::Official]);
    }

    fn draft() -> CampaignDraft {
        CampaignDraft {
            code: " 05-HD/BTCTU ".into(),
            title: "Chuyển sinh hoạt đảng viên là cán bộ, công chức xã".into(),
            basis_date: Date::parse_vn("01/03/2026").unwrap(),
            issuer: "Ban Tổ chức Tỉnh ủy".into(),
            job_categories: vec![JobCategory::Official, JobCategory::CivilServant, JobCategory::Official],
            deadline: Some(Date::parse_vn("30/06/2026").unwrap()),
            dissolves_agency_branches: true,
            communes: Vec::new(),
        }
    }

    #[test]
    fn a_new_campaign_has_a_legal_basis_and_covers_at_least_one_group() {
        let c = Campaign::open_new(CampaignId::new(), &draft(), &["314-CV/TU".into()], &[]).unwrap();
        assert_eq!((c.code.as_str(), c.open, c.version), ("05-HD/BTCTU", true, 1));
        assert_eq!(c.job_categories, vec![JobCategory::Official, JobCategory::CivilServant], "each group once");
        assert!(c.dissolves_agency_branches);
        let refused = |d: CampaignDraft| Campaign::open_new(CampaignId::new(), &d, &["05-hd/btctu".into()], &[]).unwrap_err();
        assert_eq!(refused(draft()), DomainError::CampaignCodeTaken("05-HD/BTCTU".into()));
        let fresh = |d: CampaignDraft| Campaign::open_new(CampaignId::new(), &d, &[], &[]).unwrap_err();
        assert_eq!(fresh(CampaignDraft { code: " ".into(), ..draft() }), DomainError::Required("số văn bản căn cứ"));
        assert_eq!(fresh(CampaignDraft { issuer: "".into(), ..draft() }), DomainError::Required("cơ quan ban hành"));
        assert_eq!(
            fresh(CampaignDraft { job_categories: vec![], ..draft() }),
            DomainError::Required("đối tượng của đợt chuyển (ít nhất một nhóm)")
        );
        assert_eq!(
            fresh(CampaignDraft { deadline: Some(Date::parse_vn("28/02/2026").unwrap()), ..draft() }),
            DomainError::DeadlineBeforeBasis("01/03/2026".into())
        );
    }

    #[test]
    fn a_campaign_is_closed_once() {
        let c = police_campaign();
        let closed = c.close().unwrap();
        assert!(!closed.open);
        assert_eq!(closed.close(), Err(DomainError::CampaignClosed("314-CV/TU".into())));
    }
}
