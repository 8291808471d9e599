//! Table `commune_stats`: the per-commune figures of the district overview and the report. The
//! executor refreshes the communes a push touched (once per push, not per mutation); the whole
//! table is rebuilt when the database is opened and after the demo data is loaded. The overview
//! then reads one row per commune, whatever the number of members.

use std::collections::{HashMap, HashSet};

use super::rows::json;
use super::{Conn, branches, campaigns, evaluations, meetings, members, tasks, transfers, units};
use crate::domain::campaign::Campaign;
use crate::domain::date::Date;
use crate::domain::flags::FlagRules;
use crate::domain::ids::UnitId;
use crate::domain::report::{CommuneFigures, CommuneRecords, as_of, commune_figures};
use crate::domain::text::text_sort_key;
use crate::error::AppError;

/// Computes one commune's figures from its records (`campaigns`: every campaign).
pub async fn compute(conn: &mut Conn, commune: UnitId, name: &str, campaigns: &[Campaign]) -> Result<CommuneFigures, AppError> {
    let branches = branches::of_commune(conn, Some(commune)).await?;
    let members = members::of_commune(conn, Some(commune)).await?;
    let transfers = transfers::of_commune(conn, Some(commune)).await?;
    let with_task: HashSet<_> =
        tasks::counts_in_commune(conn, commune).await?.into_iter().filter(|(_, n)| *n > 0).map(|(m, _)| m).collect();
    let participation = meetings::participation_in_commune(conn, commune).await?;
    let ratings = evaluations::ratings_in_commune(conn, commune).await?;
    Ok(commune_figures(&CommuneRecords {
        commune_id: commune,
        commune_name: name,
        branches: &branches,
        members: &members,
        transfers: &transfers,
        campaigns,
        members_with_task: &with_task,
        participation: &participation,
        ratings: &ratings,
        rules: FlagRules::default(),
    }))
}

/// Every commune's figures as the tree stood on `date` (the communes of that day, each with the
/// records of its hamlets and units then), computed from the live records — not kept: a report of
/// an earlier day is asked for now and then.
pub async fn compute_as_of(conn: &mut Conn, date: Date) -> Result<Vec<CommuneFigures>, AppError> {
    let tree = units::tree(conn).await?;
    let campaigns = campaigns::all(conn).await?;
    let (branches, members) =
        as_of::regroup(&tree, date, &branches::of_commune(conn, None).await?, &members::of_commune(conn, None).await?);
    let transfers = transfers::of_commune(conn, None).await?;
    // Activity is kept per commune of today: gathered over all of them.
    let (mut with_task, mut participation, mut ratings) = (HashSet::new(), HashMap::new(), Vec::new());
    for (commune, _) in units::communes(conn).await? {
        with_task.extend(tasks::counts_in_commune(conn, commune).await?.into_iter().filter(|(_, n)| *n > 0).map(|(m, _)| m));
        participation.extend(meetings::participation_in_commune(conn, commune).await?);
        ratings.extend(evaluations::ratings_in_commune(conn, commune).await?);
    }
    Ok(as_of::communes_on(&tree, date)
        .into_iter()
        .map(|(id, name)| {
            commune_figures(&CommuneRecords {
                commune_id: id,
                commune_name: &name,
                branches: &branches,
                members: &members,
                transfers: &transfers,
                campaigns: &campaigns,
                members_with_task: &with_task,
                participation: &participation,
                ratings: &ratings,
                rules: FlagRules::default(),
            })
        })
        .collect())
}

/// Recomputes and stores the figures of these communes (`None` in the list: all of them), and
/// returns them.
pub async fn refresh(conn: &mut Conn, communes: &[Option<UnitId>]) -> Result<Vec<CommuneFigures>, AppError> {
    let all = units::communes(conn).await?;
    let campaigns = campaigns::all(conn).await?;
    let everything = communes.iter().any(Option::is_none);
    let mut refreshed = Vec::new();
    for (id, name) in all.iter().filter(|(id, _)| everything || communes.contains(&Some(*id))) {
        let figures = compute(conn, *id, name, &campaigns).await?;
        let data = serde_json::to_string(&figures).map_err(|_| AppError::Internal)?;
        sqlx::query(
            "INSERT INTO commune_stats (commune_id, data) VALUES ($1, $2) ON CONFLICT (commune_id) DO UPDATE SET data = excluded.data",
        )
        .bind(id.to_string())
        .bind(data)
        .execute(&mut *conn)
        .await?;
        refreshed.push(figures);
    }
    Ok(refreshed)
}

/// Rebuilds the whole table.
pub async fn refresh_all(conn: &mut Conn) -> Result<(), AppError> {
    refresh(conn, &[None]).await.map(drop)
}

/// The stored figures of every current commune, in the communes' name order.
pub async fn all(conn: &mut Conn) -> Result<Vec<CommuneFigures>, AppError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT s.data FROM commune_stats s JOIN org_units u ON u.id = s.commune_id WHERE u.valid_to IS NULL")
            .fetch_all(conn)
            .await?;
    let mut figures = rows.iter().map(|(d,)| json::<CommuneFigures>("commune figures", d)).collect::<Result<Vec<_>, _>>()?;
    figures.sort_by_cached_key(|f| text_sort_key(&f.commune_name));
    Ok(figures)
}

/// The stored figures of the current communes among `communes` (a `None` among them: of every
/// current commune), in the communes' name order.
pub async fn of(conn: &mut Conn, communes: &[Option<UnitId>]) -> Result<Vec<CommuneFigures>, AppError> {
    if communes.iter().any(Option::is_none) {
        return all(conn).await;
    }
    let mut figures = Vec::with_capacity(communes.len());
    for commune in communes.iter().flatten() {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT s.data FROM commune_stats s JOIN org_units u ON u.id = s.commune_id WHERE s.commune_id = $1 AND u.valid_to IS NULL",
        )
        .bind(commune.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        if let Some((data,)) = row {
            figures.push(json::<CommuneFigures>("commune figures", &data)?);
        }
    }
    figures.sort_by_cached_key(|f| text_sort_key(&f.commune_name));
    Ok(figures)
}

/// The stored figures of one commune.
pub async fn one(conn: &mut Conn, commune: UnitId) -> Result<Option<CommuneFigures>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT data FROM commune_stats WHERE commune_id = $1").bind(commune.to_string()).fetch_optional(conn).await?;
    row.map(|(d,)| json("commune figures", &d)).transpose()
}
