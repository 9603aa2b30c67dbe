//! The logs explorer, split by part: the page (query, options, quick filter), the volume histogram, the
//! label browser, the virtualised list with its rows, and the live tail.

mod browser;
mod list;
mod metric;
mod page;
mod tail;
mod volume;

pub use page::Logs;
