//! Which backends answered their probe, and what each page should use: live data, or the recorded demo data.
//!
//! Demo data is a whole-app mode, for a newcomer with nothing answering: it is chosen only when every probe
//! is in and none answered. Once any backend answers, a backend that does not is still used live, so its
//! error shows where it is queried, never recorded data in its place (a user with a live Jaeger and a
//! Prometheus that is down must not see demo metrics whose exemplars point at traces their Jaeger lacks).

use super::TraceBackend;

/// What the probes found, and the decision drawn from it. `prometheus`, `loki` and `traces` say what pages
/// use (live, or `false`/`None` = demo data); a page waits until its `*_known` is true.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    /// Every probe has answered.
    pub checked: bool,
    pub prometheus: bool,
    /// The logs backend the settings choose (Loki or VictoriaLogs; the name is historical).
    pub loki: bool,
    pub traces: Option<TraceBackend>,
    /// The decision for this backend is made: a page that needs one backend starts as soon as it is.
    pub prometheus_known: bool,
    pub loki_known: bool,
    pub traces_known: bool,
    /// The probes' own answers (`None`: not in yet).
    pub answered: Answers,
}

/// Each probe's answer: whether the backend answered its API, and which trace server did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Answers {
    pub prometheus: Option<bool>,
    pub loki: Option<bool>,
    pub traces: Option<Option<TraceBackend>>,
    /// The Prometheus version its build info gave, when it gave one (information, not a condition).
    pub prometheus_version: Option<String>,
}

impl Answers {
    fn any_true(&self) -> bool {
        self.prometheus == Some(true) || self.loki == Some(true) || matches!(self.traces, Some(Some(_)))
    }
    fn all_in(&self) -> bool {
        self.prometheus.is_some() && self.loki.is_some() && self.traces.is_some()
    }
}

impl TraceBackend {
    pub const ALL: [TraceBackend; 3] = [TraceBackend::Auto, TraceBackend::Tempo, TraceBackend::Jaeger];
    /// A stable id for a form's option value.
    pub fn id(self) -> &'static str {
        match self {
            TraceBackend::Auto => "auto",
            TraceBackend::Tempo => "tempo",
            TraceBackend::Jaeger => "jaeger",
        }
    }
    /// The backend of an id; Auto for anything else.
    pub fn from_id(id: &str) -> TraceBackend {
        Self::ALL.into_iter().find(|b| b.id() == id).unwrap_or_default()
    }
    /// How Settings offers it.
    pub fn choice(self) -> &'static str {
        match self {
            TraceBackend::Auto => "Auto (Tempo, then Jaeger)",
            other => other.name(),
        }
    }
    /// The server's name (Auto: "Traces", whichever answers).
    pub fn name(self) -> &'static str {
        match self {
            TraceBackend::Auto => "Traces",
            TraceBackend::Tempo => "Tempo",
            TraceBackend::Jaeger => "Jaeger",
        }
    }
}

impl Health {
    /// As a view that asks a named datasource of `signal` sees it: live and known (a named datasource is
    /// always asked, its failure shown where it is used), the rest as the probes found it. `traces` is the
    /// named trace datasource's server.
    pub fn with_named(&self, signal: crate::dashboard::DatasourceKind, traces: TraceBackend) -> Health {
        use crate::dashboard::DatasourceKind;
        let mut h = self.clone();
        match signal {
            DatasourceKind::Prometheus => (h.prometheus, h.prometheus_known) = (true, true),
            DatasourceKind::Loki => (h.loki, h.loki_known) = (true, true),
            DatasourceKind::Tempo => (h.traces, h.traces_known) = (Some(traces), true),
        }
        h
    }

    /// The status bar: `(mode, text)`, mode one of `checking`, `demo`, `live`; `logs` is the logs
    /// backend's name.
    pub fn status(&self, logs: &str) -> (&'static str, String) {
        if !self.checked {
            return ("checking", "Checking backends…".to_string());
        }
        if !self.any_live() {
            return ("demo", "Demo data: no backend answered".to_string());
        }
        // Something answers, so nothing is demo data: a backend that does not answer shows its error where used.
        let a = &self.answered;
        let mark = |ok: bool| if ok { "✓" } else { "✗ (no answer)" };
        let traces = match a.traces.flatten() {
            Some(t) => format!("{} ✓", t.name()),
            None => "Traces ✗ (no answer)".to_string(),
        };
        ("live", format!("Prometheus {} · {logs} {} · {traces}", mark(a.prometheus == Some(true)), mark(a.loki == Some(true))))
    }

    /// Settings' connection test: one line per backend, what its probe found.
    pub fn answer_lines(&self, logs: &str) -> Vec<String> {
        let a = &self.answered;
        vec![
            match (a.prometheus, &a.prometheus_version) {
                (Some(true), Some(v)) => format!("Prometheus: answers (version {v})"),
                (Some(true), None) => "Prometheus: answers (its query API; no version given)".to_string(),
                _ => "Prometheus: no answer".to_string(),
            },
            format!("{logs}: {}", if a.loki == Some(true) { "answers" } else { "no answer" }),
            format!("Traces: {}", a.traces.flatten().map_or("no answer".to_string(), |t| format!("{} answers", t.name()))),
        ]
    }

    /// Whether the datasource of a query signal is asked live (false: demo data, or not known yet).
    pub fn live(&self, signal: crate::dashboard::DatasourceKind) -> bool {
        use crate::dashboard::DatasourceKind as K;
        match signal {
            K::Prometheus => self.prometheus,
            K::Loki => self.loki,
            K::Tempo => self.traces.is_some(),
        }
    }

    /// At least one backend answered its probe.
    pub fn any_live(&self) -> bool {
        self.answered.any_true()
    }

    /// Whole-app demo mode: every probe is in and none answered.
    pub fn demo(&self) -> bool {
        self.checked && !self.any_live()
    }

    /// Records Prometheus' answer (and its version, when its build info gave one) and decides again.
    pub fn record_prometheus(&mut self, answers: bool, version: Option<String>, preferred: TraceBackend) {
        self.answered.prometheus = Some(answers);
        self.answered.prometheus_version = version.filter(|v| !v.is_empty());
        self.settle(preferred);
    }

    /// Records the logs backend's answer (Loki or VictoriaLogs) and decides again.
    pub fn record_loki(&mut self, answers: bool, preferred: TraceBackend) {
        self.answered.loki = Some(answers);
        self.settle(preferred);
    }

    /// Records which trace server answered (None: neither) and decides again.
    pub fn record_traces(&mut self, found: Option<TraceBackend>, preferred: TraceBackend) {
        self.answered.traces = Some(found);
        self.settle(preferred);
    }

    /// The decision from the answers so far. A backend that answered is live at once; one that did not is
    /// decided when another has answered (live: its errors show) or when all are in (demo: none answered).
    /// A trace server that did not answer is the configured one, or Jaeger under `Auto` (the search and
    /// trace pages then say that Jaeger does not answer).
    fn settle(&mut self, preferred: TraceBackend) {
        let a = &self.answered;
        let all_in = a.all_in();
        let other_live = a.any_true();
        let decided = |own: Option<bool>| match own {
            Some(true) => Some(true),
            Some(false) if other_live => Some(true),
            Some(false) if all_in => Some(false),
            _ => None,
        };
        if let Some(live) = decided(a.prometheus) {
            self.prometheus = live;
            self.prometheus_known = true;
        }
        if let Some(live) = decided(a.loki) {
            self.loki = live;
            self.loki_known = true;
        }
        match a.traces {
            Some(Some(b)) => {
                self.traces = Some(b);
                self.traces_known = true;
            }
            Some(None) if other_live => {
                self.traces = Some(match preferred {
                    TraceBackend::Tempo => TraceBackend::Tempo,
                    TraceBackend::Jaeger | TraceBackend::Auto => TraceBackend::Jaeger,
                });
                self.traces_known = true;
            }
            Some(None) if all_in => {
                self.traces = None;
                self.traces_known = true;
            }
            _ => {}
        }
        self.checked = all_in;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTO: TraceBackend = TraceBackend::Auto;

    #[test]
    fn nothing_answers_is_demo_mode_once_every_probe_is_in() {
        let mut h = Health::default();
        h.record_prometheus(false, None, AUTO);
        assert!(!h.prometheus_known, "Prometheus is not decided while the others may still answer");
        h.record_loki(false, AUTO);
        assert!(!h.prometheus_known && !h.loki_known);
        h.record_traces(None, AUTO);
        assert!(h.checked && h.demo());
        assert!(h.prometheus_known && !h.prometheus);
        assert!(h.loki_known && !h.loki);
        assert!(h.traces_known && h.traces.is_none());
    }

    #[test]
    fn a_named_datasource_is_live_before_and_whatever_the_probes_find() {
        use crate::dashboard::DatasourceKind;
        let checking = Health::default();
        let logs = checking.with_named(DatasourceKind::Loki, AUTO);
        assert!(logs.loki && logs.loki_known, "a named logs datasource is asked at once");
        assert!(!logs.prometheus_known && !logs.traces_known, "the other signals wait for their probes");
        let mut down = Health::default();
        down.record_prometheus(false, None, AUTO);
        down.record_loki(false, AUTO);
        down.record_traces(None, AUTO);
        assert!(down.demo());
        let m = down.with_named(DatasourceKind::Prometheus, AUTO);
        assert!(m.prometheus && m.prometheus_known && !m.loki);
        let t = down.with_named(DatasourceKind::Tempo, TraceBackend::Jaeger);
        assert_eq!((t.traces, t.traces_known), (Some(TraceBackend::Jaeger), true));
    }

    #[test]
    fn a_backend_that_answers_is_live_at_once() {
        let mut h = Health::default();
        h.record_prometheus(true, Some("3.16.0".into()), AUTO);
        assert!(h.prometheus_known && h.prometheus);
        assert_eq!(h.answered.prometheus_version.as_deref(), Some("3.16.0"));
        assert!(!h.checked);
    }

    #[test]
    fn a_silent_backend_is_used_live_when_another_answers() {
        // Jaeger answers, Prometheus is down: metrics show Prometheus' error, not demo data.
        let mut h = Health::default();
        h.record_prometheus(false, None, AUTO);
        assert!(!h.prometheus_known);
        h.record_traces(Some(TraceBackend::Jaeger), AUTO);
        assert!(h.prometheus_known && h.prometheus, "decided live as soon as another backend answers");
        h.record_loki(false, AUTO);
        assert!(h.loki && h.loki_known && h.checked && !h.demo());
    }

    #[test]
    fn a_silent_trace_server_is_the_configured_one_when_another_answers() {
        for (preferred, expected) in [(AUTO, TraceBackend::Jaeger), (TraceBackend::Tempo, TraceBackend::Tempo), (TraceBackend::Jaeger, TraceBackend::Jaeger)] {
            let mut h = Health::default();
            h.record_traces(None, preferred);
            assert!(!h.traces_known);
            h.record_prometheus(true, None, preferred);
            assert_eq!(h.traces, Some(expected));
            assert!(h.traces_known);
        }
    }

    #[test]
    fn answers_arriving_in_any_order_give_the_same_decision() {
        let orders: [[u8; 3]; 6] = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        let mut seen = Vec::new();
        for order in orders {
            let mut h = Health::default();
            for i in order {
                match i {
                    0 => h.record_prometheus(false, None, AUTO),
                    1 => h.record_loki(true, AUTO),
                    _ => h.record_traces(None, AUTO),
                }
            }
            seen.push((h.prometheus, h.loki, h.traces, h.checked));
        }
        assert!(seen.iter().all(|s| *s == (true, true, Some(TraceBackend::Jaeger), true)), "{seen:?}");
    }

    #[test]
    fn an_empty_version_is_no_version() {
        let mut h = Health::default();
        h.record_prometheus(true, Some(String::new()), AUTO);
        assert!(h.prometheus && h.answered.prometheus_version.is_none());
    }

    #[test]
    fn the_status_bar_and_the_connection_test_say_what_answered() {
        let mut h = Health::default();
        assert_eq!(h.status("Loki").0, "checking");
        h.record_prometheus(true, Some("3.16.0".into()), TraceBackend::Auto);
        h.record_loki(false, TraceBackend::Auto);
        h.record_traces(Some(TraceBackend::Jaeger), TraceBackend::Auto);
        assert_eq!(h.status("VictoriaLogs"), ("live", "Prometheus ✓ · VictoriaLogs ✗ (no answer) · Jaeger ✓".to_string()));
        assert_eq!(
            h.answer_lines("Loki"),
            vec!["Prometheus: answers (version 3.16.0)".to_string(), "Loki: no answer".to_string(), "Traces: Jaeger answers".to_string()]
        );
        // The silent logs backend is still asked live (its error shows where it is used), not demo data.
        assert!(h.live(crate::dashboard::DatasourceKind::Tempo) && h.live(crate::dashboard::DatasourceKind::Loki));
        let mut none = Health::default();
        none.record_prometheus(false, None, TraceBackend::Auto);
        none.record_loki(false, TraceBackend::Auto);
        none.record_traces(None, TraceBackend::Auto);
        assert_eq!(none.status("Loki").0, "demo");
        assert!(!none.live(crate::dashboard::DatasourceKind::Prometheus));
    }
}
