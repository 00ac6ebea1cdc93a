//! The control endpoint under `/_emulator/`, so a standalone emulator can be steered like
//! the in-process one. JSON in, JSON out; unsigned (bind to loopback).
//!
//! | Method and path | Body | Effect |
//! |---|---|---|
//! | `GET /_emulator/health` | | `{"status":"ok","operations":N}` (the spec's count) |
//! | `POST /_emulator/reset` | | forget resources, faults, journal, nonces, tokens, STS credentials |
//! | `GET /_emulator/journal` | | the journal entries |
//! | `DELETE /_emulator/journal` | | clear the journal |
//! | `GET /_emulator/faults` | | the active fault rules |
//! | `POST /_emulator/faults` | a rule or a list of rules | add them |
//! | `DELETE /_emulator/faults` | | remove every rule |
//! | `GET /_emulator/quirks` | | the quirks switches |
//! | `POST /_emulator/quirks` | `{"enabled":true}` or the switches | set them |
//! | `POST /_emulator/activation-delay` | `{"ms":0}` | set the activation delay |
//! | `GET` / `POST /_emulator/certificates` | `{"id":"6bfe4218-ea1d****"}` | list / add the certificates VPN gateways can be bound to |
//! | `POST /_emulator/diagnosis-delay` | `{"ms":0}` | set how long a gateway diagnosis takes |
//! | `POST /_emulator/seed/vpn-gateway` | a `VpnGatewaySeed` | `{"VpnGatewayId":..}` |
//! | `POST /_emulator/seed/customer-gateway` | `{"region","ip_address","name"?}` | `{"CustomerGatewayId":..}` |
//! | `POST /_emulator/vpn-gateway-status` | `{"region","id","status"}` (`null` un-fixes) | fix a gateway's status |
//! | `GET /_emulator/credentials` | | temporary credentials, as a credentials URI answers ([`crate::sts::control`]) |
//! | `/_emulator/imds/latest/...` | | an ECS instance metadata service handing out the role's credentials |
//!
//! A fault rule: `{"action": "CreateVpnGateway" (omit for all), "kind": "throttle" |
//! "server_error" | "error" | "latency" | "drop_after_commit", "times": 2 (omit for
//! always), "probability": 0.5 (optional)}` plus the kind's fields: `time_left_ms`
//! (throttle), `status` (server_error), `code`/`status`/`message` (error), `ms`
//! (latency), `mode` `"close"`/`"hang"` (drop_after_commit).

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::faults::FaultRule;
use crate::params::Incoming;
use crate::quirks::Quirks;
use crate::router::Reply;
use crate::seed::{self, VpnGatewaySeed};
use crate::shared::Shared;

/// The path prefix of the control endpoint.
pub const PREFIX: &str = "/_emulator";

fn ok(body: Value) -> Reply {
    Reply::json(200, None, Vec::new(), &body)
}

fn bad(message: impl std::fmt::Display) -> Reply {
    Reply::json(
        400,
        None,
        Vec::new(),
        &json!({"error": message.to_string()}),
    )
}

fn parse<T: for<'de> Deserialize<'de>>(req: &Incoming) -> Result<T, Reply> {
    serde_json::from_slice(&req.body).map_err(|e| bad(format!("invalid JSON body: {e}")))
}

#[derive(Deserialize)]
struct CustomerGatewayBody {
    region: String,
    ip_address: String,
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize)]
struct StatusBody {
    region: String,
    id: String,
    #[serde(default)]
    status: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Rules {
    One(FaultRule),
    Many(Vec<FaultRule>),
}

/// Handles a request under [`PREFIX`].
pub fn handle(shared: &Shared, req: &Incoming) -> Reply {
    let route = req.path.strip_prefix(PREFIX).unwrap_or_default();
    if let Some(reply) = crate::sts::control(shared, req, route) {
        return reply;
    }
    match (req.method.as_str(), route) {
        ("GET", "/health") => {
            ok(json!({"status": "ok", "operations": shared.spec.operations.len()}))
        }
        ("POST", "/reset") => {
            shared.reset();
            ok(json!({"reset": true}))
        }
        ("GET", "/journal") => ok(json!(shared.lock().journal.entries())),
        ("DELETE", "/journal") => {
            shared.lock().journal.clear();
            ok(json!({"cleared": true}))
        }
        ("GET", "/faults") => ok(json!(shared.lock().faults.rules())),
        ("POST", "/faults") => match parse::<Rules>(req) {
            Ok(rules) => {
                let rules = match rules {
                    Rules::One(r) => vec![r],
                    Rules::Many(r) => r,
                };
                let mut core = shared.lock();
                for r in rules {
                    core.faults.add(r);
                }
                ok(json!(core.faults.rules()))
            }
            Err(reply) => reply,
        },
        ("DELETE", "/faults") => {
            shared.lock().faults.clear();
            ok(json!([]))
        }
        ("GET", "/quirks") => ok(json!(shared.lock().settings.quirks)),
        ("POST", "/quirks") => match parse::<Value>(req) {
            Ok(v) => {
                let quirks = match v.get("enabled").and_then(Value::as_bool) {
                    Some(true) => Quirks::all(),
                    Some(false) => Quirks::none(),
                    None => match serde_json::from_value::<Quirks>(v) {
                        Ok(q) => q,
                        Err(e) => return bad(e),
                    },
                };
                shared.lock().settings.quirks = quirks;
                ok(json!(quirks))
            }
            Err(reply) => reply,
        },
        ("POST", "/activation-delay") => match parse::<Value>(req) {
            Ok(v) => match v.get("ms").and_then(Value::as_u64) {
                Some(ms) => {
                    shared.lock().settings.activation_delay = Duration::from_millis(ms);
                    ok(json!({"ms": ms}))
                }
                None => bad("expected {\"ms\": <non-negative integer>}"),
            },
            Err(reply) => reply,
        },
        ("GET", "/certificates") => ok(json!(shared.lock().settings.certificates)),
        ("POST", "/certificates") => match parse::<Value>(req) {
            Ok(v) => match v
                .get("id")
                .and_then(Value::as_str)
                .filter(|id| !id.is_empty())
            {
                Some(id) => {
                    shared.lock().settings.certificates.insert(id.to_string());
                    ok(json!({"id": id}))
                }
                None => bad("expected {\"id\": <certificate id>}"),
            },
            Err(reply) => reply,
        },
        ("POST", "/diagnosis-delay") => match parse::<Value>(req) {
            Ok(v) => match v.get("ms").and_then(Value::as_u64) {
                Some(ms) => {
                    shared.lock().settings.diagnosis_delay = Duration::from_millis(ms);
                    ok(json!({"ms": ms}))
                }
                None => bad("expected {\"ms\": <non-negative integer>}"),
            },
            Err(reply) => reply,
        },
        ("POST", "/seed/vpn-gateway") => match parse::<VpnGatewaySeed>(req) {
            Ok(s) if s.region.is_empty() => bad("\"region\" is required"),
            Ok(s) => {
                ok(json!({"VpnGatewayId": seed::vpn_gateway(shared.spec, &mut shared.lock(), s)}))
            }
            Err(reply) => reply,
        },
        ("POST", "/seed/customer-gateway") => match parse::<CustomerGatewayBody>(req) {
            Ok(b) => {
                let id = seed::customer_gateway(
                    shared.spec,
                    &mut shared.lock(),
                    &b.region,
                    &b.ip_address,
                    b.name.as_deref(),
                );
                ok(json!({"CustomerGatewayId": id}))
            }
            Err(reply) => reply,
        },
        ("POST", "/vpn-gateway-status") => match parse::<StatusBody>(req) {
            Ok(b) => {
                if seed::set_vpn_gateway_status(
                    &mut shared.lock(),
                    &b.region,
                    &b.id,
                    b.status.as_deref(),
                ) {
                    ok(json!({"VpnGatewayId": b.id, "status": b.status}))
                } else {
                    Reply::json(
                        404,
                        None,
                        Vec::new(),
                        &json!({"error": "no such VPN gateway"}),
                    )
                }
            }
            Err(reply) => reply,
        },
        _ => Reply::json(
            404,
            None,
            Vec::new(),
            &json!({"error": "unknown control endpoint"}),
        ),
    }
}
