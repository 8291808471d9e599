//! BranchBoard: the shared crate (domain, sync protocol, pages; server side behind `ssr`,
//! browser side behind `hydrate`).

pub mod domain;
