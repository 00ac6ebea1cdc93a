//! Retry classification: the one function that says, for every way an attempt can fail,
//! whether asking again can help ([`classify`]).

use super::RetryClass;
use crate::error::SdkError;
use crate::orchestrator::AttemptFailure;
use crate::transport::HttpErrorKind;

/// The error codes that mean "the service is busy, ask again later" without throttling.
const TRANSIENT_CODES: &[&str] = &["ServiceUnavailable", "InternalError"];

/// The error codes that mean the caller is being throttled.
pub(crate) const THROTTLING_CODES: &[&str] = &["Throttling", "Throttling.User", "Throttling.Api"];

/// The HTTP statuses that may change by asking again (a server or gateway in trouble).
/// `501 Not Implemented`, `505` and the other 5xx statuses will not.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Whether `code` is a throttling code.
pub(crate) fn is_throttling_code(code: &str) -> bool {
    THROTTLING_CODES.contains(&code)
}

/// Whether an error answer with this code and status may succeed when asked again,
/// throttling aside.
pub(crate) fn is_transient(code: &str, http_status: u16) -> bool {
    if http_status == 501 {
        return false;
    }
    TRANSIENT_CODES.contains(&code) || TRANSIENT_STATUSES.contains(&http_status)
}

/// How one failed attempt relates to retrying. Every failure the attempt loop sees goes
/// through here, and nothing else decides it.
pub(crate) fn classify(failure: &AttemptFailure) -> RetryClass {
    match failure {
        AttemptFailure::Credentials(_) | AttemptFailure::OperationTimeout => RetryClass::Never,
        AttemptFailure::AttemptTimeout(_) => RetryClass::Ambiguous,
        AttemptFailure::Http(e, _) => match e.kind {
            HttpErrorKind::Connect | HttpErrorKind::ConnectTimeout => RetryClass::NotSent,
            HttpErrorKind::Invalid | HttpErrorKind::BodyTooLarge => RetryClass::Never,
            _ => RetryClass::Ambiguous,
        },
        AttemptFailure::Answer(SdkError::Service(s)) if is_throttling_code(&s.code) => {
            RetryClass::Throttled
        }
        AttemptFailure::Answer(SdkError::Service(s)) if is_transient(&s.code, s.http_status) => {
            RetryClass::Ambiguous
        }
        // An answer that is not the documented JSON, from a server in trouble.
        AttemptFailure::Answer(SdkError::Decode(d))
            if TRANSIENT_STATUSES.contains(&d.http_status) =>
        {
            RetryClass::Ambiguous
        }
        AttemptFailure::Answer(_) => RetryClass::Never,
    }
}

/// Whether a failure of this class, once retried, costs the quota the timeout price.
pub(crate) fn is_timeout(failure: &AttemptFailure) -> bool {
    match failure {
        AttemptFailure::AttemptTimeout(_) => true,
        AttemptFailure::Http(e, _) => {
            matches!(
                e.kind,
                HttpErrorKind::Timeout | HttpErrorKind::ConnectTimeout
            )
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DecodeError, ServiceError};
    use crate::transport::HttpError;
    use std::time::Duration;

    fn answer(status: u16, code: &str) -> AttemptFailure {
        AttemptFailure::Answer(SdkError::Service(ServiceError::new(status, code, "m")))
    }

    fn undecodable(status: u16) -> AttemptFailure {
        let mut d = DecodeError::at("", "not JSON");
        d.http_status = status;
        AttemptFailure::Answer(SdkError::Decode(d))
    }

    #[test]
    fn service_answers() {
        assert_eq!(
            classify(&answer(400, "Throttling.Api")),
            RetryClass::Throttled
        );
        assert_eq!(classify(&answer(400, "Throttling")), RetryClass::Throttled);
        assert_eq!(
            classify(&answer(503, "ServiceUnavailable")),
            RetryClass::Ambiguous
        );
        assert_eq!(classify(&answer(500, "Whatever")), RetryClass::Ambiguous);
        assert_eq!(
            classify(&answer(504, "GatewayTimeout")),
            RetryClass::Ambiguous
        );
        assert_eq!(
            classify(&answer(400, "InvalidParameter")),
            RetryClass::Never
        );
        assert_eq!(classify(&answer(404, "X.NotFound")), RetryClass::Never);
    }

    #[test]
    fn not_implemented_and_other_permanent_5xx_are_never_retried() {
        assert_eq!(classify(&answer(501, "NotImplemented")), RetryClass::Never);
        assert_eq!(classify(&answer(501, "InternalError")), RetryClass::Never);
        assert_eq!(classify(&answer(505, "HttpVersion")), RetryClass::Never);
        assert_eq!(classify(&undecodable(501)), RetryClass::Never);
        assert_eq!(classify(&undecodable(502)), RetryClass::Ambiguous);
        assert_eq!(classify(&undecodable(200)), RetryClass::Never);
    }

    #[test]
    fn transport_failures_and_timeouts() {
        let http = |kind| AttemptFailure::Http(HttpError::new(kind, "x"), Default::default());
        assert_eq!(classify(&http(HttpErrorKind::Connect)), RetryClass::NotSent);
        assert_eq!(
            classify(&http(HttpErrorKind::ConnectTimeout)),
            RetryClass::NotSent
        );
        assert_eq!(classify(&http(HttpErrorKind::Other)), RetryClass::Ambiguous);
        assert_eq!(
            classify(&http(HttpErrorKind::Timeout)),
            RetryClass::Ambiguous
        );
        assert_eq!(classify(&http(HttpErrorKind::Invalid)), RetryClass::Never);
        assert_eq!(
            classify(&http(HttpErrorKind::BodyTooLarge)),
            RetryClass::Never
        );
        let timeout = AttemptFailure::AttemptTimeout(Duration::from_secs(1));
        assert_eq!(classify(&timeout), RetryClass::Ambiguous);
        assert!(is_timeout(&timeout));
        assert!(!is_timeout(&answer(503, "ServiceUnavailable")));
        assert_eq!(
            classify(&AttemptFailure::OperationTimeout),
            RetryClass::Never
        );
    }
}
