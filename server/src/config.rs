//! Configuration from the environment, with the defaults `make run` relies on.

use std::net::SocketAddr;

/// Everything the server reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    /// `DATABASE_URL`, default `sqlite:data/branchboard.db`.
    pub database_url: String,
    /// `LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`.
    pub addr: SocketAddr,
    /// `LEPTOS_SITE_ROOT`, default `target/site` (relative to the workspace root).
    pub site_root: String,
    /// `LEPTOS_HASH_FILES`: the build names assets with content hashes (default `true`).
    pub hash_files: bool,
    /// `BRANCHBOARD_DEMO_DATA`: load the demo data into an empty database (default `true`).
    pub demo_data: bool,
    /// `BRANCHBOARD_SECURE_COOKIES`: mark the session cookie `Secure` (behind TLS; default `false`).
    pub secure_cookies: bool,
    /// `BRANCHBOARD_ALLOWED_ORIGINS`: origins besides the site's own `Host` from which browsers
    /// may change anything, comma-separated (e.g. `https://branchboard.example.vn` behind a proxy).
    pub allowed_origins: Vec<String>,
    /// `BRANCHBOARD_TRUST_FORWARDED_FOR`: take the client's address from `X-Forwarded-For` (only
    /// behind a reverse proxy that sets it; default `false`).
    pub trust_forwarded_for: bool,
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match std::env::var(name) {
        Ok(v) => match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => Ok(true),
            "0" | "false" | "no" | "off" => Ok(false),
            other => anyhow::bail!("{name} must be true or false, not {other:?}"),
        },
        Err(_) => Ok(default),
    }
}

impl Config {
    /// Reads the environment.
    pub fn from_env() -> anyhow::Result<Self> {
        let addr = std::env::var("LEPTOS_SITE_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".into());
        Ok(Self {
            database_url: std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite:data/branchboard.db".into()),
            addr: addr.parse().map_err(|e| anyhow::anyhow!("LEPTOS_SITE_ADDR {addr:?} is not an address: {e}"))?,
            site_root: std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()),
            hash_files: flag("LEPTOS_HASH_FILES", true)?,
            demo_data: flag("BRANCHBOARD_DEMO_DATA", true)?,
            secure_cookies: flag("BRANCHBOARD_SECURE_COOKIES", false)?,
            allowed_origins: std::env::var("BRANCHBOARD_ALLOWED_ORIGINS")
                .unwrap_or_default()
                .split(',')
                .map(|o| o.trim().trim_end_matches('/').to_string())
                .filter(|o| !o.is_empty())
                .collect(),
            trust_forwarded_for: flag("BRANCHBOARD_TRUST_FORWARDED_FOR", false)?,
        })
    }
}
