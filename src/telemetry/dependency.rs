//! Calls between services as a trace backend counts them (Jaeger's dependencies): who called whom, how often.

/// `calls` requests from `caller` to `callee` in the asked window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceCall {
    pub caller: String,
    pub callee: String,
    pub calls: u64,
}
