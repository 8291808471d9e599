//! The register's side of an import: a member's record as a row of the template's columns (the
//! export, which reads back as the same records), and the branch a newcomer joins.

use super::Column;
use crate::domain::branch::Branch;
use crate::domain::ids::{BranchId, UnitId};
use crate::domain::member::Member;

/// A member's record as a row of the template's columns (the register's export, which reads
/// back as the same records): `residence` is the hamlet's name; the register keeps whether a
/// member is full or probationary, not the day, so that column says which.
pub fn export_row(m: &Member, residence: &str) -> Vec<String> {
    let yes = |b: bool| if b { "x" } else { "" }.to_string();
    Column::ALL
        .iter()
        .map(|c| match c {
            Column::FullName => m.full_name.as_str().to_string(),
            Column::Gender => m.gender.label().to_string(),
            Column::BirthDate => m.birth_date.to_vn(),
            Column::PartyCardNo => m.party_card_no.clone(),
            Column::RecordNo => m.record_no.clone(),
            Column::CitizenId => String::new(),
            Column::JoinedOn => m.joined_on.to_vn(),
            Column::OfficialOn => m.status.label().to_string(),
            Column::Residence => residence.to_string(),
            Column::Job => m.job_category.label().to_string(),
            Column::Field => m.field.label().to_string(),
            Column::Committee => yes(m.is_committee_member),
            Column::KeyLeader => yes(m.is_key_leader),
        })
        .collect()
}

/// The branch a member new to the register joins officially: the active residential branch of the
/// hamlet where they live (`None`: the hamlet has none yet).
pub fn home_branch(residence: UnitId, branches: &[Branch]) -> Option<BranchId> {
    branches.iter().find(|b| b.holds_meetings() && b.hamlet_id == Some(residence)).map(|b| b.id)
}
