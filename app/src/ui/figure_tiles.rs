use leptos::prelude::*;

use crate::domain::report::{CommuneFigures, two_digits};

/// The headline figures, as the report states them.
#[component]
pub fn FigureTiles(figures: CommuneFigures) -> impl IntoView {
    let f = figures;
    view! {
        <ul class="tiles" aria-label="Số liệu chính">
            <li class="tile">
                <span class="tile-value">{format!("{}/{}", two_digits(f.agency_dissolved), two_digits(f.agency_branches))}</span>
                <span class="tile-label">"chi bộ cơ quan xã, thị trấn đã giải thể"</span>
            </li>
            <li class="tile">
                <span class="tile-value">{f.members_moved}</span>
                <span class="tile-label">"đảng viên đã chuyển về chi bộ ấp, khóm"</span>
            </li>
            <li class="tile">
                <span class="tile-value">{f.residential_branches}</span>
                <span class="tile-label">"chi bộ ấp, khóm"</span>
            </li>
            <li class="tile" class:tile-warn=move || { f.moved_without_task > 0 }>
                <span class="tile-value">{f.moved_without_task}</span>
                <span class="tile-label">{format!("đảng viên chưa được phân công nhiệm vụ ({} lãnh đạo, cấp ủy viên)", f.leaders_without_task)}</span>
            </li>
            <li class="tile" class:tile-warn=move || { f.low_attendance > 0 }>
                <span class="tile-value">{f.low_attendance}</span>
                <span class="tile-label">"đảng viên ít tham gia sinh hoạt chi bộ"</span>
            </li>
            <li class="tile" class:tile-warn=move || { f.never_contributing > 0 }>
                <span class="tile-value">{f.never_contributing}</span>
                <span class="tile-label">"đảng viên chưa đóng góp xây dựng nghị quyết"</span>
            </li>
            <li class="tile">
                <span class="tile-value">{f.pending}</span>
                <span class="tile-label">"đảng viên chờ chuyển (đợt đang mở)"</span>
            </li>
        </ul>
    }
}
