//! Demo bodies: the recorded responses, fetched from `demo/` next to the app when no backend answers (kept
//! out of the wasm so live users do not download them).

use crate::backends::{ApiError, ApiRequest};
use crate::datasource::Limits;

use super::{send, Abort};

/// The text of a recorded file (`demo::FILES`), relative to the page, so a sub-path deployment works.
pub async fn body(file: &str, abort: &Abort) -> Result<String, ApiError> {
    let r = send(".", &ApiRequest::get(format!("/demo/{file}")), &[], abort, Limits::default().within(30)).await?;
    if r.status == 200 {
        Ok(r.body)
    } else {
        Err(ApiError::from_body(r.status, &r.content_type, &r.body))
    }
}

/// Whether a trace ID appears in the recorded answers that carry trace IDs (demo log lines and exemplars):
/// a trace link from demo data leads to an ID no live backend has. A file that cannot be read says no.
pub async fn mentions_trace(id_hex: &str, abort: &Abort) -> bool {
    for file in crate::demo::FILES_WITH_TRACE_IDS {
        if let Ok(b) = body(file, abort).await {
            if crate::demo::mentions_trace(&b, id_hex) {
                return true;
            }
        }
    }
    false
}
