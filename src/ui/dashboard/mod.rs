//! A dashboard page, split by part: the page (loading, the grid, edit mode, undo, save and share), its tab
//! strip, variables bar, edit bar and panel editor; `late`: the edit tools and the dashboard list, split parts of their
//! own in the release build.

mod edit_bar;
mod late;
mod page;
mod panel_editor;
mod tabs;
mod variables_bar;

pub use page::DashboardPage;
