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

impl Health {
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
}
