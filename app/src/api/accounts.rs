//! The server functions of accounts: the administrator's list and actions, and every user's
//! change of their own password. Online only — a password never waits in a device's outbox.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::codec::JsonText;
use super::views::AccountsView;
use crate::error::AppError;

/// What the administrator fills in to create an account.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountForm {
    pub username: String,
    pub display_name: String,
    /// A role's code.
    pub role: String,
    /// A commune's id (commune office), or "".
    pub commune_id: String,
    /// A branch's id (branch secretary), or "".
    pub branch_id: String,
}

/// A one-time password, shown once to the administrator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    pub username: String,
    pub password: String,
}

/// The accounts page.
#[server(output = JsonText)]
pub async fn get_accounts() -> Result<AccountsView, AppError> {
    super::pages::answer(|state, actor| async move { super::pages::accounts::load(&state.db, &actor).await }).await
}

/// Creates an account; its one-time password comes back once.
#[server(output = JsonText)]
pub async fn create_account(form: AccountForm) -> Result<OneTimePassword, AppError> {
    use crate::domain::ids::{BranchId, UnitId};
    use crate::domain::scope::Role;
    use crate::store::accounts::{self, NewAccount};
    super::pages::answer(|state, actor| async move {
        crate::domain::account::may_manage(&actor)?;
        let role = Role::from_code(&form.role).ok_or_else(|| AppError::Invalid("Hãy chọn vai trò của tài khoản.".into()))?;
        fn choice(text: &str) -> Option<&str> {
            Some(text.trim()).filter(|t| !t.is_empty())
        }
        let commune_id = match choice(&form.commune_id) {
            Some(t) => Some(UnitId::parse(t).ok_or_else(|| AppError::Invalid("Xã, phường, thị trấn đã chọn không hợp lệ.".into()))?),
            None => None,
        };
        let branch_id = match choice(&form.branch_id) {
            Some(t) => Some(BranchId::parse(t).ok_or_else(|| AppError::Invalid("Chi bộ đã chọn không hợp lệ.".into()))?),
            None => None,
        };
        let new = NewAccount { username: form.username.clone(), display_name: form.display_name.clone(), role, commune_id, branch_id };
        let (_, password) = accounts::create(&state.db, &actor, &new).await?;
        Ok(OneTimePassword { username: crate::domain::account::username(&form.username)?, password })
    })
    .await
}

/// Gives an account a new one-time password (shown once) and ends its sessions.
#[server(output = JsonText)]
pub async fn reset_account_password(id: String) -> Result<OneTimePassword, AppError> {
    super::pages::answer(|state, actor| async move {
        let user = crate::domain::ids::UserId::parse(&id).ok_or_else(|| AppError::NotFound("tài khoản".into()))?;
        let password = crate::store::accounts::reset_password(&state.db, &actor, user).await?;
        let username = crate::store::users::by_id(&mut *state.db.pool.acquire().await?, user)
            .await?
            .map(|r| r.actor().map(|a| a.username))
            .transpose()?
            .unwrap_or_default();
        Ok(OneTimePassword { username, password })
    })
    .await
}

/// Disables (its sessions end at once) or enables an account.
#[server(output = JsonText)]
pub async fn set_account_enabled(id: String, enabled: bool) -> Result<(), AppError> {
    super::pages::answer(|state, actor| async move {
        let user = crate::domain::ids::UserId::parse(&id).ok_or_else(|| AppError::NotFound("tài khoản".into()))?;
        crate::store::accounts::set_enabled(&state.db, &actor, user, enabled).await
    })
    .await
}

/// The signed-in user changes their own password (also the way out of a one-time password).
#[server(output = JsonText)]
pub async fn change_password(current: String, new: String, repeat: String) -> Result<(), AppError> {
    let result = async {
        let (state, user) = super::pages::signed_in().await?;
        if new != repeat {
            return Err(AppError::Invalid("Hai lần nhập mật khẩu mới không giống nhau.".into()));
        }
        let parts = use_context::<http::request::Parts>().ok_or(AppError::Internal)?;
        let token = super::session::token_from(&parts.headers).ok_or(AppError::Unauthenticated)?;
        crate::store::auth::change_own_password(&state.db, &user.actor, &token, &current, &new).await
    }
    .await;
    if let Err(e) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
    {
        response.set_status(e.status());
    }
    result
}
