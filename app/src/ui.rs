//! Components and pages, one per file. They render what `api` gives them and hold no rules.

mod accounts_page;
mod app_root;
mod board_card;
mod board_column;
mod board_context;
mod board_page;
mod board_toolbar;
mod branch_page;
mod branch_rating_form;
mod campaigns_page;
mod commune_page;
mod confirm_form;
mod dissolve_form;
mod error_notice;
mod figure_tiles;
mod follow_forms;
mod form_state;
mod header_bar;
mod history_page;
mod history_panel;
mod home_page;
mod hydration;
mod import_page;
mod lazy_pages;
mod login_page;
mod meeting_form;
mod member_badges;
mod member_form;
mod member_line_item;
mod member_page;
mod move_menu;
mod note_form;
mod org_page;
mod overview_page;
mod page_data;
mod password_page;
mod planning_board;
mod proposals_form;
mod push_now;
mod rating_form;
mod rating_select;
mod ratings_chart;
mod register_page;
mod report_page;
mod setup_fields;
mod setup_page;
#[cfg(feature = "ssr")]
mod shell;
mod suggestion_panel;
mod sync_bar;
mod task_form;
mod task_progress;
mod tree_event_forms;

pub use app_root::{App, hydrates_at_once};
#[cfg(feature = "ssr")]
pub use shell::shell;
