//! Signing in: argon2 password hashes, opaque session tokens (stored hashed, by `users`).

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use sha2::{Digest, Sha256};

use super::changes::{self, Author, Record};
pub use super::users::NewUser;
use super::{Db, now_millis, users};
use crate::domain::account;
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

/// A random one-time password (the operating system's generator).
pub fn one_time_password() -> String {
    use argon2::password_hash::rand_core::RngCore;
    let mut random = [0u8; account::ONE_TIME_LENGTH];
    OsRng.fill_bytes(&mut random);
    account::one_time_password(&random)
}

/// Creates an account with the password given (`server create-admin`, the demo data). Refuses
/// a username or password the rules refuse, or a taken username.
pub async fn create_user(db: &Db, user: &NewUser<'_>) -> Result<UserId, AppError> {
    insert_user(db, user, false).await
}

/// Creates an account; `one_time`: its password must be changed at the first sign-in.
pub(super) async fn insert_user(db: &Db, user: &NewUser<'_>, one_time: bool) -> Result<UserId, AppError> {
    let username = account::username(user.username)?;
    account::password(user.password, &username)?;
    let password_hash = hash(user.password).await?;
    let mut conn = db.pool.acquire().await?;
    if users::username_taken(&mut conn, &username).await? {
        return Err(AppError::Conflict(format!("Tên đăng nhập «{username}» đã có người dùng.")));
    }
    let id = UserId::new();
    users::insert(&mut conn, id, &NewUser { username: &username, ..*user }, &password_hash, now_millis(), one_time).await?;
    Ok(id)
}

/// A session's user, and whether they must change a one-time password before anything else.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub actor: Actor,
    pub must_change_password: bool,
}

/// Checks the password and opens a session. Returns the session token (for the cookie). A
/// disabled account is refused once its password is right (a wrong one says only that).
pub async fn login(db: &Db, username: &str, password: &str) -> Result<(String, SignedIn), AppError> {
    // No connection is held while the password is checked (argon2 takes a while).
    let Some(row) = users::by_username(&mut *db.pool.acquire().await?, &username.trim().to_lowercase()).await? else {
        // Spend the same time as a real check, so response times do not reveal usernames.
        let _ = hash(password).await;
        return Err(AppError::BadCredentials);
    };
    if !verify(row.password_hash.clone(), password).await? {
        return Err(AppError::BadCredentials);
    }
    if row.disabled_at.is_some() {
        return Err(AppError::AccountDisabled);
    }
    let signed_in = SignedIn { actor: row.actor()?, must_change_password: row.must_change_password() };
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let now = now_millis();
    let mut conn = db.pool.acquire().await?;
    users::open_session(&mut conn, &token_hash(&token), signed_in.actor.user_id, now, now + SESSION_DAYS * 86_400_000).await?;
    users::signed_in(&mut conn, signed_in.actor.user_id, now).await?;
    Ok((token, signed_in))
}

/// The signed-in user of a session token, if the session is still valid and the account enabled.
pub async fn session(db: &Db, token: &str) -> Result<Option<SignedIn>, AppError> {
    let row = users::by_session(&mut *db.pool.acquire().await?, &token_hash(token), now_millis()).await?;
    row.map(|r| Ok(SignedIn { actor: r.actor()?, must_change_password: r.must_change_password() })).transpose()
}

/// The signed-in user of a session token, if the session is still valid.
pub async fn actor_for_token(db: &Db, token: &str) -> Result<Option<Actor>, AppError> {
    Ok(session(db, token).await?.map(|s| s.actor))
}

/// A user changes their own password: the current one is checked, the new one follows the
/// rules; their other sessions end (this one stays), and the change is audited.
pub async fn change_own_password(db: &Db, actor: &Actor, token: &str, current: &str, new: &str) -> Result<(), AppError> {
    let Some(row) = users::by_id(&mut *db.pool.acquire().await?, actor.user_id).await? else {
        return Err(AppError::Unauthenticated);
    };
    if !verify(row.password_hash.clone(), current).await? {
        return Err(AppError::Invalid("Mật khẩu đang dùng không đúng.".into()));
    }
    account::new_password(current, new, &actor.username)?;
    let password_hash = hash(new).await?;
    let mut tx = db.pool.begin().await?;
    users::set_password(&mut tx, actor.user_id, &password_hash, false).await?;
    users::close_sessions_of(&mut tx, actor.user_id, Some(&token_hash(token))).await?;
    let author = Author { user_id: actor.user_id.to_string(), client_id: None, mutation: Some("account.change_password") };
    let record = Record::new("account", actor.user_id, None, None)
        .before(Some(&serde_json::json!({ "password": "đã đổi", "must_change_password": row.must_change_password() })))
        .after(&serde_json::json!({ "password": "đã đổi", "must_change_password": false }));
    changes::audit_only(&mut tx, &author, record).await?;
    tx.commit().await?;
    Ok(())
}

/// Ends a session.
pub async fn logout(db: &Db, token: &str) -> Result<(), AppError> {
    users::close_session(&mut *db.pool.acquire().await?, &token_hash(token)).await
}
