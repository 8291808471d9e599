//! Accounts and sessions: argon2 password hashes, opaque session tokens stored (hashed) in the
//! database.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};
use sqlx::FromRow;

use crate::domain::ids::{BranchId, UnitId, UserId};
use crate::domain::scope::{Actor, Role};
use crate::error::AppError;

use super::load::{code, id, opt_id};
use super::{Db, now_millis};

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A new account.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub password: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub commune_id: Option<UnitId>,
    pub branch_id: Option<BranchId>,
}

/// Creates an account. Refuses a short password or a taken username.
pub async fn create_user(db: &Db, user: &NewUser<'_>) -> Result<UserId, AppError> {
    let username = user.username.trim().to_lowercase();
    if username.is_empty() || !username.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        return Err(AppError::Invalid("Tên đăng nhập chỉ gồm chữ không dấu, số và các dấu . _ -".into()));
    }
    if user.password.chars().count() < 6 {
        return Err(AppError::Invalid("Mật khẩu cần ít nhất 6 ký tự.".into()));
    }
    let taken: Option<(String,)> =
        sqlx::query_as("SELECT id FROM users WHERE username = $1").bind(&username).fetch_optional(&db.pool).await?;
    if taken.is_some() {
        return Err(AppError::Invalid(format!("Tên đăng nhập «{username}» đã có người dùng.")));
    }
    let id = UserId::new();
    sqlx::query(
        "INSERT INTO users (id, username, password_hash, display_name, role, commune_id, branch_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id.to_string())
    .bind(&username)
    .bind(hash_password(user.password)?)
    .bind(user.display_name)
    .bind(user.role.code())
    .bind(user.commune_id.map(|c| c.to_string()))
    .bind(user.branch_id.map(|b| b.to_string()))
    .bind(now_millis())
    .execute(&db.pool)
    .await?;
    Ok(id)
}

#[derive(FromRow)]
struct UserRow {
    id: String,
    username: String,
    password_hash: String,
    display_name: String,
    role: String,
    commune_id: Option<String>,
    branch_id: Option<String>,
}

impl UserRow {
    fn actor(&self) -> Result<Actor, AppError> {
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

const USER_COLS: &str = "u.id, u.username, u.password_hash, u.display_name, u.role, u.commune_id, u.branch_id";

/// Checks the password and opens a session. Returns the session token (for the cookie).
pub async fn login(db: &Db, username: &str, password: &str) -> Result<(String, Actor), AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!("SELECT {USER_COLS} FROM users u WHERE u.username = $1"))
        .bind(username.trim().to_lowercase())
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else {
        // Spend the same time as a real check, so response times do not reveal usernames.
        let _ = hash_password(password);
        return Err(AppError::BadCredentials);
    };
    if !verify_password(&row.password_hash, password) {
        return Err(AppError::BadCredentials);
    }
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let now = now_millis();
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(&row.id)
        .bind(now)
        .bind(now + SESSION_DAYS * 86_400_000)
        .execute(&db.pool)
        .await?;
    Ok((token, row.actor()?))
}

/// The signed-in user of a session token, if the session is still valid.
pub async fn actor_for_token(db: &Db, token: &str) -> Result<Option<Actor>, AppError> {
    let row: Option<UserRow> = sqlx::query_as(&format!(
        "SELECT {USER_COLS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"
    ))
    .bind(token_hash(token))
    .bind(now_millis())
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| r.actor()).transpose()
}

/// Ends a session.
pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token)).execute(&db.pool).await?;
    Ok(())
}
