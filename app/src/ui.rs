//! Components and pages, one per file. They render what `api` gives them and hold no rules.

mod app_root;
mod commune_page;
mod error_notice;
mod figure_tiles;
mod header_bar;
mod home_page;
mod login_page;
mod member_line_item;
mod member_page;
mod overview_page;
#[cfg(feature = "ssr")]
mod shell;

pub use app_root::App;
#[cfg(feature = "ssr")]
pub use shell::shell;
