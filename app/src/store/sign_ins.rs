//! Table `sign_in_failures`: failed sign-ins per key (an address, or a username from an address).

use super::Conn;
use crate::domain::throttle::Failures;
use crate::error::AppError;

/// The failures of a key (none recorded: zero).
pub async fn get(conn: &mut Conn, key: &str) -> Result<Failures, AppError> {
    let row: Option<(i64, i64)> =
        sqlx::query_as("SELECT failures, last_at FROM sign_in_failures WHERE key = $1").bind(key).fetch_optional(conn).await?;
    Ok(row.map_or_else(Failures::default, |(count, last_at)| Failures { count: u32::try_from(count).unwrap_or(u32::MAX), last_at }))
}

/// Stores the failures of a key.
pub async fn save(conn: &mut Conn, key: &str, f: Failures) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO sign_in_failures (key, failures, last_at) VALUES ($1, $2, $3) \
         ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, last_at = excluded.last_at",
    )
    .bind(key)
    .bind(i64::from(f.count))
    .bind(f.last_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Forgets a key's failures (it signed in).
pub async fn forget(conn: &mut Conn, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1").bind(key).execute(conn).await?;
    Ok(())
}

/// Drops the rows of keys whose last failure is older than `before` (they count for nothing).
pub async fn prune(conn: &mut Conn, before: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE last_at < $1").bind(before).execute(conn).await?;
    Ok(())
}
