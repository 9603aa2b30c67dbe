//! The one error type every backend call reports, with the backend's own message kept for the user.

use std::fmt;

/// Why a backend call failed. Each variant renders as a sentence a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never got an HTTP answer (server down, connection refused, CORS, DNS).
    Network(String),
    /// No answer within the time limit.
    Timeout { seconds: u32 },
    /// The user or a newer request cancelled it.
    Aborted,
    /// The server answered with an error status and said why (Prometheus `error`, Loki/Tempo plain text).
    Backend { status: u16, message: String },
    /// An HTML page came back where JSON was expected (a proxy's 502/504 page, a login page, index.html).
    Html { status: u16, title: String },
    /// The body was not the JSON we expect.
    InvalidJson(String),
    /// The body was bigger than the limit (`bytes` is its announced size, or 0 when it was streamed
    /// without one and reading stopped at the limit).
    TooLarge { bytes: u64, limit: u64 },
    /// Nothing found (trace ID unknown).
    NotFound(String),
    /// The datasource cannot answer this kind of query (the sentence says which and why).
    Unsupported(String),
}

impl ApiError {
    /// Classifies a non-JSON or error body by status and content: the backend's own text where it sent one.
    pub fn from_body(status: u16, content_type: &str, body: &str) -> ApiError {
        let trimmed = body.trim_start();
        let looks_html = content_type.contains("html")
            || trimmed.starts_with("<!DOCTYPE")
            || trimmed.starts_with("<!doctype")
            || trimmed.starts_with("<html");
        if looks_html {
            return ApiError::Html { status, title: html_title(body).unwrap_or_default() };
        }
        if status == 404 && !trimmed.is_empty() && trimmed.len() < 300 && trimmed.to_ascii_lowercase().contains("not found") {
            return ApiError::NotFound(trimmed.trim().to_string());
        }
        let message = json_error_message(trimmed).unwrap_or_else(|| trimmed.trim().to_string());
        let message = if message.is_empty() { "the answer was empty".to_string() } else { clip(&message, 2000) };
        ApiError::Backend { status, message }
    }
}

/// serde_json's message for a body that did not parse, clipped so an odd body (a 10,000-character unknown value
/// quoted in the message) cannot flood the page; the line and column are kept.
pub fn json_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    if full.chars().count() <= 300 {
        return full;
    }
    let line = format!(" at line {} column {}", e.line(), e.column());
    let msg = full.strip_suffix(&line).unwrap_or(&full);
    format!("{}{line}", clip(msg, 200))
}

/// `{"status":"error","error":"..."}` (Prometheus) or `{"message":"..."}`; None when not such JSON.
fn json_error_message(body: &str) -> Option<String> {
    // Read without serde: an error answer of a probe must not bring a JSON deserializer into the first download.
    let v = super::json_peek::parse(body).ok()?;
    let msg = v.get("error").or_else(|| v.get("message"))?.as_str()?.trim();
    if msg.is_empty() {
        return None;
    }
    let kind = v.get("errorType").and_then(|k| k.as_str());
    Some(match kind {
        Some(k) if !k.is_empty() => format!("{k}: {msg}"),
        _ => msg.to_string(),
    })
}

fn html_title(body: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let start = lower.find("<title>")? + "<title>".len();
    let end = start + lower[start..].find("</title>")?;
    Some(clip(body.get(start..end)?.trim(), 200))
}

fn clip(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    format!("{}…", &s[..s.floor_char_boundary(max)])
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Network(m) => write!(f, "Could not reach the server ({m}). Is it running, and is the proxy path right?"),
            ApiError::Timeout { seconds } => write!(f, "No answer within {seconds} s. Narrow the query or the time range, then retry."),
            ApiError::Aborted => write!(f, "Cancelled."),
            ApiError::Backend { status, message } => write!(f, "The server answered {status}: {message}"),
            ApiError::Html { status, title } if title.is_empty() => {
                write!(f, "Got an HTML page (HTTP {status}) instead of data: a proxy or the wrong URL answered.")
            }
            ApiError::Html { status, title } => {
                write!(f, "Got an HTML page (HTTP {status}, \"{title}\") instead of data: a proxy or the wrong URL answered.")
            }
            ApiError::InvalidJson(m) => write!(f, "The answer was not valid data: {m}"),
            ApiError::TooLarge { bytes, limit } if *bytes > *limit => write!(
                f,
                "The answer is too large ({} MB, limit {} MB). Narrow the query or the time range, or raise the limit under Settings.",
                bytes.div_ceil(1_000_000),
                limit / 1_000_000
            ),
            // Size unknown in advance (no Content-Length): reading stopped at the limit.
            ApiError::TooLarge { limit, .. } => write!(
                f,
                "The answer is too large (over the {} MB limit; reading stopped there). Narrow the query or the time range, or raise the limit under Settings.",
                limit / 1_000_000
            ),
            ApiError::NotFound(m) => write!(f, "Not found: {m}"),
            ApiError::Unsupported(m) => write!(f, "{m}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_bodies() {
        let e = ApiError::from_body(502, "text/html", "<html><head><title>502 Bad Gateway</title></head></html>");
        assert_eq!(e, ApiError::Html { status: 502, title: "502 Bad Gateway".into() });
        let e = ApiError::from_body(400, "application/json", r#"{"status":"error","errorType":"bad_data","error":"parse error"}"#);
        assert_eq!(e, ApiError::Backend { status: 400, message: "bad_data: parse error".into() });
        let e = ApiError::from_body(400, "text/plain", "parse error at line 1, col 5: syntax error\n");
        assert_eq!(e, ApiError::Backend { status: 400, message: "parse error at line 1, col 5: syntax error".into() });
        assert!(e.to_string().contains("syntax error"));
    }

    #[test]
    fn json_errors_are_clipped_but_keep_the_position() {
        let body = format!(r#"{{"resultType":"matrix{}"}}"#, "[".repeat(10_000));
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Kind {
            #[serde(rename = "matrix")]
            Matrix,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code)]
        struct Doc {
            result_type: Kind,
        }
        let e = serde_json::from_str::<Doc>(&body).unwrap_err();
        let msg = json_error(&e);
        assert!(msg.len() < 300 && msg.contains('…') && msg.ends_with(&format!("at line 1 column {}", e.column())), "{msg}");
        let short = serde_json::from_str::<Doc>("{").unwrap_err();
        assert_eq!(json_error(&short), short.to_string());
    }

    #[test]
    fn too_large_says_the_size_when_known() {
        let known = ApiError::TooLarge { bytes: 52_428_800, limit: 40_000_000 }.to_string();
        assert!(known.contains("(53 MB, limit 40 MB)"), "{known}");
        let streamed = ApiError::TooLarge { bytes: 0, limit: 40_000_000 }.to_string();
        assert!(streamed.contains("over the 40 MB limit"), "{streamed}");
    }

    #[test]
    fn empty_and_huge_messages() {
        // Found by tests/fuzz_parsers.rs: an empty body or `"error":""` gave "The server answered 500: ", and
        // a JSON error message was not clipped like a plain-text one.
        assert_eq!(ApiError::from_body(500, "", ""), ApiError::Backend { status: 500, message: "the answer was empty".into() });
        assert_eq!(ApiError::from_body(500, "text/plain", " \n"), ApiError::Backend { status: 500, message: "the answer was empty".into() });
        let e = ApiError::from_body(500, "application/json", r#"{"status":"error","error":" "}"#);
        assert_eq!(e, ApiError::Backend { status: 500, message: r#"{"status":"error","error":" "}"#.into() });
        let body = format!(r#"{{"status":"error","errorType":"execution","error":"{}"}}"#, "é".repeat(50_000));
        let ApiError::Backend { message, .. } = ApiError::from_body(422, "application/json", &body) else { panic!() };
        assert!(message.starts_with("execution: éé") && message.ends_with('…') && message.len() <= 2000 + 3, "{}", message.len());
    }
}
