//! The connection pool on either engine (SQLite in WAL mode, the embedded default, or
//! PostgreSQL), the migrations, the writer lock and the bus that announces commits to the live
//! subscribers.

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool};
use sqlx::{Connection, Transaction};
use std::sync::Arc;
use tokio::sync::{Mutex, MutexGuard, broadcast};

use crate::domain::ids::{UnitId, UserId};

use crate::error::AppError;

/// A connection, as every table module takes it: sqlx's `Any` connection, SQLite or PostgreSQL
/// as `DATABASE_URL` says (the SQL is written for both).
pub type Conn = AnyConnection;

/// The database engine behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a `DATABASE_URL` names, if it is one of the two.
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    /// The engine of a connection.
    pub fn of(conn: &Conn) -> Self {
        if conn.backend_name() == "PostgreSQL" { Self::Postgres } else { Self::Sqlite }
    }
}

/// The key of PostgreSQL's transaction-level advisory lock that every writing transaction takes
/// first (`begin_write`): it serialises the writers of every app server, so that change numbers
/// are drawn in the order their transactions commit and a pull never skips one (SQLite has one
/// writer anyway).
pub const WRITE_LOCK: i64 = 0x4272_616e_6368; // "Branch"

/// The database: a pool, and one lock that serialises this process's writers (SQLite has one
/// writer anyway; taking the lock in the process avoids busy retries, and on PostgreSQL keeps
/// this server's pushes from queueing on the advisory lock with several connections at once).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub engine: Engine,
    url: Arc<str>,
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
    /// Opens and migrates the database at `url`: `sqlite:data/branchboard.db` (the file and its
    /// folder are created if needed) or `postgres://user@host/name` (the database must exist).
    pub async fn connect(url: &str) -> Result<Self, AppError> {
        sqlx::any::install_default_drivers();
        let engine =
            Engine::of_url(url).ok_or_else(|| AppError::Invalid(format!("DATABASE_URL {url:?}: chỉ hỗ trợ sqlite:… hoặc postgres://…")))?;
        let pool = match engine {
            Engine::Sqlite => sqlite_pool(url).await?,
            Engine::Postgres => AnyPoolOptions::new().max_connections(postgres_connections()).connect(url).await?,
        };
        match engine {
            Engine::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await?,
            // sqlx takes an advisory lock around the migrations: app servers starting together
            // apply them once.
            Engine::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
        }
        let db = Self { pool, engine, url: url.into(), writer: Arc::new(Mutex::new(())), commits: broadcast::channel(1024).0 };
        // The overview's figures are rebuilt at start-up: a crash between a push's commit and the
        // refresh of its communes leaves nothing stale.
        let mut tx = db.begin_write().await?;
        super::stats::refresh_all(&mut tx).await?;
        tx.commit().await?;
        // Sign-in failures older than the throttle remembers count for nothing.
        let forget =
            crate::domain::throttle::PER_USER_AND_ADDRESS.forget_after_ms.max(crate::domain::throttle::PER_ADDRESS.forget_after_ms);
        super::sign_ins::prune(&mut *db.pool.acquire().await?, now_millis() - forget).await?;
        if engine == Engine::Postgres {
            // The commits of every app server reach this one's live subscribers through here.
            let newest = db.newest_seq().await?;
            super::fanout::spawn_listener(url.to_string(), db.pool.clone(), db.commits.clone(), newest);
        }
        Ok(db)
    }

    /// Another app server on the same database: its own pool, writer lock and live subscribers
    /// (on PostgreSQL, its own listener). The tests and benchmarks run two servers this way.
    pub async fn connect_again(&self) -> Result<Self, AppError> {
        Self::connect(&self.url).await
    }

    /// Begins a transaction that writes. On PostgreSQL it first takes the advisory lock
    /// [`WRITE_LOCK`], held until it commits or rolls back; on SQLite it takes the file's write
    /// lock at once (`BEGIN IMMEDIATE`: a transaction that read first could not write later if
    /// another process wrote meanwhile).
    pub async fn begin_write(&self) -> Result<Transaction<'static, sqlx::Any>, AppError> {
        match self.engine {
            Engine::Sqlite => Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?),
            Engine::Postgres => {
                let mut tx = self.pool.begin().await?;
                // `pg_advisory_xact_lock` returns `void`, which the Any driver cannot read: the
                // lock is taken in FROM and a number selected.
                sqlx::query("SELECT CAST(1 AS BIGINT) FROM pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
                Ok(tx)
            }
        }
    }

    /// Writes a consistent copy of the database to `path` while it is in use (SQLite's `VACUUM
    /// INTO`: one read transaction, so the copy holds every change committed before it began).
    /// Refuses to overwrite an existing file. On PostgreSQL, `pg_dump` does it (README).
    pub async fn backup(&self, path: &std::path::Path) -> Result<(), AppError> {
        if self.engine == Engine::Postgres {
            return Err(AppError::Invalid("Cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump (xem README).".into()));
        }
        if path.exists() {
            return Err(AppError::Invalid(format!("Tệp {} đã có; hãy chọn một tên khác cho bản sao lưu.", path.display())));
        }
        sqlx::query("VACUUM INTO $1").bind(path.to_string_lossy().into_owned()).execute(&self.pool).await?;
        Ok(())
    }

    /// A fresh database for tests: a temporary SQLite file, or, when `BRANCHBOARD_TEST_POSTGRES`
    /// names a PostgreSQL server (`postgres://user@127.0.0.1:5433`), a new database on it.
    pub async fn temporary() -> Result<Self, AppError> {
        let name = format!("branchboard_test_{}", uuid::Uuid::new_v4().simple());
        match std::env::var("BRANCHBOARD_TEST_POSTGRES") {
            Ok(server) if !server.is_empty() => {
                sqlx::any::install_default_drivers();
                let server = server.trim_end_matches('/');
                let mut admin = AnyConnection::connect(&format!("{server}/postgres")).await?;
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
                admin.close().await?;
                Self::connect(&format!("{server}/{name}")).await
            }
            _ => Self::connect(&format!("sqlite:{}", std::env::temp_dir().join(format!("{name}.db")).display())).await,
        }
    }

    /// Announces a commit to the live subscribers (none listening is fine): on SQLite, this
    /// process's; on PostgreSQL, every app server's, by a notification. A notification that
    /// cannot be sent is logged: the commit stands, and the next one pokes for it too.
    pub async fn announce(&self, commit: Commit) {
        match self.engine {
            Engine::Sqlite => {
                let _ = self.commits.send(commit);
            }
            Engine::Postgres => {
                if let Err(e) = super::fanout::notify(&self.pool, &commit).await {
                    tracing::warn!(error = %e, seq = commit.seq, "cannot announce a commit to the app servers");
                }
            }
        }
    }

    /// Closes the live feeds of an account whose sessions were ended (on every app server).
    pub async fn sign_out(&self, user: UserId) {
        self.announce(Commit { seq: 0, communes: Vec::new(), figures: None, signed_out: Some(user), rescoped: false }).await;
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

/// How many connections an app server keeps to PostgreSQL (`DATABASE_CONNECTIONS`, default 16):
/// the sum over the app servers must stay under the server's `max_connections`.
fn postgres_connections() -> u32 {
    std::env::var("DATABASE_CONNECTIONS").ok().and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(16)
}

/// The SQLite pool: the file (and its folder) created if missing, WAL mode, foreign keys on,
/// normal synchronisation (WAL keeps it safe), 10 s of waiting on a lock.
async fn sqlite_pool(url: &str) -> Result<AnyPool, AppError> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (file, query) = path.split_once('?').unwrap_or((path, ""));
    if let Some(dir) = std::path::Path::new(file).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            tracing::error!(error = %e, dir = %dir.display(), "cannot create the database folder");
            AppError::Internal
        })?;
    }
    let url = if query.split('&').any(|p| p.starts_with("mode=")) {
        url.to_string()
    } else {
        format!("{url}{}mode=rwc", if query.is_empty() { "?" } else { "&" })
    };
    // WAL is a setting of the file: set once, before the pool opens more connections.
    let mut first = AnyConnection::connect(&url).await?;
    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut first).await?;
    first.close().await?;
    let pool = AnyPoolOptions::new()
        .max_connections(8)
        .after_connect(|conn, _| {
            Box::pin(async move {
                for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA synchronous = NORMAL", "PRAGMA busy_timeout = 10000"] {
                    sqlx::query(pragma).execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await?;
    Ok(pool)
}
