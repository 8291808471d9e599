//! Integration tests over HTTP: the real router, a fresh database with the demo data each.
//! They run on a two-thread runtime like the server: on Tokio's default single-threaded test
//! runtime, Leptos's streaming render of a page stalled now and then under load (4 of 30 runs of
//! this suite). They also run one test at a time (`make unit` passes `--test-threads=1`): with
//! several test runtimes alive in one process, a page render now and then never received its
//! wake-up from Leptos's process-wide executor (3 of 40 parallel runs, 0 of 30 serial). A reply
//! that does not come within 20 s fails the test, naming the request.

mod accounts;
mod auth;
mod cross_site;
mod fuzz;
mod headers;
mod helpers;
mod history;
mod import;
mod live;
mod meetings;
mod org;
mod reform;
mod register;
mod scope;
mod servers;
mod statuses;
mod sync;
mod tasks;
