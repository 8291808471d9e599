use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error_notice::ErrorNotice;
use crate::client::use_sync;
use crate::domain::report::{CommuneFigures, merge_figures};
use crate::error::AppError;

/// Waits for a page's data, then renders it with `render`, or shows the error a user can act on.
pub fn page_data<T, V>(data: Resource<Result<T, AppError>>, loading: &'static str, render: fn(T) -> V) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => render(v).into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The figures of the communes that changed since a live page was loaded, as the device's live
/// feed brings them (the district's pokes carry them), the latest per commune.
pub fn fresh_figures() -> RwSignal<Vec<CommuneFigures>> {
    let engine = use_sync();
    let fresh = RwSignal::new(Vec::new());
    Effect::new(move |_| {
        if let Some(poke) = engine.poke.get().filter(|p| !p.figures.is_empty()) {
            fresh.update(|f| merge_figures(f, &poke.figures));
        }
    });
    fresh
}

/// [`page_data`] for a page that follows the live feed (the overview, the report): `patch` puts
/// the fresh figures into the page's data as they come, without fetching it again; a
/// `Transition`, so that the page stays on screen while it loads another year.
pub fn live_page_data<T, V>(
    data: Resource<Result<T, AppError>>,
    loading: &'static str,
    fresh: RwSignal<Vec<CommuneFigures>>,
    patch: fn(T, &[CommuneFigures]) -> T,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || data.get().map(|loaded| match loaded {
                Ok(v) => render(fresh.with(|f| patch(v, f))).into_any(),
                Err(error) => view! { <ErrorNotice error/> }.into_any(),
            })}
        </Transition>
    }
}
