//! The demo data: district Tân Hồng as the report describes it (9 units, 9 agency branches
//! dissolved on 20/01/2019, 38 hamlet branches, 285 members moved by 21-HD/BTCTU; 54 commune
//! police members waiting for 314-CV/TU), with synthetic people. Deterministic: the same seed
//! gives the same data, ids included.

use sqlx::SqliteConnection;

use crate::domain::branch::{Branch, BranchKind, Dissolution};
use crate::domain::campaign::Campaign;
use crate::domain::date::Date;
use crate::domain::ids::*;
use crate::domain::member::{Field, Gender, JobCategory, Member, MemberStatus};
use crate::domain::membership::{Membership, MembershipKind};
use crate::domain::plan::{PlanEntry, Transfer};
use crate::domain::scope::Role;
use crate::domain::task::templates;
use crate::domain::text::PersonName;
use crate::error::AppError;

use super::auth::{NewUser, create_user};
use super::{Db, write};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "tanhong";

/// The demo accounts besides the commune offices: (username, what they are).
pub const DEMO_ACCOUNTS: [(&str, &str); 2] =
    [("bantochuc", "Ban Tổ chức Huyện ủy Tân Hồng (xem toàn huyện)"), ("bithu.khom1", "Bí thư Chi bộ Khóm 1, thị trấn Sa Rài")];

/// The office account of each commune, in the order of [`COMMUNES`]: (username, display name).
pub const COMMUNE_ACCOUNTS: [(&str, &str); 9] = [
    ("sarai", "Lê Thị Ngọc Hân"),
    ("anphuoc", "Đỗ Văn Thành"),
    ("binhphu", "Nguyễn Thị Kiều"),
    ("tancongchi", "Huỳnh Văn Lợi"),
    ("tanhoco", "Phạm Minh Trí"),
    ("tanphuoc", "Trương Thị Mai"),
    ("tanthanha", "Bùi Văn Khải"),
    ("tanthanhb", "Lâm Thị Yến"),
    ("thongbinh", "Võ Minh Tâm"),
];

/// (name, is a town, hamlets, members moved in 2019)
pub const COMMUNES: [(&str, bool, &[&str], usize); 9] = [
    ("Thị trấn Sa Rài", true, &["Khóm 1", "Khóm 2", "Khóm 3", "Khóm 4", "Khóm 5"], 36),
    ("Xã An Phước", false, &["Ấp An Thọ", "Ấp An Lạc", "Ấp Phước Tiên", "Ấp Phước Lộc"], 31),
    ("Xã Bình Phú", false, &["Ấp Bình Hòa", "Ấp Bình Thạnh", "Ấp Phú Bình", "Ấp Gò Da"], 30),
    ("Xã Tân Công Chí", false, &["Ấp Cả Găng", "Ấp Công Chí", "Ấp Tân Hòa", "Ấp Rọc Muống"], 30),
    ("Xã Tân Hộ Cơ", false, &["Ấp Thống Nhất", "Ấp Hộ Cơ", "Ấp Bắc Trang", "Ấp Gò Bói", "Ấp Dinh Bà"], 34),
    ("Xã Tân Phước", false, &["Ấp Tân Thạnh", "Ấp Phước Thạnh", "Ấp Tân Đông", "Ấp Chợ"], 31),
    ("Xã Tân Thành A", false, &["Ấp Tân Thành", "Ấp Thành Lập", "Ấp Giồng Găng", "Ấp Tân Bảnh"], 31),
    ("Xã Tân Thành B", false, &["Ấp Thành Lợi", "Ấp Thành Nhơn", "Ấp Tân Lập", "Ấp Đồng Tiến"], 31),
    ("Xã Thông Bình", false, &["Ấp Thông Bình", "Ấp Bình Tứ", "Ấp Cà Vàng", "Ấp Chiến Thắng"], 31),
];

/// Commune police members per commune waiting for the 2021 campaign (9 × 6 = 54).
const POLICE_PER_COMMUNE: usize = 6;

const FAMILY: [&str; 16] =
    ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Hồ", "Dương", "Lâm", "Châu"];
const MALE_MIDDLE: [&str; 7] = ["Văn", "Minh", "Hữu", "Thanh", "Quốc", "Công", "Đức"];
const FEMALE_MIDDLE: [&str; 5] = ["Thị", "Ngọc", "Thu", "Kim", "Thanh"];
const MALE_GIVEN: [&str; 24] = [
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
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A UUID v7 stamped at 15/01/2019, random bits from the generator.
    fn uuid(&mut self) -> uuid::Uuid {
        let mut bytes = [0u8; 10];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(1_547_510_400_000, &bytes).into_uuid()
    }
}

fn d(y: i32, m: u8, day: u8) -> Result<Date, AppError> {
    Date::new(y, m, day).map_err(|_| AppError::Internal)
}

/// Loads the demo data into an empty database. Returns `false` (and changes nothing) when the
/// database already has an organisation tree.
pub async fn seed_demo(db: &Db) -> Result<bool, AppError> {
    let (units,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM org_units").fetch_one(&db.pool).await?;
    if units > 0 {
        return Ok(false);
    }
    let mut tx = db.pool.begin().await?;
    let ids = build(&mut tx, &mut Rng(0x7A4_4016)).await?;
    super::stats::refresh_all(&mut tx).await?;
    tx.commit().await?;
    let mut accounts: Vec<Account<'_>> = vec![
        ("bantochuc", "Nguyễn Văn Hòa", Role::District, None, None),
        ("bithu.khom1", "Võ Văn Lâm", Role::BranchSecretary, Some(ids.communes[0]), Some(ids.khom1)),
    ];
    for ((username, name), commune) in COMMUNE_ACCOUNTS.iter().zip(&ids.communes) {
        accounts.push((username, name, Role::CommuneStaff, Some(*commune), None));
    }
    for (username, display_name, role, commune_id, branch_id) in accounts {
        create_user(db, &NewUser { username, password: DEMO_PASSWORD, display_name, role, commune_id, branch_id }).await?;
    }
    Ok(true)
}

/// Username, display name, role, commune, branch.
type Account<'a> = (&'a str, &'a str, Role, Option<UnitId>, Option<BranchId>);

struct SeedIds {
    communes: Vec<UnitId>,
    khom1: BranchId,
}

async fn unit(conn: &mut SqliteConnection, id: UnitId, type_code: &str, name: &str, parent: Option<UnitId>) -> Result<(), AppError> {
    sqlx::query("INSERT INTO org_units (id, type_code, name, valid_from) VALUES ($1, $2, $3, $4)")
        .bind(id.to_string())
        .bind(type_code)
        .bind(name)
        .bind("2000-01-01")
        .execute(&mut *conn)
        .await?;
    if let Some(p) = parent {
        sqlx::query("INSERT INTO org_unit_links (child_id, parent_id, valid_from) VALUES ($1, $2, $3)")
            .bind(id.to_string())
            .bind(p.to_string())
            .bind("2000-01-01")
            .execute(conn)
            .await?;
    }
    Ok(())
}

fn person(rng: &mut Rng, serial: usize, commune: UnitId, residence: UnitId, job: JobCategory) -> Result<Member, AppError> {
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

async fn build(conn: &mut SqliteConnection, rng: &mut Rng) -> Result<SeedIds, AppError> {
    for (code, name, level) in
        [("district", "Huyện", 0), ("town", "Thị trấn", 1), ("commune", "Xã", 1), ("quarter", "Khóm", 2), ("hamlet", "Ấp", 2)]
    {
        sqlx::query("INSERT INTO unit_types (code, name, level) VALUES ($1, $2, $3)")
            .bind(code)
            .bind(name)
            .bind(level)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("INSERT INTO settings (key, value) VALUES ('excellent_quota_percent', '20')").execute(&mut *conn).await?;
    let district = UnitId(rng.uuid());
    unit(conn, district, "district", "Huyện Tân Hồng", None).await?;

    let wave1 = Campaign {
        id: CampaignId(rng.uuid()),
        code: "21-HD/BTCTU".into(),
        title: "Chuyển sinh hoạt đảng của đảng viên công tác ở xã, thị trấn về chi bộ ấp, khóm nơi cư trú".into(),
        basis_date: d(2018, 11, 21)?,
        issuer: "Ban Tổ chức Tỉnh ủy Đồng Tháp".into(),
        job_categories: vec![JobCategory::Official, JobCategory::CivilServant, JobCategory::PartTime],
        deadline: Some(d(2019, 1, 31)?),
        dissolves_agency_branches: true,
        open: false,
        version: 1,
    };
    let wave2 = Campaign {
        id: CampaignId(rng.uuid()),
        code: "314-CV/TU".into(),
        title: "Chuyển sinh hoạt đảng của đảng viên là công an xã không chính quy về chi bộ ấp, khóm".into(),
        basis_date: d(2021, 6, 23)?,
        issuer: "Tỉnh ủy Đồng Tháp".into(),
        job_categories: vec![JobCategory::CommunePolice],
        deadline: Some(d(2021, 12, 31)?),
        dissolves_agency_branches: false,
        open: true,
        version: 1,
    };
    for c in [&wave1, &wave2] {
        sqlx::query(
            "INSERT INTO campaigns (id, code, title, basis_date, issuer, job_categories, deadline, dissolves_agency_branches, is_open) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(c.id.to_string())
        .bind(&c.code)
        .bind(&c.title)
        .bind(c.basis_date.to_iso())
        .bind(&c.issuer)
        .bind(c.categories_code())
        .bind(c.deadline.map(|x| x.to_iso()))
        .bind(c.dissolves_agency_branches)
        .bind(c.open)
        .execute(&mut *conn)
        .await?;
    }

    let police_branch = Branch {
        id: BranchId(rng.uuid()),
        name: "Chi bộ Công an huyện Tân Hồng".into(),
        kind: BranchKind::Agency,
        unit_id: district,
        commune_id: None,
        hamlet_id: None,
        dissolved: None,
        version: 1,
    };
    write::save_branch(conn, &police_branch).await?;

    let (moved_on, dissolved_on) = (d(2019, 1, 15)?, d(2019, 1, 20)?);
    let mut serial = 0;
    let mut ids = SeedIds { communes: Vec::new(), khom1: police_branch.id };
    for (index, (name, town, hamlets, moved)) in COMMUNES.iter().enumerate() {
        let commune = UnitId(rng.uuid());
        unit(conn, commune, if *town { "town" } else { "commune" }, name, Some(district)).await?;
        ids.communes.push(commune);
        let short = name.trim_start_matches("Xã ").trim_start_matches("Thị trấn ");
        let agency = Branch {
            id: BranchId(rng.uuid()),
            name: format!("Chi bộ Cơ quan {} {short}", if *town { "thị trấn" } else { "xã" }),
            kind: BranchKind::Agency,
            unit_id: commune,
            commune_id: Some(commune),
            hamlet_id: None,
            dissolved: Some(Dissolution { on: dissolved_on, decision_no: format!("{:02}-QĐ/ĐU", 11 + index) }),
            version: 2,
        };
        write::save_branch(conn, &agency).await?;
        let mut hamlet_branches = Vec::new();
        for hamlet_name in hamlets.iter() {
            let hamlet = UnitId(rng.uuid());
            unit(conn, hamlet, if *town { "quarter" } else { "hamlet" }, hamlet_name, Some(commune)).await?;
            let b = Branch {
                id: BranchId(rng.uuid()),
                name: format!("Chi bộ {hamlet_name}"),
                kind: BranchKind::Residential,
                unit_id: hamlet,
                commune_id: Some(commune),
                hamlet_id: Some(hamlet),
                dissolved: None,
                version: 1,
            };
            write::save_branch(conn, &b).await?;
            if index == 0 && hamlet_branches.is_empty() {
                ids.khom1 = b.id;
            }
            hamlet_branches.push(b);
        }
        for i in 0..*moved {
            serial += 1;
            let home = &hamlet_branches[rng.below(hamlet_branches.len())];
            let job = if i < 12 {
                JobCategory::Official
            } else {
                [JobCategory::CivilServant, JobCategory::PartTime, JobCategory::PartTime][rng.below(3)]
            };
            let mut m = person(rng, serial, commune, home.hamlet_id.unwrap_or(commune), job)?;
            m.is_key_leader = i < 3;
            m.is_committee_member = i < 11;
            write::save_member(conn, &m).await?;
            // One in fifteen was placed in a neighbouring hamlet's branch (a mismatch to review).
            let target = if rng.chance(7) { &hamlet_branches[rng.below(hamlet_branches.len())] } else { home };
            write::save_membership(
                conn,
                &Membership {
                    id: MembershipId(rng.uuid()),
                    member_id: m.id,
                    branch_id: agency.id,
                    kind: MembershipKind::Official,
                    from: m.joined_on,
                    to: Some(moved_on.pred()),
                },
            )
            .await?;
            write::save_membership(
                conn,
                &Membership {
                    id: MembershipId(rng.uuid()),
                    member_id: m.id,
                    branch_id: target.id,
                    kind: MembershipKind::Official,
                    from: moved_on,
                    to: None,
                },
            )
            .await?;
            write::save_plan(
                conn,
                &PlanEntry { campaign_id: wave1.id, member_id: m.id, target: Some(target.id), confirmed: true, version: 2 },
            )
            .await?;
            let transfer = Transfer {
                id: TransferId(rng.uuid()),
                campaign_id: wave1.id,
                member_id: m.id,
                from_branch: Some(agency.id),
                to_branch: target.id,
                effective_on: moved_on,
                letter_no: format!("{}/GGT-ĐU", 100 + serial),
            };
            write::insert_transfer(conn, &transfer).await?;
            activity(conn, rng, &m, target.id).await?;
        }
        for _ in 0..POLICE_PER_COMMUNE {
            serial += 1;
            let home = &hamlet_branches[rng.below(hamlet_branches.len())];
            let m = person(rng, serial, commune, home.hamlet_id.unwrap_or(commune), JobCategory::CommunePolice)?;
            write::save_member(conn, &m).await?;
            write::save_membership(
                conn,
                &Membership {
                    id: MembershipId(rng.uuid()),
                    member_id: m.id,
                    branch_id: police_branch.id,
                    kind: MembershipKind::Official,
                    from: m.joined_on,
                    to: None,
                },
            )
            .await?;
        }
        meetings(conn, rng, &hamlet_branches).await?;
    }
    Ok(ids)
}

/// Tasks and ratings of a moved member; secretaries hesitate to give leaders tasks (the report).
async fn activity(conn: &mut SqliteConnection, rng: &mut Rng, m: &Member, branch: BranchId) -> Result<(), AppError> {
    let given = if m.is_leader() { rng.chance(60) } else { rng.chance(85) };
    if given {
        for year in [2019, 2020] {
            let text = templates(m.field)[rng.below(templates(m.field).len())];
            let status = if year == 2019 { ["done", "done", "not_done"][rng.below(3)] } else { ["done", "in_progress"][rng.below(2)] };
            sqlx::query("INSERT INTO tasks (id, member_id, branch_id, year, field, text, due_on, status, result) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
                .bind(TaskId(rng.uuid()).to_string())
                .bind(m.id.to_string())
                .bind(branch.to_string())
                .bind(year)
                .bind(m.field.code())
                .bind(text)
                .bind(format!("{year}-12-15"))
                .bind(status)
                .bind("")
                .execute(&mut *conn)
                .await?;
        }
    }
    for year in [2019, 2020] {
        let rating =
            ["excellent", "good", "good", "good", "good", "completed", "completed", "good", "excellent", "not_completed"][rng.below(10)];
        sqlx::query("INSERT INTO evaluations (id, subject_kind, subject_id, year, self_rating, proposed_rating, final_rating) VALUES ($1, 'member', $2, $3, $4, $4, $4)")
            .bind(EvaluationId(rng.uuid()).to_string())
            .bind(m.id.to_string())
            .bind(year)
            .bind(rating)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The 2020 meetings of each hamlet branch (monthly, and thematic each quarter) with attendance.
async fn meetings(conn: &mut SqliteConnection, rng: &mut Rng, branches: &[Branch]) -> Result<(), AppError> {
    for b in branches {
        let members: Vec<(String,)> = sqlx::query_as("SELECT member_id FROM memberships WHERE branch_id = $1 AND to_date IS NULL")
            .bind(b.id.to_string())
            .fetch_all(&mut *conn)
            .await?;
        // Some members hardly come, some never speak: the report's second worry.
        let habits: Vec<(u64, u64)> =
            members.iter().map(|_| (if rng.chance(12) { 40 } else { 88 }, if rng.chance(18) { 0 } else { 35 })).collect();
        for month in 1..=12u8 {
            let thematic = month % 3 == 0;
            let meeting = MeetingId(rng.uuid());
            let observer = rng
                .chance(15)
                .then(|| format!("Đồng chí {} {} {}, Huyện ủy viên", rng.pick(&FAMILY), rng.pick(&MALE_MIDDLE), rng.pick(&MALE_GIVEN)));
            sqlx::query("INSERT INTO meetings (id, branch_id, held_on, kind, observer) VALUES ($1, $2, $3, $4, $5)")
                .bind(meeting.to_string())
                .bind(b.id.to_string())
                .bind(d(2020, month, if thematic { 20 } else { 5 })?.to_iso())
                .bind(if thematic { "thematic" } else { "regular" })
                .bind(observer)
                .execute(&mut *conn)
                .await?;
            for ((member,), (attend, speak)) in members.iter().zip(&habits) {
                let present = rng.chance(*attend);
                let presence = if present {
                    "present"
                } else if rng.chance(60) {
                    "excused"
                } else {
                    "absent"
                };
                let contributed = present && rng.chance(*speak);
                sqlx::query("INSERT INTO attendance (meeting_id, member_id, presence, spoke, contributed) VALUES ($1, $2, $3, $4, $5)")
                    .bind(meeting.to_string())
                    .bind(member)
                    .bind(presence)
                    .bind(contributed)
                    .bind(contributed)
                    .execute(&mut *conn)
                    .await?;
            }
        }
    }
    Ok(())
}
