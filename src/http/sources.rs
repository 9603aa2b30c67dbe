//! Tests one named datasource (Settings' "Test"): asks it as its kind's probe does and says what answered.

use crate::datasource::sources::Source;
use crate::datasource::{Datasources, TraceBackend};
use crate::dashboard::DatasourceKind;

use super::{logs, metrics, traces};

/// "connected: Prometheus 2.42.0", or why the datasource did not answer.
pub async fn test(ds: &Datasources, s: &Source) -> Result<String, String> {
    let signal = s.kind.signal();
    let (d, _) = ds.with_source(signal, &s.uid)?;
    let url = s.url.trim();
    let silent = || format!("no answer from {} at {url}: check the URL (a path on this site needs a proxy location), the auth and the server", s.kind.label());
    match signal {
        DatasourceKind::Prometheus => match metrics::probe(&d).await {
            (true, Some(v)) => Ok(format!("connected: Prometheus {v}")),
            (true, None) => Ok("connected: a Prometheus query API (no version given)".into()),
            _ => Err(silent()),
        },
        DatasourceKind::Loki => logs::probe(&d).await.then(|| format!("connected: {}", s.kind.label())).ok_or_else(silent),
        DatasourceKind::Tempo => match traces::detect(&d).await {
            Some(TraceBackend::Jaeger) => Ok("connected: Jaeger".into()),
            Some(_) => Ok("connected: Tempo".into()),
            None => Err(silent()),
        },
    }
}
