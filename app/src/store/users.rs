//! Tables `users` and `sessions`: the accounts and their open sessions (token hashes only).

use sqlx::FromRow;

use super::Conn;
use super::rows::{code, id, opt_id};
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
}

impl UserRow {
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

const COLUMNS: &str = "u.id, u.username, u.password_hash, u.display_name, u.role, u.commune_id, u.branch_id";

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

/// Inserts an account with its password's hash (never the password).
pub async fn insert(conn: &mut Conn, id: UserId, a: &NewUser<'_>, password_hash: &str, created_at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, display_name, role, commune_id, branch_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(a.username)
    .bind(password_hash)
    .bind(a.display_name)
    .bind(a.role.code())
    .bind(a.commune_id.map(|c| c.to_string()))
    .bind(a.branch_id.map(|b| b.to_string()))
    .bind(created_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The account of a username.
pub async fn by_username(conn: &mut Conn, username: &str) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM users u WHERE u.username = $1")).bind(username).fetch_optional(conn).await?)
}

/// The account of a session that has not expired at `now`.
pub async fn by_session(conn: &mut Conn, token_hash: &str, now: i64) -> Result<Option<UserRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"
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
