//! Alerting model: rule groups with alerting and recording rules and their alerts (Prometheus' rules API),
//! and the alert manager's grouped alerts and silences. Times are Unix epoch milliseconds.

use super::Labels;

/// Where an alert stands, as the rule evaluator reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertState {
    Firing,
    Pending,
    Inactive,
}

impl AlertState {
    pub const ALL: [AlertState; 3] = [AlertState::Firing, AlertState::Pending, AlertState::Inactive];
    /// The word used in URLs and on the page.
    pub fn id(self) -> &'static str {
        match self {
            AlertState::Firing => "firing",
            AlertState::Pending => "pending",
            AlertState::Inactive => "inactive",
        }
    }
    pub fn from_id(s: &str) -> Option<AlertState> {
        Self::ALL.into_iter().find(|a| a.id() == s)
    }
}

/// One alert of an alerting rule: one label set the expression returned.
#[derive(Clone, Debug, PartialEq)]
pub struct Alert {
    pub labels: Labels,
    pub annotations: Labels,
    pub state: AlertState,
    /// When it became active (pending started); None when not given or unreadable.
    pub active_at_ms: Option<i64>,
    /// The expression's value, as sent (a float in text).
    pub value: String,
}

/// Whether the last evaluation of a rule worked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleHealth {
    Ok,
    Err,
    Unknown,
}

impl RuleHealth {
    /// The word Prometheus uses: `ok`, `err`, `unknown`.
    pub fn id(self) -> &'static str {
        match self {
            RuleHealth::Ok => "ok",
            RuleHealth::Err => "err",
            RuleHealth::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RuleKind {
    Alerting {
        state: AlertState,
        /// `for` and `keep_firing_for`, seconds.
        for_s: f64,
        keep_firing_for_s: f64,
        annotations: Labels,
        alerts: Vec<Alert>,
    },
    Recording,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub name: String,
    pub query: String,
    pub labels: Labels,
    pub health: RuleHealth,
    pub last_error: String,
    pub last_evaluation_ms: Option<i64>,
    pub evaluation_time_s: f64,
    pub kind: RuleKind,
}

impl Rule {
    pub fn state(&self) -> Option<AlertState> {
        match &self.kind {
            RuleKind::Alerting { state, .. } => Some(*state),
            RuleKind::Recording => None,
        }
    }
    pub fn alerts(&self) -> &[Alert] {
        match &self.kind {
            RuleKind::Alerting { alerts, .. } => alerts,
            RuleKind::Recording => &[],
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct RuleGroup {
    pub name: String,
    pub file: String,
    pub interval_s: f64,
    pub rules: Vec<Rule>,
}

/// A matcher of a silence: `name op "value"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchOp {
    Eq,
    Ne,
    Re,
    NotRe,
}

impl MatchOp {
    pub const ALL: [MatchOp; 4] = [MatchOp::Eq, MatchOp::Ne, MatchOp::Re, MatchOp::NotRe];
    pub fn text(self) -> &'static str {
        match self {
            MatchOp::Eq => "=",
            MatchOp::Ne => "!=",
            MatchOp::Re => "=~",
            MatchOp::NotRe => "!~",
        }
    }
    pub fn from_text(s: &str) -> Option<MatchOp> {
        Self::ALL.into_iter().find(|o| o.text() == s)
    }
    pub fn is_regex(self) -> bool {
        matches!(self, MatchOp::Re | MatchOp::NotRe)
    }
    pub fn is_equal(self) -> bool {
        matches!(self, MatchOp::Eq | MatchOp::Re)
    }
    pub fn of(is_regex: bool, is_equal: bool) -> MatchOp {
        match (is_regex, is_equal) {
            (false, true) => MatchOp::Eq,
            (false, false) => MatchOp::Ne,
            (true, true) => MatchOp::Re,
            (true, false) => MatchOp::NotRe,
        }
    }
}

impl std::fmt::Display for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}{:?}", self.name, self.op.text(), self.value)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SilenceState {
    Active,
    Pending,
    Expired,
}

impl SilenceState {
    pub fn id(self) -> &'static str {
        match self {
            SilenceState::Active => "active",
            SilenceState::Pending => "pending",
            SilenceState::Expired => "expired",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Silence {
    pub id: String,
    pub state: SilenceState,
    pub matchers: Vec<Matcher>,
    pub starts_ms: Option<i64>,
    pub ends_ms: Option<i64>,
    pub created_by: String,
    pub comment: String,
}

/// One alert as the alert manager holds it: active, or suppressed by silences or inhibiting alerts.
#[derive(Clone, Debug, PartialEq)]
pub struct ManagedAlert {
    pub labels: Labels,
    pub annotations: Labels,
    pub fingerprint: String,
    pub starts_ms: Option<i64>,
    /// `active`, `suppressed` or `unprocessed`, as the alert manager says.
    pub state: String,
    pub silenced_by: Vec<String>,
    pub inhibited_by: Vec<String>,
}

/// A routing group: the receiver and the group labels its alerts share.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertGroup {
    pub receiver: String,
    pub labels: Labels,
    pub alerts: Vec<ManagedAlert>,
}
