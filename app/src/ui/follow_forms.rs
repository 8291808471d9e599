use leptos::prelude::*;

use super::form_state::FormState;
use super::note_form::NoteForm;
use super::rating_form::RatingForm;
use super::task_form::TaskForm;
use super::task_progress::TaskProgress;
use crate::api::views::FollowView;
use crate::domain::ids::{BranchId, MemberId};
use crate::domain::member::Field;

/// The states of a member page's forms, held by the page: their messages stay when the page
/// refreshes after the server answered, and the page does not refresh while one holds
/// something typed and not saved.
#[derive(Clone, Copy, Default)]
pub struct FollowState {
    pub task: FormState,
    pub progress: FormState,
    pub rating: FormState,
    pub note: FormState,
    /// The member's record.
    pub record: FormState,
}

impl FollowState {
    pub fn all(self) -> Vec<FormState> {
        vec![self.task, self.progress, self.rating, self.note, self.record]
    }

    /// Another member's page: the messages were about the previous one.
    pub fn clear(self) {
        self.all().into_iter().for_each(FormState::clear);
    }
}

/// What the user may record for a member: a task, the tasks' progress, this year's rating, a
/// commendation or criticism. Each is checked by the domain rules, then queued in the device's
/// outbox like every other change (they work offline).
#[component]
pub fn FollowForms(member_id: String, follow: FollowView) -> impl IntoView {
    let (Some(member), Some(branch), Some(field)) =
        (MemberId::parse(&member_id), BranchId::parse(&follow.branch_id), Field::from_code(&follow.field))
    else {
        return ().into_any();
    };
    let state = use_context::<FollowState>().unwrap_or_default();
    let year = follow.year;
    view! {
        <TaskForm member branch field year templates=follow.templates form=state.task/>
        <TaskProgress tasks=follow.tasks form=state.progress/>
        <RatingForm member year current=follow.evaluation form=state.rating/>
        <NoteForm member year form=state.note/>
    }
    .into_any()
}
