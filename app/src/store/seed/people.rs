//! The demo data's synthetic people: a deterministic generator and Vietnamese names.

use crate::domain::date::Date;
use crate::domain::ids::{MemberId, UnitId};
use crate::domain::member::{Field, Gender, JobCategory, Member, MemberStatus};
use crate::domain::text::PersonName;
use crate::error::AppError;

pub(super) const FAMILY: [&str; 16] =
    ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Lâm", "Châu"];
pub(super) const MALE_MIDDLE: [&str; 7] = ["Văn", "Minh", "Hữu", "Thanh", "Quốc", "Công", "Đức"];
const FEMALE_MIDDLE: [&str; 5] = ["Thị", "Ngọc", "Thu", "Kim", "Thanh"];
pub(super) const MALE_GIVEN: [&str; 24] = [
    "Hùng", "Dũng", "Tâm", "Phúc", "Lộc", "Tài", "Hải", "Sơn", "Tuấn", "Khải", "Bình", "Nghĩa", "Thắng", "Lợi", "Trung", "Hiếu", "Quang",
    "Vinh", "Toàn", "Đạt", "Ân", "Út", "Em", "Cường",
];
const FEMALE_GIVEN: [&str; 20] = [
    "Lan",
    "Hoa",
    "Hằng",
    "Thảo",
    "Trang",
    "Nhung",
    "Hạnh",
    "Mai",
    "Liên",
    "Loan",
    "Diễm",
    "Ngân",
    "Tuyết",
    "Yến",
    "Phượng",
    "Thúy",
    "Ánh",
    "Anh",
    "Bích",
    "Đào",
];

/// A small deterministic generator (SplitMix64).
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub(super) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A UUID v7 stamped at 15/01/2019, random bits from the generator.
    pub(super) fn uuid(&mut self) -> uuid::Uuid {
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(1_547_510_400_000, &bytes).into_uuid()
    }
}

pub(super) fn d(y: i32, m: u8, day: u8) -> Result<Date, AppError> {
    Date::new(y, m, day).map_err(|_| AppError::Internal)
}

pub(super) fn person(rng: &mut Rng, serial: usize, commune: UnitId, residence: UnitId, job: JobCategory) -> Result<Member, AppError> {
    let female = rng.chance(38);
    let name = if female {
        format!("{} {} {}", rng.pick(&FAMILY), rng.pick(&FEMALE_MIDDLE), rng.pick(&FEMALE_GIVEN))
    } else {
        format!("{} {} {}", rng.pick(&FAMILY), rng.pick(&MALE_MIDDLE), rng.pick(&MALE_GIVEN))
    };
    let birth = d(1962 + rng.below(34) as i32, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8)?;
    let joined_year = (birth.year() + 21 + rng.below(12) as i32).min(2017);
    let field = match job {
        JobCategory::CommunePolice => Field::Security,
        JobCategory::Official => [Field::PartyWork, Field::MassOrganisation, Field::FatherlandFront][rng.below(3)],
        _ => [Field::Administration, Field::Administration, Field::MassOrganisation][rng.below(3)],
    };
    Ok(Member {
        id: MemberId(rng.uuid()),
        full_name: PersonName::parse(&name).map_err(|_| AppError::Internal)?,
        gender: if female { Gender::Female } else { Gender::Male },
        birth_date: birth,
        party_card_no: format!("{:02}.{:06}", 80 + rng.below(10), 100_000 + serial * 37),
        record_no: format!("LL-{:05}", 1000 + serial),
        joined_on: d(joined_year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8)?,
        status: MemberStatus::Full,
        commune_id: commune,
        residence_id: residence,
        job_category: job,
        field,
        is_committee_member: false,
        is_key_leader: false,
        version: 1,
    })
}
