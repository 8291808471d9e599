use leptos::prelude::*;

use crate::domain::member::Badge;

/// A member's badges beside the name (key leader, committee member).
#[component]
pub fn MemberBadges(badges: Vec<Badge>) -> impl IntoView {
    badges
        .into_iter()
        .map(|b| {
            let class = match b {
                Badge::KeyLeader => "badge badge-leader",
                Badge::Committee => "badge badge-committee",
            };
            view! { <span class=class>{b.label()}</span> }
        })
        .collect_view()
}
