//! Party members and the validation of what is typed about them.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::date::Date;
use super::ids::{MemberId, UnitId};
use super::text::{PersonName, required_text};

coded_enum!(
    /// Gender as recorded in the party file.
    Gender {
        Male = "male", "Nam";
        Female = "female", "Nữ";
    }
);

coded_enum!(
    /// Full member, or probationary (dự bị).
    MemberStatus {
        Full = "full", "Chính thức";
        Probationary = "probationary", "Dự bị";
    }
);

coded_enum!(
    /// The member's job at the commune.
    JobCategory {
        Official = "official", "Cán bộ";
        CivilServant = "civil_servant", "Công chức";
        PartTime = "part_time", "Người hoạt động không chuyên trách";
        CommunePolice = "commune_police", "Công an xã không chính quy";
        Other = "other", "Khác";
    }
);

coded_enum!(
    /// The field of work, the groups the district suggested for assigning tasks.
    Field {
        PartyWork = "party_work", "Tổ chức, kiểm tra, tuyên giáo";
        Administration = "administration", "Công chức, người hoạt động không chuyên trách";
        MassOrganisation = "mass_organisation", "Đoàn thể chính trị - xã hội";
        FatherlandFront = "fatherland_front", "Mặt trận Tổ quốc";
        Security = "security", "Công an, quân sự";
    }
);

coded_enum!(
    /// What a member's card and line show beside the name.
    Badge {
        KeyLeader = "key_leader", "Lãnh đạo chủ chốt";
        Committee = "committee", "Đảng ủy viên";
    }
);

/// A party member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub id: MemberId,
    pub full_name: PersonName,
    pub gender: Gender,
    pub birth_date: Date,
    /// Party card number: a string, since formats changed in 2025.
    pub party_card_no: String,
    /// Record (file) number, a string for the same reason.
    pub record_no: String,
    pub joined_on: Date,
    pub status: MemberStatus,
    /// The commune (or town) where the member works.
    pub commune_id: UnitId,
    /// The hamlet or quarter where the member lives.
    pub residence_id: UnitId,
    pub job_category: JobCategory,
    pub field: Field,
    /// Member of the commune party committee (ủy viên ban chấp hành).
    pub is_committee_member: bool,
    /// Key leader of the commune (lãnh đạo chủ chốt).
    pub is_key_leader: bool,
    pub version: i64,
}

impl Member {
    /// Leaders and committee members: the report's first worry.
    pub fn is_leader(&self) -> bool {
        self.is_committee_member || self.is_key_leader
    }

    /// The member's badges, key leader first.
    pub fn badges(&self) -> Vec<Badge> {
        badges(self.is_key_leader, self.is_committee_member)
    }

    /// The record once the units `from` (of `level`) went to `to` (a merge, or a dissolution
    /// into a successor), or `None` if it is not concerned: the commune where the member works
    /// (level 1) or the hamlet where they live (level 2).
    pub fn with_units_moved(&self, from: &[UnitId], to: UnitId, level: u8) -> Option<Member> {
        let mut moved = self.clone();
        match level {
            super::branch::COMMUNE_LEVEL if from.contains(&self.commune_id) => moved.commune_id = to,
            super::branch::HAMLET_LEVEL if from.contains(&self.residence_id) => moved.residence_id = to,
            _ => return None,
        }
        Some(moved)
    }
}

/// Where a member works and lives, and in which job: all the plan's rules need to know of them
/// (a whole [`Member`], or the [`MemberCard`] a board carries).
pub trait Placed {
    fn member_id(&self) -> MemberId;
    /// The commune where the member works.
    fn commune(&self) -> UnitId;
    /// The hamlet where the member lives.
    fn residence(&self) -> UnitId;
    fn job(&self) -> JobCategory;
}

/// [`Placed`] for the records that name those fields alike: [`Member`] and [`MemberCard`].
macro_rules! placed_by_fields {
    ($($record:ty),+) => {$(
        impl Placed for $record {
            fn member_id(&self) -> MemberId {
                self.id
            }
            fn commune(&self) -> UnitId {
                self.commune_id
            }
            fn residence(&self) -> UnitId {
                self.residence_id
            }
            fn job(&self) -> JobCategory {
                self.job_category
            }
        }
    )+};
}
placed_by_fields!(Member, MemberCard);

/// A reference places as what it names (the rules' callers filter `&&Member`s).
impl<T: Placed + ?Sized> Placed for &T {
    fn member_id(&self) -> MemberId {
        (**self).member_id()
    }
    fn commune(&self) -> UnitId {
        (**self).commune()
    }
    fn residence(&self) -> UnitId {
        (**self).residence()
    }
    fn job(&self) -> JobCategory {
        (**self).job()
    }
}

/// A member as a planning board shows and moves them: the name, the job, the field, where they
/// work and live, and the badges; none of the file's personal details (birth date, card and
/// record numbers), which a board does not show and need not carry to every device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCard {
    pub id: MemberId,
    pub full_name: String,
    pub commune_id: UnitId,
    pub residence_id: UnitId,
    pub job_category: JobCategory,
    pub field: Field,
    pub is_committee_member: bool,
    pub is_key_leader: bool,
}

impl MemberCard {
    /// Leaders and committee members, as [`Member::is_leader`].
    pub fn is_leader(&self) -> bool {
        self.is_committee_member || self.is_key_leader
    }

    /// The card's badges, key leader first, as [`Member::badges`].
    pub fn badges(&self) -> Vec<Badge> {
        badges(self.is_key_leader, self.is_committee_member)
    }
}

impl From<&Member> for MemberCard {
    fn from(m: &Member) -> Self {
        Self {
            id: m.id,
            full_name: m.full_name.as_str().to_string(),
            commune_id: m.commune_id,
            residence_id: m.residence_id,
            job_category: m.job_category,
            field: m.field,
            is_committee_member: m.is_committee_member,
            is_key_leader: m.is_key_leader,
        }
    }
}

/// The badges of a key leader and/or committee member, key leader first.
fn badges(key_leader: bool, committee: bool) -> Vec<Badge> {
    [(key_leader, Badge::KeyLeader), (committee, Badge::Committee)].into_iter().filter_map(|(on, badge)| on.then_some(badge)).collect()
}

/// What a form or a mutation says about a member, before validation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberDraft {
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: Date,
    pub party_card_no: String,
    pub record_no: String,
    pub joined_on: Date,
    pub status: MemberStatus,
    pub commune_id: UnitId,
    pub residence_id: UnitId,
    pub job_category: JobCategory,
    pub field: Field,
    pub is_committee_member: bool,
    pub is_key_leader: bool,
}

/// A card or record number: letters, digits and `. - /`, at most 20 characters.
fn card_number(text: &str, what: &'static str) -> Result<String, DomainError> {
    let t = required_text(text, what, 20)?;
    if t.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | ' ')) { Ok(t) } else { Err(DomainError::InvalidValue(t)) }
}

impl MemberDraft {
    /// Validates the draft. `today` bounds the dates; `residence_in_commune` says whether the
    /// residence hamlet belongs to the commune (the org tree knows, the caller asks it).
    pub fn validate(self, id: MemberId, version: i64, today: Date, residence_in_commune: bool) -> Result<Member, DomainError> {
        let full_name = PersonName::parse(&self.full_name)?;
        let party_card_no = card_number(&self.party_card_no, "số thẻ đảng viên")?;
        let record_no = card_number(&self.record_no, "số lý lịch")?;
        if self.birth_date > today || self.joined_on > today {
            return Err(DomainError::InvalidDate("Ngày sinh và ngày vào Đảng không thể sau hôm nay.".into()));
        }
        if self.birth_date.years_until(self.joined_on) < 18 {
            return Err(DomainError::JoinedTooYoung);
        }
        if !residence_in_commune {
            return Err(DomainError::ResidenceOutsideCommune);
        }
        Ok(Member {
            id,
            full_name,
            gender: self.gender,
            birth_date: self.birth_date,
            party_card_no,
            record_no,
            joined_on: self.joined_on,
            status: self.status,
            commune_id: self.commune_id,
            residence_id: self.residence_id,
            job_category: self.job_category,
            field: self.field,
            is_committee_member: self.is_committee_member,
            is_key_leader: self.is_key_leader,
            version,
        })
    }
}

impl From<&Member> for MemberDraft {
    fn from(m: &Member) -> Self {
        Self {
            full_name: m.full_name.as_str().to_string(),
            gender: m.gender,
            birth_date: m.birth_date,
            party_card_no: m.party_card_no.clone(),
            record_no: m.record_no.clone(),
            joined_on: m.joined_on,
            status: m.status,
            commune_id: m.commune_id,
            residence_id: m.residence_id,
            job_category: m.job_category,
            field: m.field,
            is_committee_member: m.is_committee_member,
            is_key_leader: m.is_key_leader,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_vn(s).unwrap()
    }

    pub(crate) fn draft() -> MemberDraft {
        MemberDraft {
            full_name: "Nguyễn Văn Bình".into(),
            gender: Gender::Male,
            birth_date: d("12/03/1980"),
            party_card_no: "79.012345".into(),
            record_no: "LL-1024".into(),
            joined_on: d("03/02/2005"),
            status: MemberStatus::Full,
            commune_id: UnitId::new(),
            residence_id: UnitId::new(),
            job_category: JobCategory::CivilServant,
            field: Field::Administration,
            is_committee_member: false,
            is_key_leader: false,
        }
    }

    pub(crate) fn member() -> Member {
        draft().validate(MemberId::new(), 1, d("01/01/2019"), true).unwrap()
    }

    #[test]
    fn a_member_follows_the_commune_and_the_hamlet_into_a_merge() {
        let m = member();
        let new = UnitId::new();
        assert_eq!(m.with_units_moved(&[m.commune_id], new, 1).map(|x| (x.commune_id, x.residence_id)), Some((new, m.residence_id)));
        assert_eq!(m.with_units_moved(&[m.residence_id], new, 2).map(|x| (x.commune_id, x.residence_id)), Some((m.commune_id, new)));
        assert_eq!(m.with_units_moved(&[UnitId::new()], new, 1), None);
        assert_eq!(m.with_units_moved(&[m.commune_id], new, 0), None, "a province merge leaves the records as they are");
    }

    #[test]
    fn a_good_draft_becomes_a_member() {
        let m = member();
        assert_eq!(m.full_name.as_str(), "Nguyễn Văn Bình");
        assert!(!m.is_leader());
        assert!(Member { is_key_leader: true, ..m.clone() }.is_leader());
        assert!(Member { is_committee_member: true, ..m }.is_leader());
    }

    #[test]
    fn refusals_say_what_is_wrong() {
        let today = d("01/01/2019");
        let id = MemberId::new();
        let err = MemberDraft { party_card_no: " ".into(), ..draft() }.validate(id, 1, today, true).unwrap_err();
        assert_eq!(err, DomainError::Required("số thẻ đảng viên"));
        let err = MemberDraft { party_card_no: "12<script>".into(), ..draft() }.validate(id, 1, today, true).unwrap_err();
        assert!(matches!(err, DomainError::InvalidValue(_)));
        let err = MemberDraft { joined_on: d("01/01/1995"), ..draft() }.validate(id, 1, today, true).unwrap_err();
        assert_eq!(err, DomainError::JoinedTooYoung);
        let err = MemberDraft { birth_date: d("01/01/2020"), ..draft() }.validate(id, 1, today, true).unwrap_err();
        assert!(matches!(err, DomainError::InvalidDate(_)));
        let err = draft().validate(id, 1, today, false).unwrap_err();
        assert_eq!(err, DomainError::ResidenceOutsideCommune);
        let err = MemberDraft { full_name: "Bình".into(), ..draft() }.validate(id, 1, today, true).unwrap_err();
        assert!(matches!(err, DomainError::InvalidName(_)));
    }

    #[test]
    fn leaders_show_their_badges_key_leader_first() {
        let m = member();
        assert!(m.badges().is_empty());
        let both = Member { is_key_leader: true, is_committee_member: true, ..m.clone() };
        assert_eq!(both.badges(), vec![Badge::KeyLeader, Badge::Committee]);
        assert_eq!(Member { is_committee_member: true, ..m }.badges(), vec![Badge::Committee]);
        assert_eq!(Badge::KeyLeader.label(), "Lãnh đạo chủ chốt");
    }

    #[test]
    fn a_card_shows_what_the_member_shows_and_places_them_alike() {
        let m = Member { is_key_leader: true, ..member() };
        let card = MemberCard::from(&m);
        assert_eq!(card.full_name, "Nguyễn Văn Bình");
        assert_eq!(card.badges(), m.badges());
        assert!(card.is_leader());
        assert!(!MemberCard { is_key_leader: false, ..card.clone() }.is_leader());
        assert_eq!((card.member_id(), card.commune(), card.residence(), card.job()), (m.member_id(), m.commune(), m.residence(), m.job()));
    }

    #[test]
    fn card_numbers_keep_their_format() {
        let today = d("01/01/2026");
        let m = MemberDraft { party_card_no: "080.123.456".into(), ..draft() }.validate(MemberId::new(), 1, today, true).unwrap();
        assert_eq!(m.party_card_no, "080.123.456");
    }

    #[test]
    fn codes_round_trip_and_labels_are_vietnamese() {
        for j in JobCategory::ALL {
            assert_eq!(JobCategory::from_code(j.code()), Some(*j));
        }
        assert_eq!(JobCategory::CommunePolice.label(), "Công an xã không chính quy");
        assert_eq!(Field::from_code("nope"), None);
        assert_eq!(serde_json::to_string(&JobCategory::PartTime).unwrap(), "\"part_time\"");
    }
}
