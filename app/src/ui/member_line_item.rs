use leptos::prelude::*;

use super::member_badges::MemberBadges;
use crate::api::views::MemberLine;

/// A member in a list: name, job, residence, badges and warnings.
#[component]
pub fn MemberLineItem(member: MemberLine) -> impl IntoView {
    let m = member;
    view! {
        <li class="member">
            <a class="member-name" href=format!("/dang-vien/{}", m.id)>{m.name}</a>
            <span class="member-meta">{m.job}" · "{m.residence}</span>
            <span class="badges">
                <MemberBadges badges=m.badges/>
                {m.mismatch.then(|| view! { <span class="badge badge-warn">"Khác nơi cư trú"</span> })}
                {m.flags.into_iter().map(|f| view! { <span class="badge badge-flag">{f}</span> }).collect_view()}
            </span>
        </li>
    }
}
