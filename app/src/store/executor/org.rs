//! `unit.create`, `branch.create`, `campaign.create` and `campaign.close`: the organisation set
//! up from the browser.

use super::{Cx, Step, applied, forbidden, found, next_version};
use crate::domain::branch::{Branch, COMMUNE_LEVEL, HAMLET_LEVEL};
use crate::domain::campaign::Campaign;
use crate::domain::free_text::{FOUNDING_DECISION, FreeText};
use crate::store::changes::Record;
use crate::store::{Conn, branches, campaigns, units};
use crate::sync::ops::{CloseCampaign, CreateBranch, CreateCampaign, CreateUnit};
use crate::sync::{Outcome, UnitRecord};

pub(super) async fn create_unit(conn: &mut Conn, cx: &Cx<'_>, a: CreateUnit) -> Step<Outcome> {
    if !cx.actor.can_edit_tree() {
        return Err(forbidden());
    }
    let existing = units::version_and_decision(conn, a.unit_id).await?;
    next_version(existing.as_ref().map(|(v, d)| (d, *v)), cx.base)?;
    let tree = units::tree(conn).await?;
    let unit = tree.check_new_unit(a.unit_id, &a.type_code, &a.name, a.parent_id, a.valid_from)?;
    let decision = String::from(FreeText::required(&a.decision_no, FOUNDING_DECISION)?);
    units::insert(conn, unit.id, &unit.type_code, &unit.name, unit.valid_from, a.parent_id).await?;
    units::set_decision(conn, unit.id, &decision).await?;
    // Devices hold their commune and its hamlets: a commune is its own scope, a hamlet its commune's.
    let level = tree.types.iter().find(|t| t.code == unit.type_code).map(|t| t.level);
    let (commune, parent) = match level {
        Some(COMMUNE_LEVEL) => (Some(unit.id), None),
        Some(HAMLET_LEVEL) => (a.parent_id, a.parent_id),
        _ => (None, None),
    };
    let row = UnitRecord { id: unit.id, name: unit.name.clone(), parent };
    let record = Record::new("unit", unit.id, commune, None).before(None::<&UnitRecord>).after(&row);
    applied(cx.record(conn, record).await?, None)
}

pub(super) async fn create_branch(conn: &mut Conn, cx: &Cx<'_>, a: CreateBranch) -> Step<Outcome> {
    let existing = branches::get(conn, a.branch_id).await?;
    next_version(existing.as_ref().map(|b| (b, b.version)), cx.base)?;
    let tree = units::tree(conn).await?;
    let commune = match tree.level_of(a.unit_id) {
        Some(HAMLET_LEVEL) => tree.parent_on(a.unit_id, a.founded_on),
        _ => Some(a.unit_id),
    };
    if !commune.is_some_and(|c| cx.actor.can_found_branch(c)) {
        return Err(forbidden());
    }
    let active = branches::of_commune(conn, commune).await?;
    let branch = Branch::found(a.branch_id, &a.name, a.kind, a.unit_id, &tree, a.founded_on, &active)?;
    let decision = String::from(FreeText::required(&a.decision_no, FOUNDING_DECISION)?);
    branches::save(conn, &branch).await?;
    branches::set_founding(conn, branch.id, a.founded_on, &decision).await?;
    let record = Record::new("branch", branch.id, branch.commune_id, Some(branch.id)).before(None::<&Branch>).after(&branch);
    applied(cx.record(conn, record).await?, None)
}

/// A campaign concerns the communes it applies to: their devices pull it (and its boards appear).
pub(super) async fn record_campaign(conn: &mut Conn, cx: &Cx<'_>, before: Option<&Campaign>, after: &Campaign) -> Step<i64> {
    let mut communes: Vec<_> =
        units::communes(conn).await?.into_iter().filter(|(c, _)| after.applies_to(*c)).map(|(c, _)| Some(c)).collect();
    if communes.is_empty() {
        communes.push(None);
    }
    let mut seq = 0;
    for commune in communes {
        seq = cx.record(conn, Record::new("campaign", after.id, commune, None).before(before).after(after)).await?;
    }
    Ok(seq)
}

pub(super) async fn create_campaign(conn: &mut Conn, cx: &Cx<'_>, a: CreateCampaign) -> Step<Outcome> {
    if !cx.actor.can_manage_campaigns() {
        return Err(forbidden());
    }
    let existing = campaigns::get(conn, a.campaign_id).await?;
    next_version(existing.as_ref().map(|c| (c, c.version)), cx.base)?;
    let taken: Vec<String> = campaigns::all(conn).await?.into_iter().map(|c| c.code).collect();
    let current: Vec<_> = units::communes(conn).await?.into_iter().map(|(c, _)| c).collect();
    let campaign = Campaign::open_new(a.campaign_id, &a.campaign, &taken, &current)?;
    campaigns::save(conn, &campaign).await?;
    applied(record_campaign(conn, cx, None, &campaign).await?, None)
}

pub(super) async fn close_campaign(conn: &mut Conn, cx: &Cx<'_>, a: CloseCampaign) -> Step<Outcome> {
    if !cx.actor.can_manage_campaigns() {
        return Err(forbidden());
    }
    let campaign = found(campaigns::get(conn, a.campaign_id).await?, "đợt chuyển")?;
    let version = next_version(Some((&campaign, campaign.version)), cx.base)?;
    let closed = Campaign { version, ..campaign.close()? };
    campaigns::save(conn, &closed).await?;
    applied(record_campaign(conn, cx, Some(&campaign), &closed).await?, None)
}
