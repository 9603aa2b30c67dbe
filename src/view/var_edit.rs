//! The variable editor's form (Grafana's dashboard settings → Variables): a variable as editable text
//! fields and back, with the checks that name what is wrong; adding, replacing, moving and removing
//! variables in a dashboard; the dashboard's JSON model applied in place.

use crate::dashboard::validate::check_variable_name;
use crate::dashboard::{check, parse_dashboard, AutoInterval, DatasourceKind, Dashboard, Variable, VariableKind};

/// The kinds the editor offers, as `(id, label)`.
pub const KINDS: [(&str, &str); 6] = [
    ("query", "Query"),
    ("custom", "Custom"),
    ("interval", "Interval"),
    ("textbox", "Text box"),
    ("constant", "Constant"),
    ("datasource", "Datasource"),
];

/// A variable as the editor's fields hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VarForm {
    pub name: String,
    pub label: String,
    /// One of `KINDS`' ids.
    pub kind: String,
    pub datasource: DatasourceKind,
    /// Query variables: `label_values(up, job)`, `label_values({app="x"}, pod)`, `label_names()`, …
    pub query: String,
    /// Query variables: `/pattern/flags` (slashes optional), the first group kept.
    pub regex: String,
    /// Custom and interval variables: the values, separated by commas.
    pub values: String,
    /// Text box and constant: the value.
    pub value: String,
    /// Interval variables: offer "auto", a step fitted to the window: the window in `auto_count` steps,
    /// at least `auto_min`.
    pub auto: bool,
    pub auto_count: String,
    pub auto_min: String,
    pub multi: bool,
    pub include_all: bool,
    /// What All stands for (e.g. `.*`); empty = every option.
    pub all_value: String,
    pub hidden: bool,
}

impl Default for VarForm {
    fn default() -> Self {
        VarForm {
            name: String::new(),
            label: String::new(),
            kind: "query".into(),
            datasource: DatasourceKind::Prometheus,
            query: String::new(),
            regex: String::new(),
            values: String::new(),
            value: String::new(),
            auto: false,
            auto_count: AutoInterval::default().count.to_string(),
            auto_min: AutoInterval::default().min,
            multi: false,
            include_all: false,
            all_value: String::new(),
            hidden: false,
        }
    }
}

/// Splits a comma-separated list (Grafana's custom variable syntax; `\,` keeps a comma in a value).
pub fn split_values(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                cur.push(',');
                chars.next();
            }
            ',' => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect()
}

fn join_values(values: &[String]) -> String {
    values.iter().map(|v| v.replace(',', "\\,")).collect::<Vec<_>>().join(", ")
}

impl VarForm {
    /// The "auto" option of an interval variable, `None` when off; errors name the field.
    fn auto_interval(&self) -> Result<Option<AutoInterval>, String> {
        if !self.auto {
            return Ok(None);
        }
        let max = crate::dashboard::validate::MAX_AUTO_COUNT;
        let count = self.auto_count.trim().parse::<u32>().ok().filter(|c| (1..=max).contains(&u64::from(*c)));
        let Some(count) = count else { return Err(format!("Auto steps: a whole number from 1 to {max}.")) };
        let min = self.auto_min.trim();
        if crate::time::duration::parse_duration(min).is_none() {
            return Err(format!("Auto minimum: \"{min}\" is not a duration (e.g. 10s, 1m)."));
        }
        Ok(Some(AutoInterval { count, min: min.to_string() }))
    }

    pub fn from_variable(v: &Variable) -> VarForm {
        let mut f = VarForm {
            name: v.name.clone(),
            label: v.label.clone(),
            kind: v.kind.id().to_string(),
            multi: v.multi,
            include_all: v.include_all,
            all_value: v.all_value.clone().unwrap_or_default(),
            hidden: v.hidden,
            ..VarForm::default()
        };
        match &v.kind {
            VariableKind::Query { datasource, query, regex } => {
                f.datasource = *datasource;
                f.query = query.clone();
                f.regex = regex.clone();
            }
            VariableKind::Datasource { datasource, regex } => {
                f.datasource = *datasource;
                f.regex = regex.clone();
            }
            VariableKind::Custom { values } => f.values = join_values(values),
            VariableKind::Interval { values, auto } => {
                f.values = join_values(values);
                if let Some(a) = auto {
                    f.auto = true;
                    f.auto_count = a.count.to_string();
                    f.auto_min = a.min.clone();
                }
            }
            VariableKind::Constant { value } | VariableKind::TextBox { value } => f.value = value.clone(),
        }
        f
    }

    /// The variable these fields describe. `was` is the variable being edited (its selection is kept when
    /// still possible); `others` the dashboard's other variables (names must differ). Errors name the field.
    pub fn to_variable(&self, was: Option<&Variable>, others: &[Variable]) -> Result<Variable, String> {
        let name = self.name.trim().trim_start_matches('$').to_string();
        check_variable_name(&name).map_err(|e| format!("Name: {e}."))?;
        if others.iter().any(|o| o.name == name) {
            return Err(format!("Name: there is already a variable ${name}."));
        }
        let kind = match self.kind.as_str() {
            "query" => {
                let query = self.query.trim().to_string();
                if query.is_empty() {
                    return Err("Query: a query variable needs a query, e.g. label_values(up, job).".into());
                }
                let regex = self.regex.trim().to_string();
                VariableKind::Query { datasource: self.datasource, query, regex }
            }
            "custom" | "interval" => {
                let values = split_values(&self.values);
                if values.is_empty() {
                    return Err("Values: give at least one value (separated by commas).".into());
                }
                if self.kind == "interval" {
                    if let Some(bad) = values.iter().find(|v| crate::time::duration::parse_duration(v).is_none()) {
                        return Err(format!("Values: \"{bad}\" is not a duration (e.g. 1m, 5m, 1h)."));
                    }
                    VariableKind::Interval { values, auto: self.auto_interval()? }
                } else {
                    VariableKind::Custom { values }
                }
            }
            "datasource" => VariableKind::Datasource { datasource: self.datasource, regex: self.regex.trim().to_string() },
            "textbox" => VariableKind::TextBox { value: self.value.clone() },
            "constant" => VariableKind::Constant { value: self.value.clone() },
            other => return Err(format!("Type: \"{other}\" is not a variable type.")),
        };
        // Multi-value and All only where there is a list to choose from.
        let listed = matches!(kind, VariableKind::Query { .. } | VariableKind::Custom { .. } | VariableKind::Interval { .. });
        let multi = self.multi && listed && !matches!(kind, VariableKind::Interval { .. });
        let include_all = self.include_all && listed;
        let mut current = was.filter(|w| w.kind.id() == kind.id()).map(|w| w.current.clone()).unwrap_or_default();
        let options = kind.static_options();
        if matches!(kind, VariableKind::Custom { .. } | VariableKind::Interval { .. }) {
            current.retain(|c| options.contains(c) || (include_all && c == crate::dashboard::variables::ALL_VALUE));
        }
        if !include_all {
            current.retain(|c| c != crate::dashboard::variables::ALL_VALUE);
        }
        if !multi && current.len() > 1 {
            current.truncate(1);
        }
        if let VariableKind::Constant { value } | VariableKind::TextBox { value } = &kind {
            current = vec![value.clone()];
        }
        let all_value = self.all_value.trim();
        Ok(Variable {
            name,
            label: self.label.trim().to_string(),
            kind,
            current,
            multi,
            include_all,
            all_value: (include_all && !all_value.is_empty()).then(|| all_value.to_string()),
            hidden: self.hidden,
        })
    }
}

/// Puts the variable from `form` in `d`: in place of variable `index`, or at the end. The whole dashboard is
/// checked before it is changed; on error `d` is left as it was.
pub fn apply_form(d: &mut Dashboard, index: Option<usize>, form: &VarForm) -> Result<(), String> {
    let was = index.and_then(|i| d.variables.get(i));
    if index.is_some() && was.is_none() {
        return Err("That variable is no longer in the dashboard.".into());
    }
    let others: Vec<Variable> = d.variables.iter().enumerate().filter(|(i, _)| Some(*i) != index).map(|(_, v)| v.clone()).collect();
    let v = form.to_variable(was, &others)?;
    let mut next = d.clone();
    match index {
        Some(i) => next.variables[i] = v,
        None => next.variables.push(v),
    }
    check(&next)?;
    *d = next;
    Ok(())
}

/// Moves variable `index` one place up (`up`) or down; false when it cannot move. The order matters: a
/// variable's query sees the values of those before it.
pub fn move_variable(d: &mut Dashboard, index: usize, up: bool) -> bool {
    let n = d.variables.len();
    let to = if up { index.checked_sub(1) } else { Some(index + 1).filter(|t| *t < n) };
    match to {
        Some(t) if index < n => {
            d.variables.swap(index, t);
            true
        }
        _ => false,
    }
}

/// Removes variable `index`; false when there is none.
pub fn remove_variable(d: &mut Dashboard, index: usize) -> bool {
    if index < d.variables.len() {
        d.variables.remove(index);
        true
    } else {
        false
    }
}

/// The names of the variables (before it or not) that variable `index`'s query uses but that come after
/// it, so it would not see their values: Grafana users expect an order warning.
pub fn used_before_defined(d: &Dashboard, index: usize) -> Vec<String> {
    let Some(VariableKind::Query { query, .. }) = d.variables.get(index).map(|v| &v.kind) else { return Vec::new() };
    d.variables[index + 1..]
        .iter()
        .filter(|v| {
            let n = &v.name;
            query.contains(&format!("${{{n}}}")) || query.contains(&format!("${{{n}:")) || mentions(query, n)
        })
        .map(|v| v.name.clone())
        .collect()
}

/// True when `$name` occurs in `text` as a whole name (not `$name2`).
fn mentions(text: &str, name: &str) -> bool {
    let pat = format!("${name}");
    text.match_indices(&pat).any(|(i, _)| !text[i + pat.len()..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// Reads an edited JSON model of dashboard `d`: the same checked reader as a file, and the same id (a copy
/// under another id is made by export and import). Returns the dashboard and the reader's notices.
pub fn apply_json_model(d: &Dashboard, text: &str) -> Result<(Dashboard, Vec<String>), String> {
    let (next, notices) = parse_dashboard(text)?;
    if next.uid != d.uid {
        return Err(format!(
            "The id (metadata.name) must stay \"{}\": to make a copy under another id, export the JSON and import it.",
            d.uid
        ));
    }
    Ok((next, notices))
}

#[cfg(test)]
#[path = "var_edit_tests.rs"]
mod tests;
