//! STS, the Security Token Service (RPC API version `2015-04-01`), on the same port as the
//! VPN Gateway API: enough of it to issue temporary credentials and to refuse them once
//! they are no longer valid.
//!
//! * `AssumeRole` (signed like every other call, by the trusted key or by temporary
//!   credentials, so roles chain): `RoleArn` (`acs:ram::<account>:role/<name>`),
//!   `RoleSessionName` (2 to 64 of `[A-Za-z0-9.@_-]`), `DurationSeconds` (900 to 43200,
//!   default 3600), optional `Policy` (a JSON object) and `ExternalId`.
//! * `AssumeRoleWithOIDC` (unsigned, as the service allows): `RoleArn`, `OIDCProviderArn`
//!   (`acs:ram::<account>:oidc-provider/<name>`), `OIDCToken` (a JWT whose payload is read,
//!   not verified: an `exp` in the past is `AuthenticationFail.OIDCToken.Expired`, a token
//!   that is not a JWT `AuthenticationFail.OIDCToken.Invalid`), `RoleSessionName`,
//!   `DurationSeconds`, `Policy`.
//!
//! Both answer `Credentials.{AccessKeyId (STS.…), AccessKeySecret, SecurityToken,
//! Expiration}`. Every signed request of either API then goes through
//! [`Issuer::check_token`]: a `SecurityToken` the emulator did not issue is
//! `InvalidSecurityToken.Malformed`, one issued for another key
//! `InvalidSecurityToken.MismatchWithAccessKey`, an expired one
//! `InvalidSecurityToken.Expired`, and temporary keys without their token
//! `MissingSecurityToken` (HTTP 400, the service's gateway codes).
//!
//! The control endpoint also serves the two other places temporary credentials come from
//! (see [`control`]): a credentials URI (`GET /_emulator/credentials`) and an ECS
//! instance metadata service (`/_emulator/imds/latest/...`, role [`ECS_ROLE_NAME`]).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use crate::auth::Credentials;
use crate::errors::ApiError;
use crate::params::Incoming;
use crate::router::Reply;
use crate::shared::{Shared, now_ms};

/// The STS API version.
pub const VERSION: &str = "2015-04-01";
/// Request parameters whose values the journal must not show.
pub const SECRET_PARAMETERS: &[&str] = &["OIDCToken"];

/// The RAM role the emulated ECS instance metadata service says the instance has.
pub const ECS_ROLE_NAME: &str = "EmulatorEcsRole";

const MIN_DURATION_SECS: i64 = 900;
const MAX_DURATION_SECS: i64 = 43_200;
const DEFAULT_DURATION_SECS: i64 = 3600;

/// A temporary credential the emulator issued.
#[derive(Clone)]
struct Issued {
    access_key_id: String,
    access_key_secret: String,
    expires_ms: i64,
}

#[derive(Default)]
struct State {
    /// How many credentials were issued since the last clear.
    count: usize,
    /// By security token.
    by_token: HashMap<String, Issued>,
    /// Access key id -> security token.
    token_of: HashMap<String, String>,
    /// When set, every credential lasts this long whatever was asked.
    lifetime: Option<Duration>,
}

/// The temporary credentials issued so far, behind their own lock (signature checks
/// need them, and nothing else in the emulator's state).
#[derive(Default)]
pub struct Issuer {
    state: Mutex<State>,
}

impl std::fmt::Debug for Issuer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.lock();
        f.debug_struct("Issuer")
            .field("issued", &state.by_token.len())
            .field("lifetime", &state.lifetime)
            .finish()
    }
}

fn error(status: u16, code: &str, message: impl Into<String>) -> ApiError {
    ApiError {
        status,
        code: code.to_string(),
        message: message.into(),
        headers: Vec::new(),
    }
}

impl Issuer {
    /// An issuer whose credentials last `lifetime` when set (whatever was asked).
    pub fn new(lifetime: Option<Duration>) -> Self {
        let issuer = Self::default();
        issuer.lock().lifetime = lifetime;
        issuer
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Makes every credential issued from now on last `lifetime` (`None`: what the
    /// request asked for).
    pub fn set_lifetime(&self, lifetime: Option<Duration>) {
        self.lock().lifetime = lifetime;
    }

    /// Makes every credential issued so far expire now.
    pub fn expire_all(&self) {
        let now = now_ms();
        for issued in self.lock().by_token.values_mut() {
            issued.expires_ms = issued.expires_ms.min(now);
        }
    }

    /// Forgets every issued credential.
    pub fn clear(&self) {
        let mut state = self.lock();
        state.by_token.clear();
        state.token_of.clear();
        state.count = 0;
    }

    /// How many credentials were issued (by any route) since the start or the last
    /// [`Issuer::clear`].
    pub fn issued_count(&self) -> usize {
        self.lock().count
    }

    /// The secret of `key_id`: the trusted key's, or an issued credential's.
    pub fn secret_for(&self, key_id: &str, trusted: &Credentials) -> Option<String> {
        if key_id == trusted.access_key_id {
            return Some(trusted.access_key_secret.clone());
        }
        let state = self.lock();
        let token = state.token_of.get(key_id)?;
        state
            .by_token
            .get(token)
            .map(|i| i.access_key_secret.clone())
    }

    /// Checks the `SecurityToken` of a correctly signed request by `key_id`. `now` is
    /// Unix seconds; a credential is expired from the second its `Expiration` names.
    pub fn check_token(&self, key_id: &str, token: Option<&str>, now: i64) -> Result<(), ApiError> {
        let state = self.lock();
        let Some(token) = token else {
            return if state.token_of.contains_key(key_id) {
                Err(error(
                    400,
                    "MissingSecurityToken",
                    "SecurityToken is mandatory for this action.",
                ))
            } else {
                Ok(())
            };
        };
        let Some(issued) = state.by_token.get(token) else {
            return Err(error(
                400,
                "InvalidSecurityToken.Malformed",
                "Specified SecurityToken is malformed.",
            ));
        };
        if issued.access_key_id != key_id {
            return Err(error(
                400,
                "InvalidSecurityToken.MismatchWithAccessKey",
                "Specified SecurityToken mismatch with the AccessKey.",
            ));
        }
        if issued.expires_ms.div_euclid(1000) <= now {
            return Err(error(
                400,
                "InvalidSecurityToken.Expired",
                "Specified SecurityToken is expired.",
            ));
        }
        Ok(())
    }

    fn issue(&self, duration_secs: i64) -> (Issued, String) {
        let mut state = self.lock();
        let lifetime_ms = match state.lifetime {
            Some(d) => i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 2),
            None => duration_secs * 1000,
        };
        let random = |n: usize| -> String {
            let mut bytes = Vec::with_capacity(n * 16);
            for _ in 0..n {
                bytes.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
            }
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
        };
        let key: String = random(2)
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(24)
            .collect();
        let issued = Issued {
            access_key_id: format!("STS.NT{key}"),
            access_key_secret: random(2)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect(),
            expires_ms: now_ms().saturating_add(lifetime_ms),
        };
        // Shaped like the service's tokens: base64 text starting `CAIS`, with `+` and `/`.
        let token = format!("CAIS{}", random(6));
        state.count += 1;
        state
            .token_of
            .insert(issued.access_key_id.clone(), token.clone());
        state.by_token.insert(token.clone(), issued.clone());
        (issued, token)
    }
}

fn expiration_text(expires_ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(expires_ms / 1000)
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
            ))
            .ok()
        })
        .unwrap_or_default()
}

/// The credentials object every route answers.
fn credentials_json(issued: &Issued, token: &str) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("AccessKeyId".into(), json!(issued.access_key_id));
    m.insert("AccessKeySecret".into(), json!(issued.access_key_secret));
    m.insert("SecurityToken".into(), json!(token));
    m.insert(
        "Expiration".into(),
        json!(expiration_text(issued.expires_ms)),
    );
    m
}

/// The control routes (`route` is the path after `/_emulator`) that hand out temporary
/// credentials, `None` for any other route:
///
/// | Method and path | Answer |
/// |---|---|
/// | `GET /credentials` | a credentials URI's answer: `{"AccessKeyId", "AccessKeySecret", "SecurityToken", "Expiration"}` (one hour, or the configured lifetime) |
/// | `PUT /imds/latest/api/token` | an IMDSv2 session token (text) |
/// | `GET /imds/latest/meta-data/ram/security-credentials/` | [`ECS_ROLE_NAME`] |
/// | `GET /imds/latest/meta-data/ram/security-credentials/<role>` | `{"Code": "Success", ..., "LastUpdated"}` for that role, 404 for any other |
///
/// Point `ALIBABA_CLOUD_CREDENTIALS_URI` at `<endpoint>/_emulator/credentials` and the
/// ECS metadata endpoint at `<endpoint>/_emulator/imds`.
pub fn control(shared: &Shared, req: &Incoming, route: &str) -> Option<Reply> {
    const CREDENTIALS: &str = "/imds/latest/meta-data/ram/security-credentials/";
    let text = |status: u16, body: &str| Reply::Answer {
        status,
        headers: vec![("content-type".into(), "text/plain".into())],
        body: body.as_bytes().to_vec(),
    };
    Some(match (req.method.as_str(), route) {
        ("GET", "/credentials") => {
            let (issued, token) = shared.sts.issue(DEFAULT_DURATION_SECS);
            Reply::json(
                200,
                None,
                Vec::new(),
                &Value::Object(credentials_json(&issued, &token)),
            )
        }
        ("PUT", "/imds/latest/api/token") => text(200, &format!("imds-{}", uuid::Uuid::new_v4())),
        ("GET", path) if path == CREDENTIALS => text(200, ECS_ROLE_NAME),
        ("GET", path) if path.strip_prefix(CREDENTIALS) == Some(ECS_ROLE_NAME) => {
            let (issued, token) = shared.sts.issue(6 * 3600);
            let mut body = credentials_json(&issued, &token);
            body.insert("Code".into(), json!("Success"));
            body.insert("LastUpdated".into(), json!(expiration_text(now_ms())));
            Reply::json(200, None, Vec::new(), &Value::Object(body))
        }
        (_, path) if path.starts_with("/imds/") => text(404, "Not Found"),
        _ => return None,
    })
}

/// The STS answer for `req` when it is an STS request (its `Version` is
/// [`VERSION`]), `None` otherwise.
pub fn dispatch(
    shared: &Shared,
    req: &Incoming,
    action: &str,
) -> Option<Result<Map<String, Value>, ApiError>> {
    let version = req.header("x-acs-version").or_else(|| req.param("Version"));
    if version != Some(VERSION) {
        return None;
    }
    Some(match action {
        "AssumeRole" => assume_role(shared, req),
        "AssumeRoleWithOIDC" => assume_role_with_oidc(shared, req),
        _ => Err(ApiError::of(None, "InvalidAction.NotFound")),
    })
}

fn assume_role(shared: &Shared, req: &Incoming) -> Result<Map<String, Value>, ApiError> {
    // Verified outside the state lock, as every API request is (see the router).
    let verify = {
        let core = shared.lock();
        core.settings.verify_signatures.then(|| {
            (
                core.settings.credentials.clone(),
                core.settings.max_clock_skew,
            )
        })
    };
    if let Some((creds, skew)) = verify {
        crate::auth::verify(
            req,
            &creds,
            &shared.sts,
            &shared.nonces,
            now_ms() / 1000,
            skew,
        )?;
    }
    let role = role_arn(req)?;
    if let Some(id) = req.param("ExternalId") {
        if id.is_empty() || id.len() > 1224 {
            return Err(error(
                400,
                "InvalidParameter.ExternalId",
                "The parameter ExternalId is wrongly formed.",
            ));
        }
    }
    issue(shared, req, &role, Map::new())
}

fn assume_role_with_oidc(shared: &Shared, req: &Incoming) -> Result<Map<String, Value>, ApiError> {
    let role = role_arn(req)?;
    let provider = req
        .param("OIDCProviderArn")
        .ok_or_else(|| ApiError::missing("OIDCProviderArn"))?;
    if !arn_of(provider, "oidc-provider/") {
        return Err(error(
            400,
            "InvalidParameter.OIDCProviderArn",
            "The parameter OIDCProviderArn is wrongly formed.",
        ));
    }
    let token = req
        .param("OIDCToken")
        .ok_or_else(|| ApiError::missing("OIDCToken"))?;
    let claims = jwt_claims(token).ok_or_else(|| {
        error(
            400,
            "AuthenticationFail.OIDCToken.Invalid",
            "The OIDC token is not a valid JsonWebToken.",
        )
    })?;
    if let Some(exp) = claims.get("exp").and_then(Value::as_i64) {
        if exp.saturating_mul(1000) <= now_ms() {
            return Err(error(
                400,
                "AuthenticationFail.OIDCToken.Expired",
                "This JsonWebToken is expired.",
            ));
        }
    }
    let text = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or_default();
    let mut extra = Map::new();
    extra.insert(
        "OIDCTokenInfo".into(),
        json!({"Subject": text("sub"), "Issuer": text("iss"), "ClientIds": claims.get("aud").map(Value::to_string).unwrap_or_default()}),
    );
    issue(shared, req, &role, extra)
}

/// `acs:ram::<digits>:<kind><name>`.
fn arn_of(arn: &str, kind: &str) -> bool {
    let Some(rest) = arn.strip_prefix("acs:ram::") else {
        return false;
    };
    let Some((account, resource)) = rest.split_once(':') else {
        return false;
    };
    !account.is_empty()
        && account.bytes().all(|b| b.is_ascii_digit() || b == b'*')
        && resource
            .strip_prefix(kind)
            .is_some_and(|name| !name.is_empty())
}

fn role_arn(req: &Incoming) -> Result<String, ApiError> {
    let role = req
        .param("RoleArn")
        .ok_or_else(|| ApiError::missing("RoleArn"))?;
    if !arn_of(role, "role/") {
        return Err(error(
            400,
            "InvalidParameter.RoleArn",
            "The parameter RoleArn is wrongly formed.",
        ));
    }
    Ok(role.to_string())
}

/// The payload of a `header.payload.signature` token, when it is one.
fn jwt_claims(token: &str) -> Option<Map<String, Value>> {
    let parts: Vec<&str> = token.trim().split('.').collect();
    let [_, payload, _] = parts.as_slice() else {
        return None;
    };
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// Checks the session parameters both actions share and issues the credentials.
fn issue(
    shared: &Shared,
    req: &Incoming,
    role: &str,
    mut body: Map<String, Value>,
) -> Result<Map<String, Value>, ApiError> {
    let session = req.param("RoleSessionName").unwrap_or("emulator-session");
    let session_ok = (2..=64).contains(&session.len())
        && session
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'@' | b'-' | b'_'));
    if !session_ok {
        return Err(error(
            400,
            "InvalidParameter.RoleSessionName",
            "The parameter RoleSessionName is wrongly formed.",
        ));
    }
    let duration = match req.param("DurationSeconds") {
        None => DEFAULT_DURATION_SECS,
        Some(d) => d
            .parse::<i64>()
            .ok()
            .filter(|d| (MIN_DURATION_SECS..=MAX_DURATION_SECS).contains(d))
            .ok_or_else(|| {
                error(
                    400,
                    "InvalidParameter.DurationSeconds",
                    format!(
                        "The DurationSeconds must be between {MIN_DURATION_SECS} and {MAX_DURATION_SECS} seconds."
                    ),
                )
            })?,
    };
    if let Some(policy) = req.param("Policy") {
        if !matches!(serde_json::from_str::<Value>(policy), Ok(Value::Object(_))) {
            return Err(error(
                400,
                "InvalidParameter.PolicyGrammar",
                "The parameter Policy has not passed grammar check.",
            ));
        }
    }
    let (issued, token) = shared.sts.issue(duration);
    let role_name = role.rsplit('/').next().unwrap_or_default();
    body.insert(
        "AssumedRoleUser".into(),
        json!({
            "Arn": format!("{role}/{session}"),
            "AssumedRoleId": format!("3{}:{session}", role_name.len()),
        }),
    );
    body.insert(
        "Credentials".into(),
        Value::Object(credentials_json(&issued, &token)),
    );
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Credentials {
        Credentials {
            access_key_id: "testid".into(),
            access_key_secret: "testsecret".into(),
        }
    }

    #[test]
    fn issued_tokens_are_checked_against_key_and_clock() {
        let issuer = Issuer::default();
        let (issued, token) = issuer.issue(900);
        let id = &issued.access_key_id;
        let now = now_ms() / 1000;
        assert!(id.starts_with("STS."));
        assert!(token.starts_with("CAIS"));
        assert_eq!(
            issuer.secret_for(id, &trusted()).as_deref(),
            Some(issued.access_key_secret.as_str())
        );
        assert_eq!(
            issuer.secret_for("testid", &trusted()).as_deref(),
            Some("testsecret")
        );
        assert_eq!(issuer.secret_for("STS.unknown", &trusted()), None);
        assert_eq!(issuer.check_token(id, Some(&token), now), Ok(()));
        assert_eq!(issuer.check_token("testid", None, now), Ok(()));
        let code = |r: Result<(), ApiError>| r.unwrap_err().code;
        assert_eq!(
            code(issuer.check_token(id, None, now)),
            "MissingSecurityToken"
        );
        assert_eq!(
            code(issuer.check_token(id, Some("CAISforged"), now)),
            "InvalidSecurityToken.Malformed"
        );
        assert_eq!(
            code(issuer.check_token("testid", Some(&token), now)),
            "InvalidSecurityToken.MismatchWithAccessKey"
        );
        assert_eq!(
            code(issuer.check_token(id, Some(&token), now + 901)),
            "InvalidSecurityToken.Expired"
        );
        issuer.expire_all();
        assert_eq!(
            code(issuer.check_token(id, Some(&token), now_ms() / 1000)),
            "InvalidSecurityToken.Expired"
        );
        issuer.clear();
        assert_eq!(issuer.secret_for(id, &trusted()), None);
    }

    #[test]
    fn arns_and_tokens_are_recognised() {
        assert!(arn_of("acs:ram::1234567890123456:role/vpn-ops", "role/"));
        assert!(arn_of("acs:ram::123456789012****:role/x", "role/"));
        assert!(!arn_of("acs:ram::123:role/", "role/"));
        assert!(!arn_of("acs:ram:cn:123:role/x", "role/"));
        assert!(!arn_of("role/x", "role/"));
        assert!(arn_of("acs:ram::1:oidc-provider/ack", "oidc-provider/"));
        let payload =
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"sub":"s","exp":1}"#);
        let claims = jwt_claims(&format!("eyJhbGciOiJub25lIn0.{payload}.sig")).unwrap();
        assert_eq!(claims.get("exp"), Some(&json!(1)));
        assert!(jwt_claims("not-a-jwt").is_none());
        assert!(jwt_claims("a.!!!.c").is_none());
    }
}
