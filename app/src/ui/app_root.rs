use leptos::prelude::*;
use leptos_meta::{Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{Lazy, path};

use super::board_page::BoardPage;
use super::header_bar::HeaderBar;
use super::lazy_pages::{
    AccountsRoute, BranchRoute, CampaignsRoute, CommuneRoute, HistoryRoute, HomeRoute, ImportRoute, LoginRoute, MemberRoute, OrgRoute,
    OverviewRoute, PasswordRoute, RegisterRoute, ReportRoute, SetupRoute,
};
use super::sync_bar::SyncBar;
use crate::client::provide_sync_engine;

/// The application: header and routes. The routes in `Lazy` are split out of the main wasm
/// (`lazy_pages`); the planning board is not (see [`hydrates_at_once`]).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_sync_engine();
    view! {
        <Title formatter=|page: String| format!("{page} · BranchBoard")/>
        <Router>
            <HeaderBar/>
            <SyncBar/>
            <main id="noi-dung">
                <Routes fallback=|| view! {
                    <section class="notice">
                        <h1>"Không tìm thấy trang"</h1>
                        <p><a href="/">"Về trang chính"</a></p>
                    </section>
                }>
                    <Route path=path!("") view={Lazy::<HomeRoute>::new()}/>
                    <Route path=path!("dang-nhap") view={Lazy::<LoginRoute>::new()}/>
                    <Route path=path!("tong-quan") view={Lazy::<OverviewRoute>::new()}/>
                    <Route path=path!("xa/:id") view={Lazy::<CommuneRoute>::new()}/>
                    <Route path=path!("xa/:id/ke-hoach/:campaign") view=BoardPage/>
                    <Route path=path!("xa/:id/dang-vien") view={Lazy::<RegisterRoute>::new()}/>
                    <Route path=path!("xa/:id/nhap-dang-vien") view={Lazy::<ImportRoute>::new()}/>
                    <Route path=path!("dang-vien/:id") view={Lazy::<MemberRoute>::new()}/>
                    <Route path=path!("chi-bo/:id") view={Lazy::<BranchRoute>::new()}/>
                    <Route path=path!("bao-cao") view={Lazy::<ReportRoute>::new()}/>
                    <Route path=path!("lich-su") view={Lazy::<HistoryRoute>::new()}/>
                    <Route path=path!("doi-mat-khau") view={Lazy::<PasswordRoute>::new()}/>
                    <Route path=path!("quan-tri") view={Lazy::<SetupRoute>::new()}/>
                    <Route path=path!("quan-tri/tai-khoan") view={Lazy::<AccountsRoute>::new()}/>
                    <Route path=path!("quan-tri/to-chuc") view={Lazy::<OrgRoute>::new()}/>
                    <Route path=path!("quan-tri/dot-chuyen") view={Lazy::<CampaignsRoute>::new()}/>
                </Routes>
            </main>
        </Router>
    }
}

/// Whether the page at `path` is the one route in the main wasm, the planning board
/// (`xa/:id/ke-hoach/:campaign` above): its page hydrates at once, in one pass, rather than
/// through the asynchronous hydration that lazy routes need (which takes about twice as long on
/// the 400-card board). Any other path — a lazy route, or one this does not recognise — hydrates
/// asynchronously, which suits every route.
pub fn hydrates_at_once(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.as_slice(), ["", "xa", id, "ke-hoach", campaign] if !id.is_empty() && !campaign.is_empty())
}

#[cfg(test)]
mod tests {
    use super::hydrates_at_once;

    #[test]
    fn only_the_board_hydrates_at_once() {
        assert!(hydrates_at_once("/xa/0190a1b2/ke-hoach/0190c3d4"));
        for lazy in [
            "/",
            "/dang-nhap",
            "/tong-quan",
            "/xa/0190a1b2",
            "/xa/0190a1b2/dang-vien",
            "/xa/0190a1b2/nhap-dang-vien",
            "/dang-vien/0190a1b2",
            "/chi-bo/0190a1b2",
            "/bao-cao",
            "/lich-su",
            "/doi-mat-khau",
            "/quan-tri",
            "/quan-tri/tai-khoan",
            "/quan-tri/to-chuc",
            "/quan-tri/dot-chuyen",
        ] {
            assert!(!hydrates_at_once(lazy), "{lazy} is a lazy route");
        }
        for odd in ["/xa//ke-hoach/x", "/xa/a/ke-hoach/", "/xa/a/ke-hoach/b/", "/xa/a/ke-hoach/b/c", "xa/a/ke-hoach/b"] {
            assert!(!hydrates_at_once(odd), "{odd}");
        }
    }
}
