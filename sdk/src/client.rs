//! The client: configuration, credentials and transport behind an `Arc`.
//!
//! STUB: the runtime (issue 4) replaces this with the real implementation. The seam that
//! generated code relies on is: `Client: Clone + Send + Sync`,
//! `Client::region_id(&self) -> Option<&str>` and
//! `Client::invoke(&self, &OperationMeta, Params) -> Result<RawResponse, Error>`.

use std::sync::Arc;

use crate::error::{ConfigError, Error, SdkError};
use crate::operation::{OperationMeta, RawResponse};
use crate::params::Params;

/// A VPN Gateway API client. Cheap to clone; clones share configuration and connections.
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    region_id: Option<String>,
}

impl Client {
    /// The region used when a call does not set `RegionId`.
    pub fn region_id(&self) -> Option<&str> {
        self.inner.region_id.as_deref()
    }

    /// Sends one operation: fills `RegionId` and the idempotency token when unset, signs,
    /// sends with retries, and returns the decoded JSON answer or the error.
    #[doc(hidden)]
    pub async fn invoke(&self, op: &OperationMeta, params: Params) -> Result<RawResponse, Error> {
        let _ = (op, params);
        Err(SdkError::Config(ConfigError::new(
            "runtime not implemented yet",
        )))
    }
}
