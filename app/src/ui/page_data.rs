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
