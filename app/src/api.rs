//! The thin layer between pages and the store: view types, server functions, HTTP endpoints.

pub mod board;
pub mod pages;
pub mod views;

#[cfg(feature = "ssr")]
pub mod http;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod state;
