//! `/quan-tri/tai-khoan`: the administrator's list of accounts, and the choices of the form that
//! creates one.

use std::collections::HashMap;

use crate::api::views::{AccountLine, AccountsView, Choice};
use crate::domain::account;
use crate::domain::date::format_timestamp_vn;
use crate::domain::scope::{Actor, Role};
use crate::domain::text::text_sort_key;
use crate::error::AppError;
use crate::store::{Db, branches, units, users};

/// The accounts page (administrators only).
pub async fn load(db: &Db, actor: &Actor) -> Result<AccountsView, AppError> {
    account::may_manage(actor)?;
    let mut conn = db.pool.acquire().await?;
    let rows = users::list(&mut conn).await?;
    let communes = units::communes(&mut conn).await?;
    let names: HashMap<_, _> = communes.iter().map(|(id, name)| (*id, name.clone())).collect();
    let mut branches: Vec<Choice> = branches::of_commune(&mut conn, None)
        .await?
        .into_iter()
        .filter(|b| b.dissolved.is_none())
        .filter_map(|b| {
            let commune = names.get(&b.commune_id?)?;
            Some(Choice { value: b.id.to_string(), label: format!("{} — {commune}", b.name) })
        })
        .collect();
    branches.sort_by_cached_key(|c| text_sort_key(&c.label));
    let accounts = rows
        .into_iter()
        .map(|r| {
            let role = Role::from_code(&r.role).ok_or(AppError::Internal)?;
            let scope = match (&r.branch, &r.commune) {
                (Some(b), Some(c)) => format!("{b} — {c}"),
                (None, Some(c)) => c.clone(),
                (Some(b), None) => b.clone(),
                (None, None) => String::new(),
            };
            Ok(AccountLine {
                is_me: r.id == actor.user_id.to_string(),
                id: r.id,
                username: r.username,
                display_name: r.display_name,
                role: role.label().to_string(),
                scope,
                last_sign_in: r.last_sign_in_at.map_or_else(|| "Chưa đăng nhập".to_string(), format_timestamp_vn),
                disabled: r.disabled_at.is_some(),
                one_time: r.must_change_password,
                scope_ended: account::scope_ended(role, r.commune_ended != 0, r.branch_dissolved != 0),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(AccountsView {
        accounts,
        roles: Role::ALL
            .iter()
            .map(|r| (Choice { value: r.code().to_string(), label: r.label().to_string() }, account::scope_kind(*r)))
            .collect(),
        communes: communes.into_iter().map(|(id, name)| Choice { value: id.to_string(), label: name }).collect(),
        branches,
    })
}
