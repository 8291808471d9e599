//! Integration tests over HTTP: the real router, a fresh database with the demo data each.
//! They run on a two-thread runtime like the server: on Tokio's default single-threaded test
//! runtime, Leptos's streaming render of a page stalled now and then under load (4 of 30 runs of
//! this suite; none of 30 on two threads).

mod auth;
mod helpers;
mod live;
mod meetings;
mod scope;
mod sync;
mod tasks;
