//! The server's surface: the view types the pages render, the server functions behind the pages
//! and the sync engine, and the HTTP endpoints (sessions, sync, live events, exports, health).
//! It never sees `ui`: the one router that joins both is `crate::routes`.

pub mod accounts;
pub mod codec;
#[cfg(feature = "ssr")]
pub mod guard;
pub mod pages;
pub mod paths;
pub mod sync;
pub mod views;

#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;
