//! `/quan-tri`: the administrator's set-up home — each step, done or not, with its page.

use crate::api::views::{SetupLine, SetupView};
use crate::domain::scope::{Actor, Role};
use crate::domain::setup::{SetupStep, next_step, steps};
use crate::error::AppError;
use crate::store::{Db, setup};

/// Where each step is done (the members of a commune are on its page, reached from the overview).
fn page_of(step: SetupStep) -> &'static str {
    match step {
        SetupStep::Units | SetupStep::Branches => "/quan-tri/to-chuc",
        SetupStep::Accounts => crate::api::paths::ACCOUNTS,
        SetupStep::Members => "/tong-quan",
        SetupStep::Campaign => "/quan-tri/dot-chuyen",
    }
}

/// The page (administrators).
pub async fn load(db: &Db, actor: &Actor) -> Result<SetupView, AppError> {
    if actor.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    let counts = setup::counts(&mut *db.pool.acquire().await?).await?;
    let states = steps(&counts);
    let next = next_step(&states);
    Ok(SetupView {
        steps: states
            .into_iter()
            .map(|s| SetupLine {
                title: s.step.label().into(),
                detail: s.detail,
                href: page_of(s.step).into(),
                done: s.done,
                next: Some(s.step) == next,
            })
            .collect(),
        complete: next.is_none(),
    })
}
