//! The server's database side. One module per table (or pair of tables kept together), each
//! with its row type and every statement on that table; `rows` holds what they share. Above them,
//! with no SQL of their own: the mutation executor, the pull, the kept figures, sign-in and the
//! demo data.
//!
//! The SQL is kept portable (`$1` parameters, `CAST($1 AS TEXT) IS NULL`, `ON CONFLICT … DO
//! UPDATE`, `RETURNING`), so that a second engine changes these files and [`db`] only.

pub mod accounts;
pub mod auth;
pub mod branches;
pub mod campaigns;
pub mod changes;
pub mod db;
pub mod devices;
pub mod evaluations;
pub mod executor;
mod fanout;
pub mod history;
pub mod meetings;
pub mod members;
pub mod memberships;
pub mod notes;
pub mod plans;
pub mod pull;
mod rows;
pub mod seed;
pub mod settings;
pub mod setup;
pub mod sign_ins;
pub mod stats;
pub mod tasks;
pub mod transfers;
pub mod units;
pub mod users;

pub use db::{Conn, Db, Engine, now_millis};

/// Today in Viet Nam, on the server's clock.
pub fn today() -> crate::domain::date::Date {
    crate::domain::date::Date::from_unix_millis_vn(now_millis())
}
