//! The error report on the recovery screen after a crash: what broke, on which view, in which build —
//! clipped, and with the secrets from Settings removed, so it can be pasted into an issue as it is.

use crate::datasource::redact;

/// Longest panic message kept in a report (a panic may quote a whole input).
const MAX_MESSAGE: usize = 4000;

/// The text a user copies from the recovery screen. `fragment` is the URL's `#…` part (the view's state),
/// `secrets` the values to remove (see `Datasources::secrets`).
pub fn crash_report(message: &str, fragment: &str, user_agent: &str, version: &str, secrets: &[String]) -> String {
    let message = clip(message.trim(), MAX_MESSAGE);
    let text = format!(
        "Trifocal {version} stopped after a bug.\n\nWhat happened:\n{message}\n\nView: {fragment}\nBrowser: {user_agent}\n",
        fragment = if fragment.is_empty() { "#/" } else { fragment },
    );
    redact(&text, secrets)
}

fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let end = s.floor_char_boundary(max);
    format!("{}… ({} bytes cut)", &s[..end], s.len() - end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasource::Datasources;

    #[test]
    fn the_report_names_the_bug_and_the_view_and_drops_secrets() {
        let ds = Datasources { bearer_token: "glsa_Zx81-secret".into(), tenant: "team-a".into(), ..Datasources::default() };
        let msg = "panicked at src/view/x.rs:10:5:\nindex out of bounds (header Bearer glsa_Zx81-secret)";
        let r = crash_report(msg, "#/metrics?q.A=up&token=glsa_Zx81-secret", "Chromium/156", "0.1.0", &ds.secrets());
        assert!(r.contains("Trifocal 0.1.0") && r.contains("index out of bounds") && r.contains("#/metrics?q.A=up"), "{r}");
        assert!(r.contains("Chromium/156"));
        assert!(!r.contains("glsa_Zx81-secret"), "{r}");
        assert!(r.contains("[redacted]"));
        assert!(crash_report("x", "", "", "0", &[]).contains("View: #/"));
    }

    #[test]
    fn a_huge_message_is_clipped_on_a_char_boundary() {
        let r = crash_report(&"é".repeat(10_000), "#/", "ua", "0", &[]);
        assert!(r.len() < MAX_MESSAGE + 200 && r.contains("bytes cut"), "{}", r.len());
    }
}
