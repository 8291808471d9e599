#![recursion_limit = "256"]
//! BranchBoard: the shared crate. `domain`, `sync` and `board` are pure and compile everywhere;
//! `store` is the server's database side (`ssr`); `api` is the server's surface and the view
//! types; `ui` renders on both sides; `client` is the device's side of sync (the browser).

pub mod api;
pub mod board;
pub mod client;
pub mod domain;
pub mod error;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(feature = "ssr")]
pub mod import_file;
#[cfg(feature = "ssr")]
pub mod routes;
#[cfg(feature = "ssr")]
pub mod store;
pub mod sync;
pub mod ui;

pub use ui::App;
