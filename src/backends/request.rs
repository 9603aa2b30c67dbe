//! A backend request as a plain value: what to send, built by pure code, sent by `http/`.

/// HTTP method of a backend call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    /// Alertmanager expires a silence with DELETE.
    Delete,
}

/// A request relative to a datasource's base URL (e.g. `/api/prometheus`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    /// Path below the datasource base, starting with `/` (e.g. `/api/v1/query_range`).
    pub path: String,
    /// Query parameters, in order, not yet encoded.
    pub query: Vec<(String, String)>,
    /// Form-encoded body for POST (Prometheus accepts long queries this way).
    pub form: Option<Vec<(String, String)>>,
}

impl ApiRequest {
    pub fn get(path: impl Into<String>) -> Self {
        ApiRequest { method: Method::Get, path: path.into(), query: Vec::new(), form: None }
    }
    pub fn param(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.query.push((k.into(), v.into()));
        self
    }
    /// `base` + path + encoded query string. `base` may be empty, relative (`/api/loki`) or absolute.
    pub fn url(&self, base: &str) -> String {
        let mut url = String::with_capacity(base.len() + self.path.len() + 64);
        url.push_str(base.trim_end_matches('/'));
        url.push_str(&self.path);
        if !self.query.is_empty() {
            url.push('?');
            url.push_str(&encode_pairs(&self.query));
        }
        url
    }
}

/// `application/x-www-form-urlencoded` encoding of pairs (also used for query strings).
pub fn encode_pairs(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(k, &mut out);
        out.push('=');
        encode_component(v, &mut out);
    }
    out
}

/// Percent-encodes everything but unreserved characters (RFC 3986), so the result is safe in any URL part.
pub fn encode_component(s: &str, out: &mut String) {
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[(b >> 4) as usize]));
                out.push(char::from(b"0123456789ABCDEF"[(b & 15) as usize]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_joins_base_and_encodes_query() {
        let r = ApiRequest::get("/api/v1/query").param("query", "rate(x{a=\"b c\"}[5m])").param("time", "1.5");
        assert_eq!(
            r.url("/api/prometheus/"),
            "/api/prometheus/api/v1/query?query=rate%28x%7Ba%3D%22b%20c%22%7D%5B5m%5D%29&time=1.5"
        );
        assert_eq!(ApiRequest::get("/ready").url(""), "/ready");
    }
}
