//! Tables `users` and `sessions`: the accounts and their open sessions (token hashes only).

use sqlx::FromRow;

use super::Conn;
use super::rows::{Flag, code, id, opt_id};
use crate::domain::ids::{BranchId, UnitId, UserId};
use crate::domain::scope::{Actor, Role};
use crate::error::AppError;

/// An account as stored, with its password hash.
#[derive(FromRow)]
pub struct UserRow {
    id: String,
    username: String,
    pub password_hash: String,
    display_name: String,
    role: String,
    commune_id: Option<String>,
    branch_id: Option<String>,
    pub disabled_at: Option<i64>,
    #[sqlx(try_from = "Flag")]
    must_change_password: bool,
}

impl UserRow {
    /// Whether the account still has its one-time password (it must change it first).
    pub fn must_change_password(&self) -> bool {
        self.must_change_password
    }

    /// The account as the rules see it.
    pub fn actor(&self) -> Result<Actor, AppError> {
        Ok(Actor {
            user_id: id(&self.id, UserId::parse)?,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            role: code(&self.role, Role::from_code)?,
            commune_id: opt_id(self.commune_id.as_deref(), UnitId::parse)?,
            branch_id: opt_id(self.branch_id.as_deref(), BranchId::parse)?,
        })
    }
}

const COLUMNS: &str =
    "u.id, u.username, u.password_hash, u.display_name, u.role, u.commune_id, u.branch_id, u.disabled_at, u.must_change_password";

/// A new account, as its creator gives it (the password is hashed before it is stored).
#[derive(Clone, Copy)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub commune_id: Option<UnitId>,
    pub branch_id: Option<BranchId>,
}

/// Whether a username is taken.
pub async fn username_taken(conn: &mut Conn, username: &str) -> Result<bool, AppError> {
    let row: Option<(String,)> = sqlx::query_as("SELECT id FROM users WHERE username = $1").bind(username).fetch_optional(conn).await?;
    Ok(row.is_some())
}

/// Inserts an account with its password's hash (never the password); `one_time`: the user must
/// change it at the first sign-in.
pub async fn insert(
    conn: &mut Conn,
    id: UserId,
    a: &NewUser<'_>,
    password_hash: &str,
    created_at: i64,
    one_time: bool,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, display_name, role, commune_id, branch_id, created_at, must_change_password) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(id.to_string())
    .bind(a.username)
    .bind(password_hash)
    .bind(a.display_name)
    .bind(a.role.code())
    .bind(a.commune_id.map(|c| c.to_string()))
    .bind(a.branch_id.map(|b| b.to_string()))
    .bind(created_at)
    .bind(one_time)
    .execute(conn)
    .await
    .map_err(|e| match e.as_database_error() {
        // Taken between the check and the insert (two administrators at once).
        Some(d) if d.is_unique_violation() => AppError::Conflict(format!("Tên đăng nhập «{}» đã có người dùng.", a.username)),
        _ => AppError::from(e),
    })?;
    Ok(())
}

/// The account of a username.
pub async fn by_username(conn: &mut Conn, username: &str) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM users u WHERE u.username = $1")).bind(username).fetch_optional(conn).await?)
}

/// The account of an id.
pub async fn by_id(conn: &mut Conn, user: UserId) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM users u WHERE u.id = $1")).bind(user.to_string()).fetch_optional(conn).await?)
}

/// The account of a session that has not expired at `now` (never a disabled account's).
pub async fn by_session(conn: &mut Conn, token_hash: &str, now: i64) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled_at IS NULL"
    ))
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

/// Opens a session.
pub async fn open_session(conn: &mut Conn, token_hash: &str, user: UserId, now: i64, expires_at: i64) -> Result<(), AppError> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user.to_string())
        .bind(now)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends a session.
pub async fn close_session(conn: &mut Conn, token_hash: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(conn).await?;
    Ok(())
}

/// Ends every session of an account but `keep` (the one the user is working in, when they change
/// their own password).
pub async fn close_sessions_of(conn: &mut Conn, user: UserId, keep: Option<&str>) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user.to_string())
        .bind(keep.unwrap_or(""))
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets a new password hash; `one_time`: the user must change it at the next sign-in.
pub async fn set_password(conn: &mut Conn, user: UserId, password_hash: &str, one_time: bool) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, version = version + 1 WHERE id = $3")
        .bind(password_hash)
        .bind(one_time)
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Disables (`Some(at)`) or enables (`None`) an account.
pub async fn set_disabled(conn: &mut Conn, user: UserId, at: Option<i64>) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET disabled_at = $1, version = version + 1 WHERE id = $2")
        .bind(at)
        .bind(user.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// Notes a sign-in.
pub async fn signed_in(conn: &mut Conn, user: UserId, at: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE users SET last_sign_in_at = $1 WHERE id = $2").bind(at).bind(user.to_string()).execute(conn).await?;
    Ok(())
}

/// An account as the administrator's list shows it, with the names of its commune and branch and
/// whether they have ended.
#[derive(FromRow)]
pub struct AccountRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub commune: Option<String>,
    pub commune_ended: i64,
    pub branch: Option<String>,
    pub branch_dissolved: i64,
    pub last_sign_in_at: Option<i64>,
    pub disabled_at: Option<i64>,
    #[sqlx(try_from = "Flag")]
    pub must_change_password: bool,
}

/// Every account, by username.
pub async fn list(conn: &mut Conn) -> Result<Vec<AccountRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.username, u.display_name, u.role, c.name AS commune, \
                CASE WHEN c.valid_to IS NOT NULL THEN 1 ELSE 0 END AS commune_ended, \
                b.name AS branch, CASE WHEN b.dissolved_on IS NOT NULL THEN 1 ELSE 0 END AS branch_dissolved, \
                u.last_sign_in_at, u.disabled_at, CAST(u.must_change_password AS INTEGER) AS must_change_password \
         FROM users u LEFT JOIN org_units c ON c.id = u.commune_id LEFT JOIN branches b ON b.id = u.branch_id \
         ORDER BY u.username",
    )
    .fetch_all(conn)
    .await?)
}

/// The accounts whose commune is one of `from` go to `to` (a merge, or a dissolution into a
/// successor); returns each one moved, with its username, for the audit.
pub async fn move_commune(conn: &mut Conn, from: &[UnitId], to: UnitId) -> Result<Vec<(UserId, String)>, AppError> {
    let mut moved = Vec::new();
    for unit in from {
        let rows: Vec<(String, String)> =
            sqlx::query_as("UPDATE users SET commune_id = $1, version = version + 1 WHERE commune_id = $2 RETURNING id, username")
                .bind(to.to_string())
                .bind(unit.to_string())
                .fetch_all(&mut *conn)
                .await?;
        for (user, name) in rows {
            moved.push((id(&user, UserId::parse)?, name));
        }
    }
    Ok(moved)
}

/// The enabled secretary accounts of a branch, as "Display name (username)".
pub async fn secretaries_of(conn: &mut Conn, branch: BranchId) -> Result<Vec<String>, AppError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT display_name, username FROM users WHERE branch_id = $1 AND role = 'branch_secretary' AND disabled_at IS NULL ORDER BY username",
    )
    .bind(branch.to_string())
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|(name, username)| format!("{name} ({username})")).collect())
}
