//! The device's side of sync, in the browser: the engine the pages use (`engine`: signals and
//! the outbox), the scheduler that decides when to push, pull or check the connection (pure and
//! tested), the local store in localStorage, the tab lease, the loop that carries the requests,
//! and the live feed. On the server only the engine's empty shell and the pure parts compile in.

mod engine;
#[cfg(feature = "hydrate")]
mod hydration;
#[cfg(feature = "hydrate")]
mod lease;
pub mod live;
#[cfg(feature = "hydrate")]
mod local_store;
pub mod scheduler;
#[cfg(feature = "hydrate")]
mod sync_loop;

pub use engine::{OTHER_TAB, STORAGE_FULL, SyncEngine, now_millis, provide_sync_engine, use_sync};
#[cfg(feature = "hydrate")]
pub use hydration::hydration_complete;
#[cfg(feature = "hydrate")]
pub use local_store::{forget_me, remember_me, remembered_me};
pub use scheduler::Link;

/// The user last seen on this device (none on the server).
#[cfg(not(feature = "hydrate"))]
pub fn remembered_me() -> Option<crate::api::views::Me> {
    None
}
