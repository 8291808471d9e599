//! Table `campaigns`: the transfer campaigns and the documents behind them.

use sqlx::FromRow;

use super::Conn;
use super::rows::{Flag, convert, date, id, opt_date};
use crate::domain::campaign::Campaign;
use crate::domain::ids::CampaignId;
use crate::error::AppError;

#[derive(FromRow)]
struct CampaignRow {
    id: String,
    code: String,
    title: String,
    basis_date: String,
    issuer: String,
    job_categories: String,
    deadline: Option<String>,
    #[sqlx(try_from = "Flag")]
    dissolves_agency_branches: bool,
    communes: Option<String>,
    #[sqlx(try_from = "Flag")]
    is_open: bool,
    version: i64,
}

impl TryFrom<CampaignRow> for Campaign {
    type Error = AppError;
    fn try_from(r: CampaignRow) -> Result<Self, AppError> {
        Ok(Campaign {
            id: id(&r.id, CampaignId::parse)?,
            code: r.code,
            title: r.title,
            basis_date: date(&r.basis_date)?,
            issuer: r.issuer,
            job_categories: Campaign::parse_categories(&r.job_categories),
            deadline: opt_date(r.deadline.as_deref())?,
            dissolves_agency_branches: r.dissolves_agency_branches,
            communes: match r.communes.as_deref() {
                Some(list) => super::rows::json("campaign communes", list)?,
                None => Vec::new(),
            },
            open: r.is_open,
            version: r.version,
        })
    }
}

const COLUMNS: &str = "id, code, title, basis_date, issuer, job_categories, deadline, CAST(dissolves_agency_branches AS INTEGER) AS dissolves_agency_branches, \
     communes, CAST(is_open AS INTEGER) AS is_open, version";

/// One campaign.
pub async fn get(conn: &mut Conn, campaign: CampaignId) -> Result<Option<Campaign>, AppError> {
    let row: Option<CampaignRow> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM campaigns WHERE id = $1")).bind(campaign.to_string()).fetch_optional(conn).await?;
    row.map(Campaign::try_from).transpose()
}

/// Every campaign, oldest first.
pub async fn all(conn: &mut Conn) -> Result<Vec<Campaign>, AppError> {
    let rows: Vec<CampaignRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM campaigns ORDER BY basis_date")).fetch_all(conn).await?;
    convert(rows)
}

/// Inserts or updates a campaign.
pub async fn save(conn: &mut Conn, c: &Campaign) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO campaigns (id, code, title, basis_date, issuer, job_categories, deadline, dissolves_agency_branches, communes, is_open, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (id) DO UPDATE SET code = excluded.code, title = excluded.title, \
         basis_date = excluded.basis_date, issuer = excluded.issuer, job_categories = excluded.job_categories, deadline = excluded.deadline, \
         dissolves_agency_branches = excluded.dissolves_agency_branches, communes = excluded.communes, is_open = excluded.is_open, \
         version = excluded.version",
    )
    .bind(c.id.to_string())
    .bind(&c.code)
    .bind(&c.title)
    .bind(c.basis_date.to_iso())
    .bind(&c.issuer)
    .bind(c.categories_code())
    .bind(c.deadline.map(|d| d.to_iso()))
    .bind(c.dissolves_agency_branches)
    .bind((!c.communes.is_empty()).then(|| serde_json::to_string(&c.communes).unwrap_or_default()))
    .bind(c.open)
    .bind(c.version)
    .execute(conn)
    .await?;
    Ok(())
}
