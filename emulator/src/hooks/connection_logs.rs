//! `DescribeVpnConnectionLogs`: log lines synthesised for the time range the request
//! gives: one line every [`STEP_SECS`] seconds (on multiples of it) from `From` to `To`,
//! or `MinutePeriod` minutes from either end, or the last `MinutePeriod` minutes. Each line
//! is chosen from the connection's id and its time, so the same connection and range
//! always give the same lines. A range that is missing, reversed or longer than ten
//! minutes is `InvalidParameter.TimeRange`.

use serde_json::Value;

use crate::engine::{Answer, Ctx};
use crate::params::Params;
use crate::store::Record;

/// Seconds between two synthesised lines.
pub const STEP_SECS: i64 = 20;
/// The longest range, seconds.
const MAX_RANGE_SECS: i64 = 600;

const EVENTS: [&str; 6] = [
    "[PROTO_NOTIFY]: isakmp.c:2830:isakmp_ph1begin_i(): initiate new phase 1 negotiation: {local}[500]<=>{remote}[500]",
    "[PROTO_NOTIFY]: isakmp.c:3200:isakmp_ph1established(): ISAKMP-SA established {local}[500]-{remote}[500]",
    "[PROTO_NOTIFY]: isakmp_quick.c:2104:quick_i1send(): initiate new phase 2 negotiation",
    "[PROTO_NOTIFY]: pfkey.c:1254:pk_recvupdate(): IPsec-SA established: ESP {local}[500]->{remote}[500]",
    "[PROTO_NOTIFY]: isakmp_inf.c:1600:isakmp_info_recv_r_u(): DPD R-U-There-Ack received",
    "[PROTO_WARN]: isakmp.c:1416:isakmp_ph1resend(): phase1 negotiation resend",
];

fn range(ctx: &Ctx<'_>, p: &Params) -> Option<(i64, i64)> {
    let period = p.int("MinutePeriod").map(|m| m * 60);
    let (from, to) = match (p.int("From"), p.int("To"), period) {
        (Some(f), Some(t), _) => (f, t),
        (Some(f), None, Some(d)) => (f, f + d),
        (None, Some(t), Some(d)) => (t - d, t),
        (None, None, Some(d)) => (ctx.now_ms / 1000 - d, ctx.now_ms / 1000),
        _ => return None,
    };
    (from <= to && to - from <= MAX_RANGE_SECS).then_some((from, to))
}

/// `DescribeVpnConnectionLogs`.
pub fn logs(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let vco = ctx.find("VpnConnection", p.str_or_empty("VpnConnectionId"))?;
    let (from, to) = range(ctx, p).ok_or_else(|| ctx.err("InvalidParameter.TimeRange"))?;
    let remote = vco
        .str("CustomerGatewayId")
        .and_then(|id| ctx.records("CustomerGateway").find(|g| g.id == id))
        .and_then(|g| g.str("IpAddress"))
        .unwrap_or("0.0.0.0")
        .to_string();
    let local = ctx
        .parent(&vco)
        .and_then(|gw| gw.str("InternetIp").map(str::to_string))
        .unwrap_or_else(|| "0.0.0.0".into());
    let first =
        from.div_euclid(STEP_SECS) * STEP_SECS + if from % STEP_SECS == 0 { 0 } else { STEP_SECS };
    let subject = p.str("TunnelId").unwrap_or(&vco.id).to_string();
    let lines: Vec<Value> = (0..)
        .map(|i| first + i * STEP_SECS)
        .take_while(|t| *t <= to)
        .map(|t| {
            let pick = super::diagnosis::stable_hash(&format!("{subject}@{t}"));
            let event = EVENTS[usize::try_from(pick % EVENTS.len() as u64).unwrap_or(0)]
                .replace("{local}", &local)
                .replace("{remote}", &remote);
            let at = super::diagnosis::iso(t * 1000)
                .replace('T', " ")
                .replace('Z', "");
            Value::String(format!("{at} {subject} {event}"))
        })
        .collect();
    ctx.paged(p, lines)
}
