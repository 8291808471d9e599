//! Table `members`.

use sqlx::FromRow;

use super::Conn;
use super::rows::{Flag, code, convert, corrupt, date, id};
use crate::domain::ids::{MemberId, UnitId};
use crate::domain::member::{Field, Gender, JobCategory, Member, MemberStatus};
use crate::domain::text::PersonName;
use crate::error::AppError;

#[derive(FromRow)]
struct MemberRow {
    id: String,
    full_name: String,
    gender: String,
    birth_date: String,
    party_card_no: String,
    record_no: String,
    joined_on: String,
    status: String,
    commune_id: String,
    residence_id: String,
    job_category: String,
    field: String,
    #[sqlx(try_from = "Flag")]
    is_committee_member: bool,
    #[sqlx(try_from = "Flag")]
    is_key_leader: bool,
    version: i64,
}

impl TryFrom<MemberRow> for Member {
    type Error = AppError;
    fn try_from(r: MemberRow) -> Result<Self, AppError> {
        Ok(Member {
            id: id(&r.id, MemberId::parse)?,
            full_name: PersonName::parse(&r.full_name).map_err(|_| corrupt("name", &r.full_name))?,
            gender: code(&r.gender, Gender::from_code)?,
            birth_date: date(&r.birth_date)?,
            party_card_no: r.party_card_no,
            record_no: r.record_no,
            joined_on: date(&r.joined_on)?,
            status: code(&r.status, MemberStatus::from_code)?,
            commune_id: id(&r.commune_id, UnitId::parse)?,
            residence_id: id(&r.residence_id, UnitId::parse)?,
            job_category: code(&r.job_category, JobCategory::from_code)?,
            field: code(&r.field, Field::from_code)?,
            is_committee_member: r.is_committee_member,
            is_key_leader: r.is_key_leader,
            version: r.version,
        })
    }
}

const COLUMNS: &str = "id, full_name, gender, birth_date, party_card_no, record_no, joined_on, status, commune_id, residence_id, \
     job_category, field, CAST(is_committee_member AS INTEGER) AS is_committee_member, CAST(is_key_leader AS INTEGER) AS is_key_leader, version";

/// One member.
pub async fn get(conn: &mut Conn, member: MemberId) -> Result<Option<Member>, AppError> {
    let row: Option<MemberRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM members WHERE id = $1")).bind(member.to_string()).fetch_optional(conn).await?;
    row.map(Member::try_from).transpose()
}

/// The members of a commune, or every member with `None`.
pub async fn of_commune(conn: &mut Conn, commune: Option<UnitId>) -> Result<Vec<Member>, AppError> {
    // Two statements rather than `$1 IS NULL OR …`, so that the commune's index is used.
    let rows: Vec<MemberRow> = match commune {
        Some(c) => {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM members WHERE commune_id = $1")).bind(c.to_string()).fetch_all(conn).await?
        }
        None => sqlx::query_as(&format!("SELECT {COLUMNS} FROM members")).fetch_all(conn).await?,
    };
    convert(rows)
}

/// Inserts or updates a member (the domain lets the commune change only with a merge).
pub async fn save(conn: &mut Conn, m: &Member) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO members (id, full_name, gender, birth_date, party_card_no, record_no, joined_on, status, commune_id, residence_id, \
         job_category, field, is_committee_member, is_key_leader, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (id) DO UPDATE SET full_name = excluded.full_name, gender = excluded.gender, birth_date = excluded.birth_date, \
         party_card_no = excluded.party_card_no, record_no = excluded.record_no, joined_on = excluded.joined_on, status = excluded.status, \
         commune_id = excluded.commune_id, residence_id = excluded.residence_id, job_category = excluded.job_category, field = excluded.field, \
         is_committee_member = excluded.is_committee_member, is_key_leader = excluded.is_key_leader, version = excluded.version",
    )
    .bind(m.id.to_string())
    .bind(m.full_name.as_str())
    .bind(m.gender.code())
    .bind(m.birth_date.to_iso())
    .bind(&m.party_card_no)
    .bind(&m.record_no)
    .bind(m.joined_on.to_iso())
    .bind(m.status.code())
    .bind(m.commune_id.to_string())
    .bind(m.residence_id.to_string())
    .bind(m.job_category.code())
    .bind(m.field.code())
    .bind(m.is_committee_member)
    .bind(m.is_key_leader)
    .bind(m.version)
    .execute(conn)
    .await?;
    Ok(())
}
