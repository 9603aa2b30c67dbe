//! Parts of the alerts page: the alerting rules list and rules health, Alertmanager's groups and silences with
//! the silence form.

pub mod rules_list;
pub mod silence;
