//! Everything that touches the database: connection and migrations, auth, the mutation
//! executor, the read models and the demo data. SQL lives here and nowhere else.

pub mod auth;
pub mod board;
pub mod db;
pub mod executor;
pub mod load;
pub mod pull;
pub mod read;
pub mod seed;
pub mod stats;
pub mod write;

pub use db::{Db, now_millis};
