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
/// (`lazy_pages`).
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
