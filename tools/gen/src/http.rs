//! Minimal HTTP/1.1 over std::net: a client (one request per connection) and a tiny threaded server.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::Duration;

/// Largest response or request head this code reads.
const MAX_BODY: usize = 64 * 1024 * 1024;
const MAX_HEAD: usize = 16 * 1024;

/// A parsed `http://host[:port][/base][?query]` address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url {
    pub host: String,
    pub port: u16,
    /// Base path without a trailing slash ("" for the root), with the query string if there is one.
    pub base: String,
}

impl Url {
    /// The value of the Host header.
    pub fn host_header(&self) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        if self.port == 80 {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }

    /// The request target for `path` (which starts with '/', or is "" for the URL itself) under the base path.
    pub fn target(&self, path: &str) -> String {
        let t = format!("{}{}", self.base, path);
        if t.starts_with('/') { t } else { format!("/{t}") }
    }
}

impl std::fmt::Display for Url {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "http://{}{}", self.host_header(), self.base)
    }
}

pub fn parse_url(s: &str) -> Result<Url, String> {
    let s = s.trim();
    let rest = if let Some(r) = s.strip_prefix("http://") {
        r
    } else if s.starts_with("https://") {
        return Err(format!("{s}: https is not supported (use plain http on the loopback)"));
    } else {
        return Err(format!("{s}: expected an http:// URL"));
    };
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    if authority.is_empty() {
        return Err(format!("{s}: no host"));
    }
    let (host, port) = if let Some(r) = authority.strip_prefix('[') {
        let Some((h, after)) = r.split_once(']') else { return Err(format!("{s}: unclosed '[' in host")) };
        let port = match after.strip_prefix(':') {
            Some(p) => p.parse::<u16>().map_err(|_| format!("{s}: bad port {p:?}"))?,
            None if after.is_empty() => 80,
            None => return Err(format!("{s}: unexpected {after:?} after host")),
        };
        (h.to_string(), port)
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p.parse::<u16>().map_err(|_| format!("{s}: bad port {p:?}"))?),
            None => (authority.to_string(), 80),
        }
    };
    if host.is_empty() {
        return Err(format!("{s}: no host"));
    }
    let base = match path.split_once('?') {
        Some((p, q)) => format!("{}?{q}", p.trim_end_matches('/')),
        None => path.trim_end_matches('/').to_string(),
    };
    Ok(Url { host, port, base })
}

/// A response as read from the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    #[allow(dead_code)] // used by the tests; part of a usable response type
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The start of the body as text, for error messages.
    pub fn body_snippet(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let mut s: String = text.chars().take(300).collect();
        if text.chars().nth(300).is_some() {
            s.push('…');
        }
        s.trim().to_string()
    }
}

/// The bytes of a request (HTTP/1.1, `Connection: close`).
pub fn format_request(method: &str, url: &Url, path: &str, content_type: Option<&str>, body: &[u8]) -> Vec<u8> {
    let mut head = format!("{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: trifocal-gen/{}\r\nAccept: */*\r\nConnection: close\r\n", url.target(path), url.host_header(), env!("CARGO_PKG_VERSION"));
    if let Some(ct) = content_type {
        head.push_str(&format!("Content-Type: {ct}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

fn find_head_end(raw: &[u8]) -> Option<usize> {
    raw.windows(4).position(|w| w == b"\r\n\r\n")
}

/// Parses `HTTP/1.1 200 OK` into (200, "OK").
pub fn parse_status_line(line: &str) -> Result<(u16, String), String> {
    let mut parts = line.trim_end().splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/") {
        return Err(format!("not an HTTP status line: {:?}", line.chars().take(80).collect::<String>()));
    }
    let code = parts.next().unwrap_or_default();
    let status = code.parse::<u16>().ok().filter(|c| (100..=999).contains(c)).ok_or_else(|| format!("bad status code {code:?}"))?;
    Ok((status, parts.next().unwrap_or_default().to_string()))
}

fn parse_headers<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else { return Err("truncated chunked body".into()) };
        let size_line = String::from_utf8_lossy(data.get(..eol).unwrap_or_default()).to_string();
        let size_hex = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| format!("bad chunk size {size_hex:?}"))?;
        data = data.get(eol + 2..).unwrap_or_default();
        if size == 0 {
            return Ok(out);
        }
        let chunk = data.get(..size).ok_or("truncated chunk")?;
        out.extend_from_slice(chunk);
        data = data.get(size.saturating_add(2)..).unwrap_or_default();
    }
}

/// Parses a complete response (read until the server closed the connection).
pub fn parse_response(raw: &[u8]) -> Result<Response, String> {
    let end = find_head_end(raw).ok_or("incomplete response head")?;
    let head = String::from_utf8_lossy(raw.get(..end).unwrap_or_default()).to_string();
    let mut lines = head.split("\r\n");
    let (status, reason) = parse_status_line(lines.next().unwrap_or_default())?;
    let headers = parse_headers(lines);
    let rest = raw.get(end + 4..).unwrap_or_default();
    let find = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
    let body = if find("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        dechunk(rest)?
    } else if let Some(len) = find("content-length") {
        let len: usize = len.parse().map_err(|_| format!("bad Content-Length {len:?}"))?;
        rest.get(..len).ok_or_else(|| format!("body shorter than Content-Length {len}"))?.to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Response { status, reason, headers, body })
}

/// Sends one request and reads the whole response. Any network problem is an `Err` with a message.
pub fn request(method: &str, url: &Url, path: &str, content_type: Option<&str>, body: &[u8], timeout: Duration) -> Result<Response, String> {
    let addr = (url.host.as_str(), url.port)
        .to_socket_addrs()
        .map_err(|e| format!("{url}: cannot resolve: {e}"))?
        .next()
        .ok_or_else(|| format!("{url}: no address"))?;
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).map_err(|e| format!("{url}: cannot connect: {e}"))?;
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let _ = stream.set_nodelay(true);
    stream.write_all(&format_request(method, url, path, content_type, body)).map_err(|e| format!("{url}{path}: write failed: {e}"))?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                raw.extend_from_slice(buf.get(..n).unwrap_or_default());
                if raw.len() > MAX_BODY {
                    return Err(format!("{url}{path}: response larger than {MAX_BODY} bytes"));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                // A server that answered and then reset the connection still gave us a response.
                if find_head_end(&raw).is_some() {
                    break;
                }
                return Err(format!("{url}{path}: read failed: {e}"));
            }
        }
    }
    parse_response(&raw).map_err(|e| format!("{url}{path}: {e}"))
}

/// POSTs a body and insists on a 2xx answer.
pub fn post(url: &Url, path: &str, content_type: &str, body: &[u8]) -> Result<Response, String> {
    let r = request("POST", url, path, Some(content_type), body, Duration::from_secs(60))?;
    if !r.is_success() {
        return Err(format!("{url}{path}: HTTP {} {}: {}", r.status, r.reason, r.body_snippet()));
    }
    Ok(r)
}

/// A request received by the server (head only; bodies are not read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

pub fn parse_request_head(raw: &[u8]) -> Result<Request, String> {
    let end = find_head_end(raw).ok_or("incomplete request head")?;
    let head = String::from_utf8_lossy(raw.get(..end).unwrap_or_default()).to_string();
    let mut lines = head.split("\r\n");
    let first = lines.next().unwrap_or_default();
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(format!("bad request line {first:?}"));
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || !target.starts_with('/') {
        return Err(format!("bad request line {first:?}"));
    }
    let path = target.split('?').next().unwrap_or(target).to_string();
    Ok(Request { method: method.to_string(), path, headers: parse_headers(lines) })
}

/// What a handler answers.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub body: Vec<u8>,
}

pub fn format_response(reply: &Reply, head_only: bool) -> Vec<u8> {
    let reason = match reply.status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    };
    let mut out = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    )
    .into_bytes();
    if !head_only {
        out.extend_from_slice(&reply.body);
    }
    out
}

pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

fn handle(mut stream: TcpStream, handler: Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(10)));
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while find_head_end(&raw).is_none() && raw.len() < MAX_HEAD {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => raw.extend_from_slice(buf.get(..n).unwrap_or_default()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        }
    }
    let (reply, head_only) = match parse_request_head(&raw) {
        Ok(req) => (handler(&req), req.method == "HEAD"),
        Err(e) => (Reply { status: 400, content_type: "text/plain; charset=utf-8".into(), body: e.into_bytes() }, false),
    };
    let _ = stream.write_all(&format_response(&reply, head_only));
    let _ = stream.flush();
}

/// Accepts connections forever, one thread per connection, one request per connection.
pub fn serve(listener: TcpListener, handler: Handler) {
    for conn in listener.incoming() {
        match conn {
            Ok(stream) => {
                let h = handler.clone();
                if let Err(e) = std::thread::Builder::new().name("http-conn".into()).spawn(move || handle(stream, h)) {
                    eprintln!("trifocal-gen: cannot start a connection thread: {e}");
                }
            }
            Err(e) => {
                eprintln!("trifocal-gen: accept failed: {e}");
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_parse_with_ports_bases_and_errors() {
        let u = parse_url("http://127.0.0.1:24318").expect("url");
        assert_eq!(u, Url { host: "127.0.0.1".into(), port: 24318, base: String::new() });
        assert_eq!(u.target("/v1/traces"), "/v1/traces");
        let u = parse_url("http://otel.local/prefix/").expect("url");
        assert_eq!((u.port, u.base.as_str(), u.host_header()), (80, "/prefix", "otel.local".to_string()));
        assert_eq!(u.target("/v1/traces"), "/prefix/v1/traces");
        let u = parse_url("http://[::1]:4318").expect("url");
        assert_eq!((u.host.as_str(), u.host_header()), ("::1", "[::1]:4318".to_string()));
        assert!(parse_url("https://x").unwrap_err().contains("https"));
        assert!(parse_url("127.0.0.1:4318").is_err());
        assert!(parse_url("http://host:99999").unwrap_err().contains("port"));
        assert!(parse_url("http://").is_err());
        assert!(parse_url("http://[::1").is_err());
        // A full endpoint with a query string is kept whole, and "" targets exactly that URL.
        let u = parse_url("http://127.0.0.1:9428/insert/loki/api/v1/push?_msg_field=msg").expect("url");
        assert_eq!((u.port, u.target("")), (9428, "/insert/loki/api/v1/push?_msg_field=msg".to_string()));
        let u = parse_url("http://127.0.0.1:9428?a=b").expect("url");
        assert_eq!((u.port, u.target("")), (9428, "/?a=b".to_string()));
        assert_eq!(parse_url("http://127.0.0.1:9428/").expect("url").target(""), "/");
    }

    #[test]
    fn requests_are_formatted_as_http_1_1() {
        let u = parse_url("http://127.0.0.1:24318").expect("url");
        let r = String::from_utf8(format_request("POST", &u, "/v1/traces", Some("application/json"), b"{}")).expect("utf8");
        assert!(r.starts_with("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1:24318\r\n"), "{r}");
        assert!(r.contains("\r\nContent-Type: application/json\r\n"));
        assert!(r.contains("\r\nContent-Length: 2\r\n"));
        assert!(r.contains("\r\nConnection: close\r\n"));
        assert!(r.ends_with("\r\n\r\n{}"));
        let g = String::from_utf8(format_request("GET", &u, "/ready", None, b"")).expect("utf8");
        assert!(!g.contains("Content-Length") && g.ends_with("\r\n\r\n"));
    }

    #[test]
    fn responses_and_status_lines_parse() {
        assert_eq!(parse_status_line("HTTP/1.1 204 No Content"), Ok((204, "No Content".into())));
        assert_eq!(parse_status_line("HTTP/1.0 500"), Ok((500, String::new())));
        assert!(parse_status_line("SSH-2.0-OpenSSH").is_err());
        assert!(parse_status_line("HTTP/1.1 abc OK").is_err());
        let r = parse_response(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhello, extra").expect("response");
        assert_eq!((r.status, r.body.as_slice(), r.header("x-a")), (400, &b"hello"[..], Some("b")));
        assert!(!r.is_success());
        let c = parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n").expect("chunked");
        assert_eq!(c.body, b"hello world");
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc").is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\n").is_err());
        let e = parse_response(b"HTTP/1.1 200 OK\r\n\r\nto the end").expect("eof-delimited");
        assert_eq!(e.body, b"to the end");
    }

    #[test]
    fn request_heads_parse() {
        let r = parse_request_head(b"GET /metrics?x=1 HTTP/1.1\r\nAccept: application/openmetrics-text\r\n\r\n").expect("head");
        assert_eq!((r.method.as_str(), r.path.as_str()), ("GET", "/metrics"));
        assert_eq!(r.headers[0].0, "Accept");
        assert!(parse_request_head(b"GET\r\n\r\n").is_err());
        assert!(parse_request_head(b"GET metrics HTTP/1.1\r\n\r\n").is_err());
        assert!(parse_request_head(b"GET / HTTP/1.1\r\n").is_err());
    }

    #[test]
    fn client_and_server_talk_over_loopback() {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let handler: Handler = Arc::new(|req: &Request| Reply {
            status: if req.path == "/hello" { 200 } else { 404 },
            content_type: "text/plain".into(),
            body: format!("{} {}", req.method, req.path).into_bytes(),
        });
        std::thread::spawn(move || serve(listener, handler));
        let u = parse_url(&format!("http://127.0.0.1:{port}")).expect("url");
        let r = request("GET", &u, "/hello", None, b"", Duration::from_secs(5)).expect("response");
        assert_eq!((r.status, r.body.as_slice()), (200, &b"GET /hello"[..]));
        assert_eq!(r.header("content-type"), Some("text/plain"));
        let e = post(&u, "/nope", "application/json", b"{}").unwrap_err();
        assert!(e.contains("404"), "{e}");
        // Nothing listens on a just-closed port: an error value, not a panic.
        let closed = TcpListener::bind("127.0.0.1:0").expect("bind");
        let cport = closed.local_addr().expect("addr").port();
        drop(closed);
        let u2 = parse_url(&format!("http://127.0.0.1:{cport}")).expect("url");
        assert!(request("GET", &u2, "/", None, b"", Duration::from_secs(2)).is_err());
    }
}
