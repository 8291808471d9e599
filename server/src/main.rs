//! The BranchBoard server: `server` serves; `server create-admin USERNAME` creates an
//! administrator; `server backup PATH` writes a consistent copy of the live database.

mod config;

use app::api::state::{AppState, Settings};
use app::domain::scope::Role;
use app::store::{Db, auth, seed};
use leptos::prelude::LeptosOptions;
use std::io::{BufRead, Write};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

/// mimalloc gives freed memory back to the system: glibc kept every 19 MiB argon2 block of a login.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// At least two worker threads, even on a one-core machine: Leptos's streaming render can stall
// on a single-threaded runtime under load (seen in our tests: 4 stalled responses in 30 runs on
// one thread, none in 30 on two; leptos-rs/leptos#4647 describes the same on 1 vCPU).
fn main() -> anyhow::Result<()> {
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().max(2));
    tokio::runtime::Builder::new_multi_thread().worker_threads(workers).enable_all().build()?.block_on(run())
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"))).init();
    let config = config::Config::from_env()?;
    let db = Db::connect(&config.database_url).await.map_err(|e| anyhow::anyhow!("cannot open {}: {e}", config.database_url))?;
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("serve") => serve(config, db).await,
        Some("create-admin") => create_admin(&db, args.get(1).map(String::as_str)).await,
        Some("backup") => backup(&db, args.get(1).map(String::as_str)).await,
        Some(other) => anyhow::bail!("unknown command {other:?}; use `server`, `server create-admin USERNAME` or `server backup PATH`"),
    }
}

/// Creates an administrator; the password is read from standard input (never a default).
async fn create_admin(db: &Db, username: Option<&str>) -> anyhow::Result<()> {
    let username = username.ok_or_else(|| anyhow::anyhow!("usage: server create-admin USERNAME (password on standard input)"))?;
    let mut out = std::io::stdout();
    writeln!(out, "Mật khẩu cho {username} (ít nhất 6 ký tự):")?;
    let mut password = String::new();
    std::io::stdin().lock().read_line(&mut password)?;
    let password = password.trim_end_matches(['\r', '\n']);
    let new =
        auth::NewUser { username, password, display_name: "Quản trị viên", role: Role::Admin, commune_id: None, branch_id: None };
    auth::create_user(db, &new).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    writeln!(out, "Đã tạo tài khoản quản trị {username}.")?;
    Ok(())
}

/// Writes a consistent copy of the live database to PATH (the server may keep running).
async fn backup(db: &Db, path: Option<&str>) -> anyhow::Result<()> {
    let path = path.ok_or_else(|| anyhow::anyhow!("usage: server backup PATH"))?;
    db.backup(std::path::Path::new(path)).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    writeln!(std::io::stdout(), "Đã sao lưu cơ sở dữ liệu vào {path}.")?;
    Ok(())
}

async fn serve(config: config::Config, db: Db) -> anyhow::Result<()> {
    if config.demo_data && seed::seed_demo(&db).await.map_err(|e| anyhow::anyhow!("demo data: {e}"))? {
        tracing::info!("loaded the demo data of Tân Hồng");
    }
    let leptos_options = LeptosOptions::builder()
        .output_name("branchboard")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .hash_files(config.hash_files)
        .build();
    let settings = Settings {
        secure_cookies: config.secure_cookies,
        allowed_origins: config.allowed_origins.clone(),
        trust_forwarded_for: config.trust_forwarded_for,
    };
    let state = AppState { db, leptos_options, settings: Arc::new(settings) };
    let router = app::routes::router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    banner(&config)?;
    // The peer's address is kept with each request: sign-in failures are counted per address.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown()).await?;
    tracing::info!("stopped");
    Ok(())
}

fn banner(config: &config::Config) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nBranchBoard đang chạy tại http://{}", config.addr)?;
    writeln!(out, "Cơ sở dữ liệu: {}", config.database_url)?;
    if config.demo_data {
        writeln!(out, "Tài khoản dùng thử (mật khẩu: {}):", seed::DEMO_PASSWORD)?;
        for (username, what) in seed::DEMO_ACCOUNTS {
            writeln!(out, "  {username:<12} {what}")?;
        }
        for ((username, _), (commune, ..)) in seed::COMMUNE_ACCOUNTS.iter().zip(seed::COMMUNES) {
            writeln!(out, "  {username:<12} Văn phòng Đảng ủy {}", lower_first(commune))?;
        }
    }
    writeln!(out)?;
    out.flush()
}

/// "Thị trấn Sa Rài" → "thị trấn Sa Rài", to follow "Văn phòng Đảng ủy".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Resolves on Ctrl+C or SIGTERM; in-flight requests then finish before the server stops.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}
