//! `branch.dissolve`: dissolving an empty branch (refused while members remain); `branch.rename`.

use super::{Cx, Step, applied, found, next_version};
use crate::domain::branch::Branch;
use crate::store::changes::Record;
use crate::store::{Conn, branches, memberships};
use crate::sync::Outcome;
use crate::sync::ops::{DissolveBranch, RenameBranch};

pub(super) async fn dissolve(conn: &mut Conn, cx: &Cx<'_>, a: DissolveBranch) -> Step<Outcome> {
    let branch = found(branches::get(conn, a.branch_id).await?, "chi bộ")?;
    if !cx.actor.can_dissolve_branch(branch.commune_id) {
        return Err(super::forbidden());
    }
    let version = next_version(Some((&branch, branch.version)), cx.base)?;
    let members = memberships::official_count(conn, branch.id).await?;
    let mut dissolved = branch.dissolve(members, a.on, &a.decision_no)?;
    dissolved.version = version;
    branches::save(conn, &dissolved).await?;
    let record = Record::new("branch", branch.id, branch.commune_id, Some(branch.id)).before(Some(&branch)).after(&dissolved);
    applied(cx.record(conn, record).await?, None)
}

/// `branch.rename`: an active branch's new name, free among its commune's branches; by the staff
/// of its commune (a branch outside any commune: administrators).
pub(super) async fn rename(conn: &mut Conn, cx: &Cx<'_>, a: RenameBranch) -> Step<Outcome> {
    let branch = found(branches::get(conn, a.branch_id).await?, "chi bộ")?;
    if !cx.actor.can_dissolve_branch(branch.commune_id) {
        return Err(super::forbidden());
    }
    let version = next_version(Some((&branch, branch.version)), cx.base)?;
    let active = branches::of_commune(conn, branch.commune_id).await?;
    let renamed = Branch { version, ..branch.renamed(&a.name, &active)? };
    branches::save(conn, &renamed).await?;
    let record = Record::new("branch", branch.id, branch.commune_id, Some(branch.id)).before(Some(&branch)).after(&renamed);
    applied(cx.record(conn, record).await?, None)
}
