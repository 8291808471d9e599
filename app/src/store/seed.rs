//! The demo data: district Tân Hồng as the report describes it (9 units, 9 agency branches
//! dissolved on 20/01/2019, 38 hamlet branches, 285 members moved by 21-HD/BTCTU; 54 commune
//! police members waiting for 314-CV/TU), with synthetic people. Deterministic: the same seed
//! gives the same data, ids included.

mod activity;
mod people;

use self::people::{Rng, d, person};
use super::auth::{NewUser, create_user};
use super::{Conn, Db, branches, campaigns, members, memberships, plans, settings, transfers, units};
use crate::domain::branch::{Branch, BranchKind, Dissolution};
use crate::domain::campaign::Campaign;
use crate::domain::ids::*;
use crate::domain::member::JobCategory;
use crate::domain::membership::{Membership, MembershipKind};
use crate::domain::plan::{PlanEntry, Transfer};
use crate::domain::scope::Role;
use crate::error::AppError;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "tanhong";

/// The demo accounts besides the commune offices: (username, what they are).
pub const DEMO_ACCOUNTS: [(&str, &str); 3] = [
    ("quantri", "Quản trị viên (tài khoản, thiết lập)"),
    ("bantochuc", "Ban Tổ chức Huyện ủy Tân Hồng (xem toàn huyện)"),
    ("bithu.khom1", "Bí thư Chi bộ Khóm 1, thị trấn Sa Rài"),
];

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

/// Loads the demo data into an empty database. Returns `false` (and changes nothing) when the
/// database already has an organisation tree.
pub async fn seed_demo(db: &Db) -> Result<bool, AppError> {
    if units::count(&mut *db.pool.acquire().await?).await? > 0 {
        return Ok(false);
    }
    // Checked again under the write lock: app servers starting together load it once.
    let mut tx = db.begin_write().await?;
    if units::count(&mut tx).await? > 0 {
        return Ok(false);
    }
    let ids = build(&mut tx, &mut Rng(0x7A4_4016)).await?;
    super::stats::refresh_all(&mut tx).await?;
    tx.commit().await?;
    let mut accounts: Vec<Account<'_>> = vec![
        ("quantri", "Quản trị viên", Role::Admin, None, None),
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

/// A unit of the demo tree, valid since 01/01/2000.
async fn unit(conn: &mut Conn, id: UnitId, type_code: &str, name: &str, parent: Option<UnitId>) -> Result<(), AppError> {
    units::insert(conn, id, type_code, name, d(2000, 1, 1)?, parent).await
}

async fn build(conn: &mut Conn, rng: &mut Rng) -> Result<SeedIds, AppError> {
    for (code, name, level) in
        [("district", "Huyện", 0), ("town", "Thị trấn", 1), ("commune", "Xã", 1), ("quarter", "Khóm", 2), ("hamlet", "Ấp", 2)]
    {
        units::insert_type(conn, code, name, level).await?;
    }
    settings::set(conn, settings::EXCELLENT_QUOTA_PERCENT, "20").await?;
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
        communes: Vec::new(),
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
        communes: Vec::new(),
        open: true,
        version: 1,
    };
    for c in [&wave1, &wave2] {
        campaigns::save(conn, c).await?;
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
    branches::save(conn, &police_branch).await?;

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
        branches::save(conn, &agency).await?;
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
            branches::save(conn, &b).await?;
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
            members::save(conn, &m).await?;
            // One in fifteen was placed in a neighbouring hamlet's branch (a mismatch to review).
            let target = if rng.chance(7) { &hamlet_branches[rng.below(hamlet_branches.len())] } else { home };
            memberships::save(
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
            memberships::save(
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
            plans::save(conn, &PlanEntry { campaign_id: wave1.id, member_id: m.id, target: Some(target.id), confirmed: true, version: 2 })
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
            transfers::insert(conn, &transfer).await?;
            activity::tasks_and_ratings(conn, rng, &m, target.id).await?;
        }
        for _ in 0..POLICE_PER_COMMUNE {
            serial += 1;
            let home = &hamlet_branches[rng.below(hamlet_branches.len())];
            let m = person(rng, serial, commune, home.hamlet_id.unwrap_or(commune), JobCategory::CommunePolice)?;
            members::save(conn, &m).await?;
            memberships::save(
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
        activity::meetings(conn, rng, &hamlet_branches).await?;
    }
    Ok(ids)
}
