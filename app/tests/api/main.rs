//! Integration tests over HTTP: the real router, a fresh database with the demo data each.

mod auth;
mod helpers;
mod scope;
mod sync;
