//! The API pipeline for one request: method and Action/Version checks, signature
//! verification, faults, unknown parameters (refused in strict mode), spec-driven
//! validation, `ClientToken` replay, dry runs ([`crate::dry_run`]), the engine, quirks,
//! the answer's format (JSON, or XML on `Format=XML`) and the journal entry.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value, json};

use crate::auth::SignatureVersion;
use crate::dry_run;
use crate::engine::{self, Ctx};
use crate::errors::ApiError;
use crate::faults::DropMode;
use crate::idempotency::Lookup;
use crate::journal::{JournalEntry, names_only, redact};
use crate::params::Incoming;
use crate::shared::{Shared, now_ms};
use crate::validate::{unknown_parameters, validate};
use crate::xml;

/// What to send back.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// An HTTP answer.
    Answer {
        /// Status.
        status: u16,
        /// Headers besides `content-type`.
        headers: Vec<(String, String)>,
        /// The body: JSON, or XML when the request asked for it.
        body: Vec<u8>,
    },
    /// No answer: the connection is closed or left hanging.
    Drop(DropMode),
}

impl Reply {
    /// A JSON answer.
    pub fn json(
        status: u16,
        request_id: Option<&str>,
        extra: Vec<(String, String)>,
        body: &Value,
    ) -> Self {
        let mut headers = vec![(
            "content-type".to_string(),
            "application/json;charset=utf-8".to_string(),
        )];
        if let Some(id) = request_id {
            headers.push(("x-acs-request-id".into(), id.to_string()));
        }
        headers.extend(extra);
        Reply::Answer {
            status,
            headers,
            body: serde_json::to_vec(body).unwrap_or_default(),
        }
    }

    /// An XML answer (`Format=XML`).
    pub fn xml(status: u16, request_id: &str, extra: Vec<(String, String)>, body: Vec<u8>) -> Self {
        let mut headers = vec![
            ("content-type".to_string(), xml::CONTENT_TYPE.to_string()),
            ("x-acs-request-id".to_string(), request_id.to_string()),
        ];
        headers.extend(extra);
        Reply::Answer {
            status,
            headers,
            body,
        }
    }
}

/// What happened besides the answer, for the journal.
#[derive(Debug, Default)]
struct Trace {
    faults: Vec<String>,
    drop: Option<DropMode>,
    replayed: bool,
    /// The signature was verified (or verification is off).
    authenticated: bool,
    unknown: Vec<String>,
}

/// Handles one API request.
pub async fn api(shared: &Shared, req: &Incoming) -> Reply {
    let time_ms = now_ms();
    let request_id = shared.lock().ids.request_id();
    let action = req
        .header("x-acs-action")
        .or_else(|| req.param("Action"))
        .map(str::to_string);
    let mut trace = Trace::default();
    let result = process(shared, req, action.as_deref(), &mut trace).await;
    let as_xml = xml::requested(req.param("Format"));

    let (status, error_code, reply) = match result {
        Ok(mut body) if as_xml => {
            body.insert("RequestId".into(), json!(request_id));
            let root = xml::answer_root(action.as_deref().unwrap_or_default());
            let doc = xml::document(&root, &body);
            (200, None, Reply::xml(200, &request_id, Vec::new(), doc))
        }
        Ok(mut body) => {
            body.insert("RequestId".into(), json!(request_id));
            let quirks = shared.lock().settings.quirks;
            let body = quirks.apply(action.as_deref().unwrap_or_default(), Value::Object(body));
            (
                200,
                None,
                Reply::json(200, Some(&request_id), Vec::new(), &body),
            )
        }
        Err(e) if as_xml => {
            let body = match e.body(&request_id) {
                Value::Object(body) => body,
                _ => Map::new(),
            };
            let doc = xml::error_document(&body);
            let reply = Reply::xml(e.status, &request_id, e.headers.clone(), doc);
            (e.status, Some(e.code), reply)
        }
        Err(e) => {
            let reply = Reply::json(
                e.status,
                Some(&request_id),
                e.headers.clone(),
                &e.body(&request_id),
            );
            (e.status, Some(e.code), reply)
        }
    };
    let params = if trace.authenticated {
        redact(shared.spec, action.as_deref(), &req.merged())
    } else {
        names_only(req)
    };
    let region = req
        .param(&shared.spec.service.region_parameter)
        .map(str::to_string);
    let entry = JournalEntry {
        seq: 0,
        time_ms,
        method: req.method.clone(),
        action: action.clone(),
        region,
        params,
        authenticated: trace.authenticated,
        signature_version: SignatureVersion::detect(req),
        status: if trace.drop.is_some() {
            None
        } else {
            Some(status)
        },
        error_code,
        request_id,
        faults: trace.faults,
        replayed: trace.replayed,
        unknown_params: trace.unknown,
    };
    tracing::info!(
        action = entry.action.as_deref().unwrap_or("-"),
        status = entry.status,
        code = entry.error_code.as_deref().unwrap_or("-"),
        request_id = %entry.request_id,
        "request"
    );
    shared.lock().journal.record(entry);
    match trace.drop {
        Some(mode) => Reply::Drop(mode),
        None => reply,
    }
}

async fn process(
    shared: &Shared,
    req: &Incoming,
    action: Option<&str>,
    trace: &mut Trace,
) -> Result<Map<String, Value>, ApiError> {
    let spec = shared.spec;
    if req.method != "GET" && req.method != "POST" {
        return Err(ApiError::of(None, "InvalidAction.NotFound"));
    }
    let Some(action) = action else {
        return Err(ApiError::missing("Action"));
    };
    if let Some(answer) = crate::sts::dispatch(shared, req, action) {
        // STS checks its own callers (a signature, or an OIDC token); an answer means
        // the caller passed.
        trace.authenticated = answer.is_ok();
        return answer;
    }
    let Some((action_key, op)) = spec.operations.get_key_value(action) else {
        return Err(ApiError::of(None, "InvalidAction.NotFound"));
    };
    let Some(version) = req.header("x-acs-version").or_else(|| req.param("Version")) else {
        return Err(ApiError::missing("Version"));
    };
    if version != spec.service.api_version {
        return Err(ApiError::of(None, "InvalidVersion"));
    }

    // Verified before the state lock is taken (the nonces have a lock of their own):
    // hashing a large bad request never holds up the others.
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
        shared
            .large_requests
            .verify(
                req,
                &creds,
                &shared.sts,
                &shared.nonces,
                now_ms() / 1000,
                skew,
            )
            .await?;
    }
    trace.authenticated = true;
    let latency = {
        let mut core = shared.lock();
        let decision = core.faults.decide(action);
        trace.faults = decision.fired;
        trace.drop = decision.drop;
        if let Some(e) = decision.error {
            (decision.latency, Some(e))
        } else {
            (decision.latency, None)
        }
    };
    if latency.0 > Duration::ZERO {
        tokio::time::sleep(latency.0).await;
    }
    if let Some(e) = latency.1 {
        return Err(e);
    }

    let sent = req.merged();
    trace.unknown = unknown_parameters(spec, op, &sent);
    let strict = shared.lock().settings.strict;
    if let Some(name) = trace.unknown.first().filter(|_| strict) {
        return Err(ApiError::invalid(
            name,
            &format!("{action} takes no such parameter"),
        ));
    }
    let params = validate(spec, action, op, &sent)?;
    if !engine::serves(spec, action) {
        return Err(engine::not_implemented_action(spec, action));
    }

    let mut core = shared.lock();
    let core = &mut *core;
    let dry_run = dry_run::requested(spec, op, &params);
    // A dry run neither replays nor uses up its token.
    let token = op
        .idempotency_token
        .as_deref()
        .filter(|_| dry_run.is_none())
        .and_then(|name| params.str(name).map(|v| (name, v.to_string())));
    let fingerprint: BTreeMap<String, String> = params
        .raw
        .iter()
        .filter(|(k, _)| token.as_ref().is_none_or(|(name, _)| k != name))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some((_, t)) = &token {
        match core.tokens.lookup(action, t, &fingerprint, now_ms()) {
            Lookup::New => {}
            Lookup::Replay(body) => {
                trace.replayed = true;
                return Ok(body);
            }
            Lookup::Mismatch => {
                return Err(ApiError::of(Some(action), "IdempotentParameterMismatch"));
            }
        }
    }
    let region = params
        .str(&spec.service.region_parameter)
        .unwrap_or_default()
        .to_string();
    let delay_ms = i64::try_from(core.settings.activation_delay.as_millis()).unwrap_or(i64::MAX);
    let quotas = core.settings.quotas.clone();
    let diagnosis_delay_ms =
        i64::try_from(core.settings.diagnosis_delay.as_millis()).unwrap_or(i64::MAX);
    // A dry run is served on copies of the state, then dropped.
    let mut scratch = dry_run.map(|_| (core.store.clone(), core.ids.clone()));
    let (store, ids) = match &mut scratch {
        Some((store, ids)) => (store, ids),
        None => (&mut core.store, &mut core.ids),
    };
    let mut ctx = Ctx {
        spec,
        action: action_key,
        op,
        region,
        store,
        ids,
        now_ms: now_ms(),
        delay_ms,
        quotas: &quotas,
        certificates: &core.settings.certificates,
        diagnosis_delay_ms,
    };
    let body = engine::serve(&mut ctx, &params)?;
    if let Some(code) = dry_run {
        return Err(dry_run::passed(spec, action, code));
    }
    if let Some((_, t)) = token {
        core.tokens
            .remember(action, &t, fingerprint, body.clone(), now_ms());
    }
    Ok(body)
}
