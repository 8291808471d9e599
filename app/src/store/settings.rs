//! Table `settings`: the organisation's settings, as text by key.

use super::Conn;
use crate::error::AppError;

/// The setting of the excellent quota.
pub const EXCELLENT_QUOTA_PERCENT: &str = "excellent_quota_percent";

/// Sets a setting.
pub async fn set(conn: &mut Conn, key: &str, value: &str) -> Result<(), AppError> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

/// The excellent quota in percent (20 when not set or not a number).
pub async fn excellent_quota_percent(conn: &mut Conn) -> Result<u8, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = $1").bind(EXCELLENT_QUOTA_PERCENT).fetch_optional(conn).await?;
    Ok(row.and_then(|(v,)| v.trim().parse().ok()).unwrap_or(20))
}
