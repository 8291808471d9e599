use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error_notice::ErrorNotice;
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

/// [`page_data`] for a page that refetches while it is open (the live overview, the report): a
/// `Transition`, so that the figures stay on screen until the new ones come.
pub fn live_page_data<T, V>(
    data: Resource<Result<T, AppError>>,
    loading: &'static str,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! {
        <Transition fallback=move || view! { <p class="loading">{loading}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => render(v).into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
