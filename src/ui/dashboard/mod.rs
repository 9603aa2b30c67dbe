//! A dashboard page, split by part: the page (loading, the grid, edit mode, undo, save and share), its tab
//! strip, variables bar, edit bar and panel editor.

mod edit_bar;
mod page;
mod panel_editor;
mod tabs;
mod variables_bar;

pub use page::DashboardPage;
