//! `member.create` and `member.update`: a member's record (commune staff of the member's
//! commune, and administrators). A new member joins an official branch the same day.

use super::{Cx, Step, applied, found, next_version};
use crate::domain::DomainError;
use crate::domain::membership::move_official;
use crate::domain::plan;
use crate::store::changes::Record;
use crate::store::{Conn, branches, members, memberships, today, units};
use crate::sync::Outcome;
use crate::sync::ops::SaveMember;

/// Whether the mutation creates a member or changes one.
pub(super) enum Intent {
    Create,
    Update,
}

pub(super) async fn save(conn: &mut Conn, cx: &Cx<'_>, a: SaveMember, intent: Intent) -> Step<Outcome> {
    let existing = members::get(conn, a.member_id).await?;
    let commune = a.member.commune_id;
    if !cx.actor.can_manage_commune(commune) || existing.as_ref().is_some_and(|m| !cx.actor.can_manage_commune(m.commune_id)) {
        return Err(super::forbidden());
    }
    match (&intent, &existing) {
        (Intent::Create, Some(_)) => return Err(DomainError::InvalidValue(a.member_id.to_string()).into()),
        (Intent::Update, None) => return Err(DomainError::NotFound("đảng viên").into()),
        _ => {}
    }
    let version = next_version(existing.as_ref().map(|m| (m, m.version)), cx.base)?;
    if existing.as_ref().is_some_and(|m| m.commune_id != commune) {
        return Err(DomainError::CommuneCannotChange.into());
    }
    let in_commune = units::is_child_of(conn, a.member.residence_id, commune).await?;
    let today = today();
    let member = a.member.validate(a.member_id, version, today, in_commune)?;
    let joins = match (&existing, a.branch_id) {
        (Some(_), _) => None,
        (None, None) => return Err(DomainError::Required("chi bộ sinh hoạt").into()),
        (None, Some(branch_id)) => {
            let branch = found(branches::get(conn, branch_id).await?, "chi bộ")?;
            plan::check_target(&member, &branch)?;
            Some(move_official(None, member.id, branch.id, today)?.1)
        }
    };
    members::save(conn, &member).await?;
    if let Some(started) = &joins {
        memberships::save(conn, started).await?;
        cx.record(conn, Record::new("membership", started.id, Some(commune), Some(started.branch_id)).after(started)).await?;
    }
    let branch = match &joins {
        Some(started) => Some(started.branch_id),
        None => memberships::current_official(conn, member.id).await?.map(|m| m.branch_id),
    };
    let record = Record::new("member", member.id, Some(commune), branch).before(existing.as_ref()).after(&member);
    applied(cx.record(conn, record).await?, None)
}
