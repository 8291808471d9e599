//! Signing in: argon2 password hashes, opaque session tokens (stored hashed, by `users`).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

pub use super::users::NewUser;
use super::{Db, now_millis, users};
use crate::domain::ids::UserId;
use crate::domain::scope::Actor;
use crate::error::AppError;

/// How long a session lasts without signing in again.
pub const SESSION_DAYS: i64 = 14;

/// Hashes a password with argon2id and a random salt (blocking: see [`off_the_runtime`]).
fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// Runs argon2 on Tokio's blocking pool, at most one hash per core at a time: each takes tens of
/// milliseconds and 19 MiB, and on the async workers forty sign-ins at once stalled every other
/// request (the health check went from 0.3 ms to 210 ms).
async fn off_the_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let permits = PERMITS.get_or_init(|| tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())));
    let _permit = permits.acquire().await.map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(work).await.map_err(|e| {
        tracing::error!(error = %e, "password hashing task failed");
        AppError::Internal
    })
}

/// [`hash_password`] off the async runtime.
pub async fn hash(password: &str) -> Result<String, AppError> {
    let password = password.to_string();
    off_the_runtime(move || hash_password(&password)).await?
}

async fn verify(hash: String, password: &str) -> Result<bool, AppError> {
    let password = password.to_string();
    off_the_runtime(move || verify_password(&hash, &password)).await
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
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
    let password_hash = hash(user.password).await?;
    let mut conn = db.pool.acquire().await?;
    if users::username_taken(&mut conn, &username).await? {
        return Err(AppError::Conflict(format!("Tên đăng nhập «{username}» đã có người dùng.")));
    }
    let id = UserId::new();
    users::insert(&mut conn, id, &NewUser { username: &username, ..*user }, &password_hash, now_millis()).await?;
    Ok(id)
}

/// Checks the password and opens a session. Returns the session token (for the cookie).
pub async fn login(db: &Db, username: &str, password: &str) -> Result<(String, Actor), AppError> {
    // No connection is held while the password is checked (argon2 takes a while).
    let Some(row) = users::by_username(&mut *db.pool.acquire().await?, &username.trim().to_lowercase()).await? else {
        // Spend the same time as a real check, so response times do not reveal usernames.
        let _ = hash(password).await;
        return Err(AppError::BadCredentials);
    };
    if !verify(row.password_hash.clone(), password).await? {
        return Err(AppError::BadCredentials);
    }
    let actor = row.actor()?;
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let now = now_millis();
    users::open_session(&mut *db.pool.acquire().await?, &token_hash(&token), actor.user_id, now, now + SESSION_DAYS * 86_400_000).await?;
    Ok((token, actor))
}

/// The signed-in user of a session token, if the session is still valid.
pub async fn actor_for_token(db: &Db, token: &str) -> Result<Option<Actor>, AppError> {
    let row = users::by_session(&mut *db.pool.acquire().await?, &token_hash(token), now_millis()).await?;
    row.map(|r| r.actor()).transpose()
}

/// Ends a session.
pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    users::close_session(&mut *db.pool.acquire().await?, &token_hash(token)).await
}
