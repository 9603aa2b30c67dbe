//! Global keyboard shortcuts and their cheat sheet (`?`). The key logic is `view::shortcuts`.

use leptos::prelude::*;

use super::ctx::use_ctx;
use crate::browser;
use crate::url_state::{LogsState, MetricsState, Route, SearchState};
use crate::view::shortcuts::{Action, Press, Sequence, SHORTCUTS};

#[component]
pub fn Shortcuts() -> impl IntoView {
    let ctx = use_ctx();
    let open = RwSignal::new(false);
    let seq = StoredValue::new(Sequence::default());
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let press = Press { key: &ev.key(), ctrl_or_meta: ev.ctrl_key() || ev.meta_key(), alt: ev.alt_key(), typing: browser::focus_is_editable() };
        let mut s = seq.get_value();
        let action = s.press(press);
        seq.set_value(s);
        let Some(action) = action else { return };
        let shift = |f: &dyn Fn(&crate::time::TimeRange) -> crate::time::TimeRange| {
            let route = ctx.route.get_untracked();
            if let Some(next) = route.range().map(f).and_then(|r| route.with_range(r)) {
                ctx.navigate(&next);
            }
        };
        let now = browser::now_ms();
        let tz = ctx.tz_offset();
        match action {
            Action::GoHome => ctx.navigate(&Route::Home),
            Action::GoMetrics => ctx.navigate(&Route::Metrics(MetricsState::default())),
            Action::GoLogs => ctx.navigate(&Route::Logs(LogsState::default())),
            Action::GoTraces => ctx.navigate(&Route::Search(SearchState::default())),
            Action::GoDashboards => browser::set_location_hash("/dashboard"),
            Action::GoSettings => ctx.navigate(&Route::Settings),
            Action::FocusQuery => {
                if browser::focus_first("main textarea") {
                    ev.prevent_default();
                }
            }
            Action::ShiftBack => shift(&|r| r.shift(now, tz, false)),
            Action::ShiftForward => shift(&|r| r.shift(now, tz, true)),
            Action::ZoomOut => shift(&|r| r.zoom_out(now, tz, 2.0)),
            Action::ToggleTheme => ctx.toggle_theme(),
            Action::ToggleUtc => ctx.utc.update(|u| *u = !*u),
            Action::Help => open.update(|o| *o = !*o),
            Action::Close => {
                if open.get_untracked() {
                    open.set(false);
                } else {
                    browser::blur_active();
                }
            }
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || open.get()>
            <div class="dialog-backdrop" on:click=move |_| open.set(false)>
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title" data-testid="shortcuts" on:click=|ev| ev.stop_propagation()>
                    <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
                    <table>
                        <tbody>
                            {SHORTCUTS.iter().map(|(keys, what, _)| view! {
                                <tr><td>{keys.split(' ').map(|k| view! { <kbd>{k}</kbd>" " }).collect_view()}</td><td>{*what}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="muted">"Shortcuts never fire while you type in an editor; Esc leaves the editor. Shift+Enter runs a query."</p>
                    <button on:click=move |_| open.set(false)>"Close"</button>
                </div>
            </div>
        </Show>
    }
}
