//! The trace page's shared state: the loaded trace with its model, and the signals every part reads
//! (selection, collapse, zoom window, find matches, scroll) with the few moves they share.

use std::sync::Arc;

use leptos::html::Div;
use leptos::prelude::*;

use crate::browser;
use crate::telemetry::Trace;
use crate::view::trace::collapse::{visible_rows, Collapsed};
use crate::view::trace::find::{find, FindQuery};
use crate::view::trace::nav::scroll_to_show;
use crate::view::trace::viewport::TimeWindow;
use crate::view::trace::{stats, TraceModel, TraceStats};

pub const ROW_PX: f64 = 24.0;
pub const OVERSCAN: usize = 12;
pub const MINIMAP_LINES: u32 = 40;
pub const MINIMAP_COLUMNS: u32 = 200;

/// A trace ready to show: everything computed once, when it arrives (the minimap's geometry after the first
/// frame: `ui::trace::minimap`).
pub struct Loaded {
    pub trace: Trace,
    pub model: TraceModel,
    pub stats: TraceStats,
    pub note: Option<String>,
    /// Opened from a file or pasted: the URL does not name it.
    pub local: bool,
}

impl Loaded {
    pub fn new(trace: Trace, note: Option<String>, local: bool) -> Loaded {
        let model = TraceModel::build(&trace);
        browser::mark("trifocal:trace-modelled");
        let stats = stats(&trace, &model);
        Loaded { trace, model, stats, note, local }
    }

    /// Index of a row's service in `model.services` (for its colour).
    pub fn service_index(&self, row: u32) -> usize {
        let service = self.model.rows.get(row as usize).and_then(|r| r.span).and_then(|i| self.trace.spans.get(i)).map(|s| &*s.service);
        service.and_then(|s| self.model.services.iter().position(|(n, _)| n == s)).unwrap_or(0)
    }
}

pub type LoadState = Option<Result<Arc<Loaded>, String>>;

/// The signals of one trace page (all `Copy`).
#[derive(Clone, Copy)]
pub struct TraceUi {
    pub loaded: RwSignal<LoadState>,
    pub collapsed: RwSignal<Collapsed>,
    pub selected: RwSignal<Option<u32>>,
    pub window: RwSignal<TimeWindow>,
    pub show_critical: RwSignal<bool>,
    pub find_text: RwSignal<String>,
    pub matches: Memo<Arc<Vec<u32>>>,
    pub visible: Memo<Arc<Vec<u32>>>,
    pub scroll_top: RwSignal<f64>,
    pub viewport_h: RwSignal<f64>,
    pub list: NodeRef<Div>,
}

impl TraceUi {
    pub fn new(find_text: &str) -> TraceUi {
        let loaded = RwSignal::new(None::<Result<Arc<Loaded>, String>>);
        let collapsed = RwSignal::new(Collapsed::default());
        let find_text = RwSignal::new(find_text.to_string());
        let matches = Memo::new(move |_| {
            let q = find_text.get();
            if q.trim().is_empty() {
                return Arc::new(Vec::new());
            }
            match loaded.get() {
                Some(Ok(l)) => Arc::new(find(&l.model, &l.trace, &FindQuery::parse(&q))),
                _ => Arc::new(Vec::new()),
            }
        });
        let visible = Memo::new(move |_| match loaded.get() {
            Some(Ok(l)) => collapsed.with(|c| Arc::new(visible_rows(&l.model, c))),
            _ => Arc::new(Vec::new()),
        });
        TraceUi {
            loaded,
            collapsed,
            selected: RwSignal::new(None),
            window: RwSignal::new(TimeWindow::FULL),
            show_critical: RwSignal::new(true),
            find_text,
            matches,
            visible,
            scroll_top: RwSignal::new(0.0),
            viewport_h: RwSignal::new(600.0),
            list: NodeRef::new(),
        }
    }

    /// Shows a new trace: resets collapse, zoom, selection and scroll.
    pub fn show(&self, l: Loaded) {
        self.collapsed.set(Collapsed::default());
        self.window.set(TimeWindow::FULL);
        self.selected.set(None);
        self.scroll_top.set(0.0);
        self.loaded.set(Some(Ok(Arc::new(l))));
        request_animation_frame(|| browser::mark("trifocal:trace-drawn"));
        browser::mark_after_paint("trifocal:trace-painted");
    }

    /// Collapses a row with everything below it, or expands them all if the row is collapsed.
    pub fn toggle_subtree(&self, row: u32) {
        if let Some(Ok(l)) = self.loaded.get_untracked() {
            self.collapsed.update(|c| if c.is_collapsed(row) { c.expand_subtree(&l.model, row) } else { c.collapse_subtree(&l.model, row) });
        }
    }

    /// Selects a row, expanding its ancestors, and scrolls it into view (centred with `center`).
    pub fn select(&self, row: u32, center: bool) {
        if let Some(Ok(l)) = self.loaded.get_untracked() {
            let hidden = self.collapsed.with_untracked(|c| l.model.ancestors(row).iter().any(|a| c.is_collapsed(*a)));
            if hidden {
                self.collapsed.update(|c| c.reveal(&l.model, row));
            }
        }
        self.selected.set(Some(row));
        self.scroll_to(row, center);
    }

    /// Scrolls the span list so that `row` is visible (after the next paint, when the list exists).
    pub fn scroll_to(&self, row: u32, center: bool) {
        let ui = *self;
        request_animation_frame(move || {
            // A frame later the trace view may be gone: only try its values.
            let Some(el) = ui.list.try_get_untracked().flatten() else { return };
            let Some(Ok(index)) = ui.visible.try_with_untracked(|v| v.binary_search(&row)) else { return };
            let h = f64::from(el.client_height());
            if let Some(top) = scroll_to_show(index, ROW_PX, f64::from(el.scroll_top()), h, center) {
                el.set_scroll_top(top.round() as i32);
                ui.scroll_top.set(top);
            }
            ui.viewport_h.set(h);
        });
    }
}
