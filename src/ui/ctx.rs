//! App-wide state shared through leptos context: route, datasources, backend health, theme.

use leptos::prelude::*;

use crate::browser;
use crate::datasource::correlations::Correlations;
use crate::datasource::Datasources;
use crate::url_state::{self, Route};
use crate::view::palette::Palette;

pub use crate::datasource::health::Health;

/// True once the backend a page needs has answered its probe (changes only when that flips, so an effect
/// reading it runs once per probe, not once per backend).
pub fn known(ctx: Ctx, which: fn(&Health) -> bool) -> Memo<bool> {
    Memo::new(move |_| ctx.health.with(which))
}

#[derive(Clone, Copy)]
pub struct Ctx {
    pub route: RwSignal<Route>,
    pub notices: RwSignal<Vec<String>>,
    pub ds: RwSignal<Datasources>,
    pub health: RwSignal<Health>,
    pub dark: RwSignal<bool>,
    /// Series, level and service colours (Settings; kept in this browser).
    pub palette: RwSignal<Palette>,
    /// Time zone: true = UTC, false = the browser's.
    pub utc: RwSignal<bool>,
    /// Inside a split view: which side this page is (false = left). Its navigations replace that side.
    pub pane: Option<bool>,
    /// The dashboard variable list left open (`<uid>/<name>`): a variable change redraws the dashboard page,
    /// and the list stays open while values are ticked, until the user closes it.
    pub open_var: RwSignal<Option<String>>,
}

pub(crate) const DS_KEY: &str = "trifocal.datasources";
const CORRELATIONS_KEY: &str = "trifocal.correlations";
const THEME_KEY: &str = "trifocal.theme";
const PALETTE_KEY: &str = "trifocal.palette";

thread_local! {
    /// The secrets of the datasources in use, for the crash screen's report (`known_secrets`): kept when the
    /// settings are read at start and when they are saved, so a panic never has to parse storage.
    static SECRETS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn keep_secrets(ds: &Datasources) {
    let s = ds.secrets();
    SECRETS.with(|k| {
        if let Ok(mut k) = k.try_borrow_mut() {
            *k = s;
        }
    });
}

/// The secrets of the datasources in use (empty when they cannot be read), for redacting the crash report.
pub fn known_secrets() -> Vec<String> {
    SECRETS.with(|k| k.try_borrow().map(|k| k.clone()).unwrap_or_default())
}

/// The saved datasource settings as stored (JSON), if any: `ui::start` has them read before the app mounts.
pub fn stored_datasources() -> Option<String> {
    browser::storage_get(DS_KEY)
}

impl Ctx {
    /// This context as a view asking the datasource `name` of `signal` sees it (`ds=` in its link): the
    /// settings with that datasource in place of the default, and it live. The same context when `name`
    /// is empty or the default's; Err names a datasource that is not configured or is of another kind.
    /// The probes' later findings still reach the copy.
    pub fn for_source(self, signal: crate::dashboard::DatasourceKind, name: &str) -> Result<Ctx, String> {
        let (ds, named) = self.ds.with_untracked(|d| d.with_source(signal, name))?;
        if !named {
            return Ok(self);
        }
        let traces = ds.traces;
        let health = RwSignal::new(self.health.get_untracked().with_named(signal, traces));
        let probes = self.health;
        Effect::new(move |_| {
            let h = probes.get().with_named(signal, traces);
            health.try_set(h);
        });
        Ok(Ctx { ds: RwSignal::new(ds), health, ..self })
    }

    /// The app's context, with the datasource settings read from storage (`ui::start`) and a notice to show
    /// (why they could not be read), if any.
    pub fn new(ds: Datasources, notice: Option<String>) -> Ctx {
        let mut decoded = url_state::decode(&browser::location_hash());
        decoded.notices.extend(notice);
        keep_secrets(&ds);
        let dark = match browser::storage_get(THEME_KEY).as_deref() {
            Some("light") => false,
            Some("dark") => true,
            _ => browser::prefers_dark(),
        };
        browser::set_document_theme(if dark { "dark" } else { "light" });
        let palette = browser::storage_get(PALETTE_KEY).map(|s| Palette::from_id(&s)).unwrap_or_default();
        browser::set_document_attr("data-palette", palette.id());
        Ctx {
            route: RwSignal::new(decoded.route),
            notices: RwSignal::new(decoded.notices),
            ds: RwSignal::new(ds),
            health: RwSignal::new(Health::default()),
            dark: RwSignal::new(dark),
            palette: RwSignal::new(palette),
            utc: RwSignal::new(false),
            pane: None,
            open_var: RwSignal::new(None),
        }
    }

    /// Goes to a route: the URL is the source of truth, so this sets the hash and the hashchange handler
    /// updates `route`.
    /// In a split pane, a view's own route becomes the whole split with that side replaced.
    fn in_pane(&self, route: &Route) -> Route {
        match (self.pane, self.route.get_untracked()) {
            (Some(right), Route::Split(s)) if route.range().is_some() => Route::Split(s.with_side(right, route.clone())),
            _ => route.clone(),
        }
    }

    /// Rewrites the URL for a state change that needs no re-render (options, filters): no history entry,
    /// no hashchange. Split-aware like [`navigate`](Self::navigate).
    pub fn replace(&self, route: &Route) {
        browser::replace_location_hash(&url_state::encode(&self.in_pane(route)));
    }

    /// Records a state change the page has already drawn (a variable's value): a history entry, so Back
    /// returns to the previous state, but no hashchange and no redraw of the page. Split-aware.
    pub fn push(&self, route: &Route) {
        browser::push_location_hash(&url_state::encode(&self.in_pane(route)));
    }

    pub fn navigate(&self, route: &Route) {
        let nested = self.in_pane(route);
        let route = &nested;
        let frag = url_state::encode(route);
        if browser::location_hash().trim_start_matches('#') == frag {
            self.route.set(route.clone());
        } else {
            browser::set_location_hash(&frag);
        }
    }

    pub fn save_datasources(&self, ds: Datasources) -> Result<(), String> {
        let r = browser::storage_set(DS_KEY, &ds.to_storage_json());
        keep_secrets(&ds);
        self.ds.set(ds);
        r
    }

    pub fn toggle_theme(&self) {
        let dark = !self.dark.get_untracked();
        self.dark.set(dark);
        let name = if dark { "dark" } else { "light" };
        browser::set_document_theme(name);
        let _ = browser::storage_set(THEME_KEY, name);
    }

    /// Switches the palette, remembers it in this browser and tells the stylesheet (`data-palette`).
    pub fn set_palette(&self, p: Palette) -> Result<(), String> {
        self.palette.set(p);
        browser::set_document_attr("data-palette", p.id());
        browser::storage_set(PALETTE_KEY, p.id())
    }

    pub fn tz_offset(&self) -> i32 {
        if self.utc.get() {
            0
        } else {
            browser::tz_offset_min()
        }
    }
}

pub fn use_ctx() -> Ctx {
    expect_context::<Ctx>()
}

/// The view `body` builds, where [`use_ctx`] asks the datasource `name` of `signal` in place of the default
/// (`ds=` in a view's link; see [`Ctx::for_source`]). It gets a reactive owner of its own, so the context and
/// what it made go with the view. `on_error` shows a name that is not a configured datasource of `signal`.
pub fn with_source<V: IntoView + 'static>(
    signal: crate::dashboard::DatasourceKind,
    name: &str,
    on_error: impl FnOnce(String) -> AnyView,
    body: impl FnOnce() -> V,
) -> AnyView {
    let owner = Owner::current().map(|o| o.child()).unwrap_or_default();
    let made = owner.with(|| {
        let ctx = use_ctx().for_source(signal, name)?;
        provide_context(ctx);
        Ok(body())
    });
    match made {
        Ok(v) => leptos::tachys::reactive_graph::OwnedView::new_with_owner(v, owner).into_any(),
        Err(e) => on_error(e),
    }
}

/// The palette in use now (for code that draws once per render, outside a reactive closure of its own).
pub fn palette_now() -> Palette {
    use_context::<Ctx>().map(|c| c.palette.get_untracked()).unwrap_or_default()
}

/// The trace → logs/metrics templates saved in this browser (defaults when none or unreadable). Read when a
/// span's details open, so a change in Settings applies to the next span shown.
pub fn load_correlations() -> Correlations {
    browser::storage_get(CORRELATIONS_KEY).map(|s| Correlations::from_storage_json(&s)).unwrap_or_default()
}

/// Saves the templates after checking them; the message says which template is wrong, or why storage failed.
pub fn save_correlations(c: &Correlations) -> Result<(), String> {
    c.check()?;
    browser::storage_set(CORRELATIONS_KEY, &c.to_storage_json())
}
