//! `/xa/:id/nhap-dang-vien`: an uploaded member list read and checked against the register —
//! every row with its reasons, the column mapping, the hamlet choices — and the changes its
//! confirmation sends (`member.create` for a new card, `member.update` for a changed record,
//! nothing for a record already as the file says). Nothing is written here.

use std::collections::HashMap;

use base64::Engine;

use crate::api::views::{Choice, ImportLine, ImportPreview, PlannedChange};
use crate::domain::ids::{MemberId, UnitId};
use crate::domain::import::{Column, Known, Place, home_branch, map_columns, missing, read_rows};
use crate::domain::member::MemberDraft;
use crate::domain::scope::Actor;
use crate::error::AppError;
use crate::store::{Db, branches, members, units};
use crate::sync::Op;
use crate::sync::ops::SaveMember;

/// The file as the browser reads it: a data URL (`data:…;base64,…`).
fn bytes_of(data_url: &str) -> Result<Vec<u8>, AppError> {
    let encoded = data_url.split_once("base64,").map_or(data_url, |(_, rest)| rest);
    base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|_| AppError::Invalid("Không đọc được tệp đã chọn; hãy chọn lại tệp.".into()))
}

/// The preview of an upload for `commune`; `mapping`: the user's choice of column per column
/// index (a column code, or "" for none); `hamlets`: the user's hamlet per row number.
pub async fn preview(
    db: &Db,
    actor: &Actor,
    commune: &str,
    data_url: &str,
    mapping: &[(usize, String)],
    hamlets: &[(usize, String)],
) -> Result<ImportPreview, AppError> {
    let commune = UnitId::parse(commune).ok_or_else(|| AppError::NotFound("xã, thị trấn".into()))?;
    if !actor.can_manage_commune(commune) {
        return Err(AppError::Forbidden);
    }
    let sheet = crate::import_file::read(&bytes_of(data_url)?).map_err(AppError::Invalid)?;
    let chosen: Vec<(usize, Option<Column>)> = mapping.iter().map(|(i, c)| (*i, Column::from_code(c))).collect();
    let map = map_columns(&sheet.headers, &chosen);
    let mut conn = db.pool.acquire().await?;
    let places: Vec<Place> = units::hamlets(&mut conn, commune).await?.into_iter().map(|(id, name)| Place { id, name }).collect();
    let place_name: HashMap<UnitId, String> = places.iter().map(|p| (p.id, p.name.clone())).collect();
    let register = members::of_commune(&mut conn, Some(commune)).await?;
    let by_id: HashMap<MemberId, &crate::domain::member::Member> = register.iter().map(|m| (m.id, m)).collect();
    let known: Vec<Known> =
        register.iter().map(|m| Known { id: m.id, party_card_no: m.party_card_no.clone(), record_no: m.record_no.clone() }).collect();
    let branches = branches::of_commune(&mut conn, Some(commune)).await?;
    let chosen_hamlets: Vec<(usize, UnitId)> = hamlets.iter().filter_map(|(l, h)| UnitId::parse(h).map(|h| (*l, h))).collect();
    let absent = missing(&map);
    let rows = if absent.is_empty() { read_rows(&sheet.rows, &map, commune, &places, &known, &chosen_hamlets) } else { Vec::new() };
    let lines = rows
        .into_iter()
        .map(|r| {
            let mut errors = r.errors;
            let change = match (r.draft, r.existing.and_then(|id| by_id.get(&id))) {
                (Some(draft), Some(m)) if MemberDraft::from(*m) == draft => None,
                (Some(draft), Some(m)) => {
                    let op = Op::UpdateMember(SaveMember { member_id: m.id, member: draft, branch_id: None });
                    Some(PlannedChange { name: op.name().into(), args: op.args(), base: Some(m.version) })
                }
                (Some(draft), None) => match home_branch(draft.residence_id, &branches) {
                    Some(branch) => {
                        let op = Op::CreateMember(SaveMember { member_id: MemberId::new(), member: draft, branch_id: Some(branch) });
                        Some(PlannedChange { name: op.name().into(), args: op.args(), base: None })
                    }
                    None => {
                        let hamlet = place_name.get(&draft.residence_id).cloned().unwrap_or_default();
                        errors.push(format!("{hamlet} chưa có chi bộ đang hoạt động để đảng viên sinh hoạt."));
                        None
                    }
                },
                (None, _) => None,
            };
            ImportLine {
                line: r.line,
                name: r.full_name,
                unchanged: errors.is_empty() && change.is_none(),
                updates: r.existing.is_some(),
                errors,
                hamlet_choices: r
                    .hamlet_choices
                    .iter()
                    .map(|h| Choice { value: h.to_string(), label: place_name.get(h).cloned().unwrap_or_default() })
                    .collect(),
                change,
            }
        })
        .collect();
    Ok(ImportPreview {
        headers: sheet.headers,
        columns: map.iter().map(|c| c.map(|c| c.code().to_string()).unwrap_or_default()).collect(),
        column_choices: Column::ALL.iter().map(|c| Choice { value: c.code().into(), label: c.label().into() }).collect(),
        missing: absent.iter().map(|c| c.label().to_string()).collect(),
        lines,
    })
}
