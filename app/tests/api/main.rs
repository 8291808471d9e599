//! Integration tests over HTTP: the real router, a fresh database with the demo data each.

mod helpers;
mod auth;
mod scope;
mod sync;
