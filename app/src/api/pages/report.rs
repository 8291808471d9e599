//! `/bao-cao`: the report's opening paragraph and the tables behind it, from the kept figures.

use crate::api::views::ReportView;
use crate::domain::date::Date;
use crate::domain::report::{opening_paragraph, rated_years, report_order, report_tables, totals};
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::{Db, campaigns, stats, today, units};

/// The report (district board and administrators), with the ratings of `year` (the newest rated
/// year by default), per commune of today or, with `as_of` (dd/mm/yyyy), per commune of that day.
pub async fn load(db: &Db, actor: &Actor, year: Option<i32>, as_of: Option<&str>) -> Result<ReportView, AppError> {
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    let as_of = match as_of.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => Some(Date::parse_vn(text).map_err(|e| AppError::Invalid(e.to_string()))?),
        None => None,
    };
    let mut conn = db.pool.acquire().await?;
    let rows = match as_of {
        Some(day) => stats::compute_as_of(&mut conn, day).await?,
        None => stats::all(&mut conn).await?,
    };
    let whole = units::tree(&mut conn).await?.whole_name(as_of.unwrap_or_else(today));
    let total = totals(&rows, &whole);
    let mut campaigns = campaigns::all(&mut conn).await?;
    report_order(&mut campaigns);
    let years = rated_years(&rows);
    let year = year.filter(|y| years.contains(y)).or(years.first().copied());
    Ok(ReportView {
        opening: opening_paragraph(&total, &campaigns),
        tables: report_tables(&rows, &total, &campaigns, year),
        rows,
        campaigns,
        years,
        year,
        today: today().to_vn(),
        whole,
        as_of: as_of.map(Date::to_vn),
    })
}
