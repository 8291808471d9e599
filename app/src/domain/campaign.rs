//! Transfer campaigns (đợt chuyển): a legal basis and the job categories it covers.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::ids::CampaignId;
use super::member::{JobCategory, Member};

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
    pub open: bool,
    pub version: i64,
}

impl Campaign {
    /// Whether the campaign moves this member.
    pub fn covers(&self, member: &Member) -> bool {
        self.job_categories.contains(&member.job_category)
    }

    /// Refuses any change to the plan of a closed campaign.
    pub fn ensure_open(&self) -> Result<(), DomainError> {
        if self.open { Ok(()) } else { Err(DomainError::CampaignClosed(self.code.clone())) }
    }

    /// Refuses members the campaign does not cover.
    pub fn ensure_covers(&self, member: &Member) -> Result<(), DomainError> {
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
            open: true,
            version: 1,
        }
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
}
