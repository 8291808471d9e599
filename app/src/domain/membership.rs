//! Memberships: a member belongs to a branch officially, temporarily, or keeps contact with the
//! branch of the place of residence (Quy định 213-QĐ/TW). At most one official branch at a time.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::ids::{BranchId, MemberId, MembershipId};

coded_enum!(
    /// How a member belongs to a branch.
    MembershipKind {
        Official = "official", "Chính thức";
        Temporary = "temporary", "Tạm thời";
        ResidenceContact = "residence_contact", "Giữ mối liên hệ nơi cư trú";
    }
);

/// A member ↔ branch link between two dates (`to` open while current).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Membership {
    pub id: MembershipId,
    pub member_id: MemberId,
    pub branch_id: BranchId,
    pub kind: MembershipKind,
    pub from: Date,
    pub to: Option<Date>,
}

impl Membership {
    /// Whether the membership holds on `date`.
    pub fn holds_on(&self, date: Date) -> bool {
        self.from <= date && self.to.is_none_or(|to| date <= to)
    }

    fn overlaps(&self, other: &Membership) -> bool {
        let self_end = self.to.unwrap_or(Date::MAX);
        let other_end = other.to.unwrap_or(Date::MAX);
        self.from <= other_end && other.from <= self_end
    }
}

/// Checks that adding `new` keeps at most one official membership at any time.
pub fn check_can_add(existing: &[Membership], new: &Membership) -> Result<(), DomainError> {
    if new.to.is_some_and(|to| to < new.from) {
        return Err(DomainError::EndBeforeStart);
    }
    if new.kind == MembershipKind::Official
        && existing.iter().any(|m| m.member_id == new.member_id && m.kind == MembershipKind::Official && m.overlaps(new))
    {
        return Err(DomainError::SecondOfficialMembership);
    }
    Ok(())
}

/// The official membership of `member` on `date`, if any.
pub fn official_on(memberships: &[Membership], member: MemberId, date: Date) -> Option<&Membership> {
    memberships.iter().find(|m| m.member_id == member && m.kind == MembershipKind::Official && m.holds_on(date))
}

/// Moves the official membership to `to_branch` from `on`: the current one (if any) ends the day
/// before, a new one starts. Returns `(ended, started)`.
pub fn move_official(
    current: Option<&Membership>,
    member: MemberId,
    to_branch: BranchId,
    on: Date,
) -> Result<(Option<Membership>, Membership), DomainError> {
    let started =
        Membership { id: MembershipId::new(), member_id: member, branch_id: to_branch, kind: MembershipKind::Official, from: on, to: None };
    let ended = match current {
        Some(c) if c.branch_id == to_branch => return Err(DomainError::AlreadyInBranch),
        Some(c) if on <= c.from => return Err(DomainError::EndBeforeStart),
        Some(c) => Some(Membership { to: Some(on.pred()), ..c.clone() }),
        None => None,
    };
    Ok((ended, started))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_vn(s).unwrap()
    }

    fn official(member: MemberId, from: &str, to: Option<&str>) -> Membership {
        Membership {
            id: MembershipId::new(),
            member_id: member,
            branch_id: BranchId::new(),
            kind: MembershipKind::Official,
            from: d(from),
            to: to.map(d),
        }
    }

    #[test]
    fn a_second_official_branch_at_the_same_time_is_refused() {
        let m = MemberId::new();
        let existing = vec![official(m, "01/01/2010", None)];
        assert_eq!(check_can_add(&existing, &official(m, "20/01/2019", None)), Err(DomainError::SecondOfficialMembership));
        // A contact with the residence branch is allowed beside the official one.
        let contact = Membership { kind: MembershipKind::ResidenceContact, ..official(m, "20/01/2019", None) };
        assert_eq!(check_can_add(&existing, &contact), Ok(()));
        // Another member is unaffected.
        assert_eq!(check_can_add(&existing, &official(MemberId::new(), "20/01/2019", None)), Ok(()));
    }

    #[test]
    fn consecutive_official_memberships_are_fine() {
        let m = MemberId::new();
        let existing = vec![official(m, "01/01/2010", Some("19/01/2019"))];
        assert_eq!(check_can_add(&existing, &official(m, "20/01/2019", None)), Ok(()));
        assert_eq!(check_can_add(&[], &official(m, "20/01/2019", Some("01/01/2019"))), Err(DomainError::EndBeforeStart));
    }

    #[test]
    fn moving_ends_the_old_membership_the_day_before() {
        let m = MemberId::new();
        let current = official(m, "01/01/2010", None);
        let target = BranchId::new();
        let (ended, started) = move_official(Some(&current), m, target, d("20/01/2019")).unwrap();
        let ended = ended.unwrap();
        assert_eq!(ended.to, Some(d("19/01/2019")));
        assert_eq!(started.branch_id, target);
        assert_eq!(started.from, d("20/01/2019"));
        let all = vec![ended, started.clone()];
        assert_eq!(official_on(&all, m, d("18/01/2019")).map(|x| x.branch_id), Some(current.branch_id));
        assert_eq!(official_on(&all, m, d("20/01/2019")).map(|x| x.id), Some(started.id));
    }

    #[test]
    fn moving_to_the_same_branch_or_back_in_time_is_refused() {
        let m = MemberId::new();
        let current = official(m, "01/01/2010", None);
        assert_eq!(move_official(Some(&current), m, current.branch_id, d("20/01/2019")), Err(DomainError::AlreadyInBranch));
        assert_eq!(move_official(Some(&current), m, BranchId::new(), d("01/01/2010")), Err(DomainError::EndBeforeStart));
        assert!(move_official(None, m, BranchId::new(), d("01/01/2010")).unwrap().0.is_none());
    }
}
