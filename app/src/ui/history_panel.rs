use leptos::prelude::*;

use crate::api::views::HistoryRow;

/// A panel with a history table (memberships, transfers, tasks, ratings, meetings), named by its
/// title; on a phone each cell shows its column's name.
#[component]
pub fn HistoryPanel(
    title: &'static str,
    headers: &'static [&'static str],
    rows: Vec<HistoryRow>,
    /// What the panel says when there is nothing yet.
    #[prop(default = "Chưa có.")]
    empty: &'static str,
) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{title}</h2>
            {if rows.is_empty() {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <table class="history" aria-label=title>
                        <thead><tr>{headers.iter().map(|h| view! { <th scope="col">{*h}</th> }).collect_view()}</tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>{r.cells.into_iter().zip(headers.iter()).map(|(c, h)| view! { <td data-label=*h>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
