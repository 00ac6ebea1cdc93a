//! [`Unhandled`]: the payload of every operation error enum's catch-all variant.

use std::fmt;

use crate::error::ServiceError;

/// A service error whose code the operation does not document (the service-wide codes
/// such as `Throttling`, and codes newer than this crate).
///
/// It cannot be built outside the crate and has no public fields, on purpose: a later
/// version of the crate may give a code its own variant, and code that matched
/// `Unhandled` with a particular code in mind would silently stop matching. Ask the
/// error enum instead, which keeps working across versions:
///
/// ```
/// # use alibabacloud_vpn::operation::delete_vpn_gateway::DeleteVpnGatewayError;
/// fn is_throttled(error: &DeleteVpnGatewayError) -> bool {
///     error.code() == "Throttling"
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Unhandled {
    source: ServiceError,
}

impl Unhandled {
    #[doc(hidden)]
    pub fn new(source: ServiceError) -> Self {
        Self { source }
    }

    /// The service error (code, message, request id, status, attempts).
    pub fn service_error(&self) -> &ServiceError {
        &self.source
    }

    /// The service error, by value.
    pub fn into_service_error(self) -> ServiceError {
        self.source
    }
}

impl fmt::Debug for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.source, f)
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}
