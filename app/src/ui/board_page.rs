use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::page_data::page_data;
use super::planning_board::PlanningBoard;
use crate::api::pages::get_board;
use crate::client::use_sync;
use crate::error::AppError;

fn board(d: crate::board::BoardData) -> impl IntoView {
    let commune = d.commune_name.clone();
    let back = format!("/xa/{}", d.commune_id);
    view! {
        <Title text=format!("Phân công chi bộ — {commune}")/>
        <p class="crumbs"><a href=back>{commune.clone()}</a></p>
        <h1>{format!("Bảng phân công chi bộ — {commune}")}</h1>
        <PlanningBoard data=d/>
    }
}

/// `/xa/:id/ke-hoach/:campaign`: the planning board.
#[component]
pub fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let engine = use_sync();
    let data = Resource::new_blocking(
        move || params.with(|p| (p.get("id").unwrap_or_default(), p.get("campaign").unwrap_or_default())),
        // Without the server, the board is built from the device's store.
        move |(commune, campaign)| async move {
            match get_board(commune.clone(), campaign.clone()).await {
                Err(AppError::Network(e)) => engine.local_board(commune, campaign).await.ok_or(AppError::Network(e)),
                other => other,
            }
        },
    );
    page_data(data, "Đang tải bảng phân công…", board)
}
