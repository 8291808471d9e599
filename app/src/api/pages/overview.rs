//! `/tong-quan`: every commune's figures (kept current by the executor) and the total.

use super::parts::campaign_line;
use crate::api::views::OverviewView;
use crate::domain::report::{rated_years, totals};
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::{Db, campaigns, stats, today, units};

/// The district overview (district board and administrators).
pub async fn load(db: &Db, actor: &Actor) -> Result<OverviewView, AppError> {
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let rows = stats::all(&mut conn).await?;
    let campaigns = campaigns::all(&mut conn).await?;
    let whole = units::tree(&mut conn).await?.whole_name(today());
    Ok(OverviewView {
        total: totals(&rows, &whole),
        whole,
        years: rated_years(&rows),
        rows,
        campaigns: campaigns.iter().map(campaign_line).collect(),
    })
}
