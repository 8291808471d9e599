//! `/xa/:id/dang-vien`: a commune's member register — every member with the fields of the
//! record, in Vietnamese order by given name — and its export in the template's columns.

use std::collections::HashMap;

use crate::api::views::{Choice, MemberFormChoices, RegisterLine, RegisterView};
use crate::domain::branch::{Branch, BranchKind};
use crate::domain::ids::{BranchId, MemberId, UnitId};
use crate::domain::import::{export_row, home_branch};
use crate::domain::membership::MembershipKind;
use crate::domain::scope::Actor;
use crate::domain::text::sort_by_name;
use crate::error::AppError;
use crate::store::{Conn, Db, branches, members, memberships, units};

/// The register (the commune's office, the district or province board, administrators), and
/// its rows in the template's columns for the export.
pub async fn load(db: &Db, actor: &Actor, id: &str) -> Result<(RegisterView, Vec<Vec<String>>), AppError> {
    let commune = UnitId::parse(id).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    if !actor.can_open_board(commune) {
        return Err(AppError::Forbidden);
    }
    let mut conn = db.pool.acquire().await?;
    let names = units::names(&mut conn).await?;
    let name = names.get(&commune).map(|(n, _)| n.clone()).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    let mut list = members::of_commune(&mut conn, Some(commune)).await?;
    sort_by_name(&mut list, |m| m.full_name.as_str());
    let all_branches = branches::of_commune(&mut conn, None).await?;
    let branch_names: HashMap<BranchId, &str> = all_branches.iter().map(|b| (b.id, b.name.as_str())).collect();
    let official: HashMap<MemberId, BranchId> = memberships::current(&mut conn, Some(commune))
        .await?
        .into_iter()
        .filter(|s| s.kind == MembershipKind::Official)
        .map(|s| (s.member_id, s.branch_id))
        .collect();
    let place = |u: UnitId| names.get(&u).map(|(n, _)| n.clone()).unwrap_or_default();
    let lines = list
        .iter()
        .map(|m| RegisterLine {
            id: m.id.to_string(),
            name: m.full_name.as_str().to_string(),
            gender: m.gender.label().into(),
            birth: m.birth_date.to_vn(),
            card: m.party_card_no.clone(),
            status: m.status.label().into(),
            residence: place(m.residence_id),
            job: m.job_category.label().into(),
            branch: official.get(&m.id).and_then(|b| branch_names.get(b)).map(|n| n.to_string()).unwrap_or_default(),
        })
        .collect();
    let rows = list.iter().map(|m| export_row(m, &place(m.residence_id))).collect();
    let can_import = actor.can_manage_commune(commune);
    let new_member = if can_import { Some(form_choices(&mut conn, commune, &all_branches).await?) } else { None };
    Ok((RegisterView { commune_id: commune.to_string(), commune: name, can_import, members: lines, new_member }, rows))
}

/// The member form's choices for a commune: its hamlets (by name), its active residential
/// branches (among `all`, which the page has read), and each hamlet's branch.
pub async fn form_choices(conn: &mut Conn, commune: UnitId, all: &[Branch]) -> Result<MemberFormChoices, AppError> {
    let hamlets = units::hamlets(conn, commune).await?;
    let branches: Vec<&Branch> =
        all.iter().filter(|b| b.commune_id == Some(commune) && b.kind == BranchKind::Residential && b.is_active()).collect();
    Ok(MemberFormChoices {
        commune_id: commune.to_string(),
        home_branches: hamlets.iter().filter_map(|(h, _)| home_branch(*h, all).map(|b| (h.to_string(), b.to_string()))).collect(),
        hamlets: hamlets.into_iter().map(|(id, name)| Choice { value: id.to_string(), label: name }).collect(),
        branches: branches.into_iter().map(|b| Choice { value: b.id.to_string(), label: b.name.clone() }).collect(),
    })
}
