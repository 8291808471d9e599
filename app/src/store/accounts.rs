//! The administrator's work on accounts: create one with a one-time password, reset a password,
//! disable and enable. Each is checked by the rules (`domain::account`), written in one
//! transaction with its audit row, and never stores or logs a password — only its hash.

use serde_json::json;

use super::auth::{self, NewUser};
use super::changes::{self, Author, Record};
use super::{Db, branches, now_millis, units, users};
use crate::domain::account::{self, BranchFacts, CommuneFacts};
use crate::domain::ids::{BranchId, UnitId, UserId};
use crate::domain::scope::{Actor, Role};
use crate::error::AppError;

/// A new account as the administrator fills it in.
#[derive(Clone, Debug)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub commune_id: Option<UnitId>,
    pub branch_id: Option<BranchId>,
}

fn author(actor: &Actor, mutation: &'static str) -> Author<'static> {
    Author { user_id: actor.user_id.to_string(), client_id: None, mutation: Some(mutation) }
}

/// What the audit keeps of an account (never its password or hash).
fn summary(username: &str, display_name: &str, role: Role, commune: Option<UnitId>, branch: Option<BranchId>) -> serde_json::Value {
    json!({
        "username": username,
        "display_name": display_name,
        "role": role.code(),
        "commune_id": commune.map(|c| c.to_string()),
        "branch_id": branch.map(|b| b.to_string()),
    })
}

/// Creates an account with a one-time password, returned once to be handed to its user.
pub async fn create(db: &Db, actor: &Actor, new: &NewAccount) -> Result<(UserId, String), AppError> {
    account::may_manage(actor)?;
    let username = account::username(&new.username)?;
    let display_name = account::display_name(&new.display_name)?;
    let (commune, branch) = {
        let mut conn = db.pool.acquire().await?;
        let commune = match new.commune_id {
            Some(id) => units::commune_facts(&mut conn, id).await?.map(|(is_commune, ended)| CommuneFacts { id, is_commune, ended }),
            None => None,
        };
        let branch = match new.branch_id {
            Some(id) => {
                branches::get(&mut conn, id).await?.map(|b| BranchFacts { id, commune: b.commune_id, dissolved: b.dissolved.is_some() })
            }
            None => None,
        };
        (commune, branch)
    };
    let scope = account::scope(new.role, commune, branch)?;
    let password = auth::one_time_password();
    let user = NewUser {
        username: &username,
        password: &password,
        display_name: &display_name,
        role: new.role,
        commune_id: scope.commune_id,
        branch_id: scope.branch_id,
    };
    let id = auth::insert_user(db, &user, true).await?;
    let record = Record::new("account", id, scope.commune_id, scope.branch_id).before(None::<&serde_json::Value>).after(&summary(
        &username,
        &display_name,
        new.role,
        scope.commune_id,
        scope.branch_id,
    ));
    changes::audit_only(&mut *db.pool.acquire().await?, &author(actor, "account.create"), record).await?;
    tracing::info!(by = ?actor.username, user = ?username, role = new.role.code(), "account created");
    Ok((id, password))
}

/// Gives an account a new one-time password (returned once) and ends its sessions.
pub async fn reset_password(db: &Db, actor: &Actor, user: UserId) -> Result<String, AppError> {
    account::may_reset(actor, user)?;
    let row = users::by_id(&mut *db.pool.acquire().await?, user).await?.ok_or_else(|| AppError::NotFound("tài khoản".into()))?;
    let password = auth::one_time_password();
    let password_hash = auth::hash(&password).await?;
    let mut tx = db.pool.begin().await?;
    users::set_password(&mut tx, user, &password_hash, true).await?;
    users::close_sessions_of(&mut tx, user, None).await?;
    let record = Record::new("account", user, None, None)
        .before(Some(&json!({ "must_change_password": row.must_change_password() })))
        .after(&json!({ "password": "cấp lại", "must_change_password": true }));
    changes::audit_only(&mut tx, &author(actor, "account.reset_password"), record).await?;
    tx.commit().await?;
    db.sign_out(user).await;
    Ok(password)
}

/// Disables (`enabled: false`: its sessions end at once, its live feeds close) or enables an
/// account.
pub async fn set_enabled(db: &Db, actor: &Actor, user: UserId, enabled: bool) -> Result<(), AppError> {
    if enabled {
        account::may_manage(actor)?;
    } else {
        account::may_disable(actor, user)?;
    }
    let row = users::by_id(&mut *db.pool.acquire().await?, user).await?.ok_or_else(|| AppError::NotFound("tài khoản".into()))?;
    let was_enabled = row.disabled_at.is_none();
    if was_enabled == enabled {
        return Ok(());
    }
    let mut tx = db.pool.begin().await?;
    users::set_disabled(&mut tx, user, (!enabled).then(now_millis)).await?;
    if !enabled {
        users::close_sessions_of(&mut tx, user, None).await?;
    }
    let record =
        Record::new("account", user, None, None).before(Some(&json!({ "disabled": !was_enabled }))).after(&json!({ "disabled": !enabled }));
    let mutation = if enabled { "account.enable" } else { "account.disable" };
    changes::audit_only(&mut tx, &author(actor, mutation), record).await?;
    tx.commit().await?;
    if !enabled {
        db.sign_out(user).await;
    }
    Ok(())
}
