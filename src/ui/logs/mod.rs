//! The logs explorer, split by part: the page (query, options, quick filter), the volume histogram, the
//! label browser, the virtualised list with its rows and its patterns tab, and the live tail (its frame; over a WebSocket or a
//! streamed answer); late: the live tail, the label browser and a line's details, a part of their own in the release build.

mod browser;
mod fields;
mod late;
mod list;
mod metric;
mod page;
mod patterns;
mod stream_tail;
mod tail;
mod tail_frame;
mod volume;

pub use page::Logs;
