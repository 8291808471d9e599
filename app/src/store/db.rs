//! The connection pool (SQLite in WAL mode) and the migrations.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard};

use crate::error::AppError;

/// The database: a pool, and one lock that serialises writers (SQLite has one writer anyway;
/// taking the lock in the process avoids busy retries).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: SqlitePool,
    writer: Arc<Mutex<()>>,
}

/// Milliseconds since the epoch, now.
pub fn now_millis() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

impl Db {
    /// Opens (creating if needed) and migrates the database at `url` (`sqlite:data/branchboard.db`).
    pub async fn connect(url: &str) -> Result<Self, AppError> {
        if let Some(path) = url.strip_prefix("sqlite:").map(|p| p.trim_start_matches("//"))
            && let Some(dir) = std::path::Path::new(path.split('?').next().unwrap_or(path)).parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| {
                tracing::error!(error = %e, dir = %dir.display(), "cannot create the database folder");
                AppError::Internal
            })?;
        }
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self { pool, writer: Arc::new(Mutex::new(())) })
    }

    /// A fresh database in a temporary file, for tests.
    pub async fn temporary() -> Result<Self, AppError> {
        let path = std::env::temp_dir().join(format!("branchboard-test-{}.db", uuid::Uuid::new_v4()));
        Self::connect(&format!("sqlite:{}", path.display())).await
    }

    /// Takes the writer lock; hold it across a write transaction.
    pub async fn writer(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().await
    }
}
