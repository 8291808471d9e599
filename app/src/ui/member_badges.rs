use leptos::prelude::*;

use crate::domain::member::Badge;

/// The class of a badge's pill.
pub fn badge_class(badge: Badge) -> &'static str {
    match badge {
        Badge::KeyLeader => "badge badge-leader",
        Badge::Committee => "badge badge-committee",
    }
}

/// A member's badges beside the name (key leader, committee member).
#[component]
pub fn MemberBadges(badges: Vec<Badge>) -> impl IntoView {
    badges.into_iter().map(|b| view! { <span class=badge_class(b)>{b.label()}</span> }).collect_view()
}
