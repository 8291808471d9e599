//! The connection pool (SQLite in WAL mode), the migrations, the writer lock and the bus that
//! announces commits to the live subscribers.

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, MutexGuard, broadcast};

use crate::domain::ids::{UnitId, UserId};

use crate::error::AppError;

/// A connection, as every table module takes it (the one place that names the engine).
pub type Conn = sqlx::SqliteConnection;

/// The database: a pool, and one lock that serialises writers (SQLite has one writer anyway;
/// taking the lock in the process avoids busy retries).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: SqlitePool,
    writer: Arc<Mutex<()>>,
    commits: broadcast::Sender<Commit>,
}

/// A commit, for the live subscribers (`GET /api/events`): the newest change sequence number and
/// the communes it touched (`None`: a change outside any commune). Announced twice: at once (the
/// devices pull), then with the communes' figures as refreshed after it — as JSON, written once
/// for every subscriber that may read them (the district's overview and report).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub seq: i64,
    pub communes: Vec<Option<UnitId>>,
    pub figures: Option<Arc<str>>,
    /// An account whose sessions just ended (disabled, or its password reset): its live feeds close.
    pub signed_out: Option<UserId>,
    /// The tree changed under some communes (a merge, a dissolution): the accounts of their
    /// offices may have a new scope, so the feeds of commune devices close and reconnect as
    /// their accounts are now.
    pub rescoped: bool,
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
        // The overview's figures are rebuilt at start-up: a crash between a push's commit and the
        // refresh of its communes leaves nothing stale.
        let mut conn = pool.acquire().await?;
        super::stats::refresh_all(&mut conn).await?;
        // Sign-in failures older than the throttle remembers count for nothing.
        let forget =
            crate::domain::throttle::PER_USER_AND_ADDRESS.forget_after_ms.max(crate::domain::throttle::PER_ADDRESS.forget_after_ms);
        super::sign_ins::prune(&mut conn, now_millis() - forget).await?;
        drop(conn);
        Ok(Self { pool, writer: Arc::new(Mutex::new(())), commits: broadcast::channel(1024).0 })
    }

    /// Writes a consistent copy of the database to `path` while it is in use (SQLite's `VACUUM
    /// INTO`: one read transaction, so the copy holds every change committed before it began).
    /// Refuses to overwrite an existing file.
    pub async fn backup(&self, path: &std::path::Path) -> Result<(), AppError> {
        if path.exists() {
            return Err(AppError::Invalid(format!("Tệp {} đã có; hãy chọn một tên khác cho bản sao lưu.", path.display())));
        }
        sqlx::query("VACUUM INTO $1").bind(path.to_string_lossy().into_owned()).execute(&self.pool).await?;
        Ok(())
    }

    /// A fresh database in a temporary file, for tests.
    pub async fn temporary() -> Result<Self, AppError> {
        let path = std::env::temp_dir().join(format!("branchboard-test-{}.db", uuid::Uuid::new_v4()));
        Self::connect(&format!("sqlite:{}", path.display())).await
    }

    /// Announces a commit to the live subscribers (none listening is fine).
    pub fn announce(&self, commit: Commit) {
        let _ = self.commits.send(commit);
    }

    /// Closes the live feeds of an account whose sessions were ended.
    pub fn sign_out(&self, user: UserId) {
        self.announce(Commit { seq: 0, communes: Vec::new(), figures: None, signed_out: Some(user), rescoped: false });
    }

    /// Subscribes to the commits from now on.
    pub fn commits(&self) -> broadcast::Receiver<Commit> {
        self.commits.subscribe()
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> Result<(), AppError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The newest change sequence number.
    pub async fn newest_seq(&self) -> Result<i64, AppError> {
        super::changes::newest(&mut *self.pool.acquire().await?).await
    }

    /// Takes the writer lock; hold it across a write transaction.
    pub async fn writer(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().await
    }
}
