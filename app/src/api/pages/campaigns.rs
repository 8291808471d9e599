//! `/quan-tri/dot-chuyen`: the transfer campaigns, newest first.

use crate::api::views::{CampaignRow, CampaignsView, Choice};
use crate::domain::member::JobCategory;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::{Db, campaigns, units};

/// The page (the district or province board and administrators read it).
pub async fn load(db: &Db, actor: &Actor) -> Result<CampaignsView, AppError> {
    if !actor.sees_all() {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let mut all = campaigns::all(&mut conn).await?;
    let names = units::names(&mut conn).await?;
    let communes = units::communes(&mut conn).await?;
    all.sort_by(|a, b| b.basis_date.cmp(&a.basis_date).then_with(|| a.code.cmp(&b.code)));
    Ok(CampaignsView {
        campaigns: all
            .into_iter()
            .map(|c| CampaignRow {
                id: c.id.to_string(),
                basis: format!("{} — {}", c.basis_date.to_vn(), c.issuer),
                groups: c.job_categories.iter().map(|j| j.label()).collect::<Vec<_>>().join("; "),
                deadline: c.deadline.map(|d| d.to_vn()).unwrap_or_default(),
                communes: if c.communes.is_empty() {
                    "Mọi xã, phường, thị trấn".into()
                } else {
                    c.communes.iter().filter_map(|u| names.get(u).map(|(n, _)| n.as_str())).collect::<Vec<_>>().join("; ")
                },
                code: c.code,
                title: c.title,
                open: c.open,
                version: c.version,
            })
            .collect(),
        can_manage: actor.can_manage_campaigns(),
        groups: JobCategory::ALL.iter().map(|j| Choice { value: j.code().into(), label: j.label().into() }).collect(),
        communes: communes.into_iter().map(|(id, name)| Choice { value: id.to_string(), label: name }).collect(),
    })
}
