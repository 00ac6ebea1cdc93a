//! Operation handlers, one module per group. Each handler takes the validated parameters
//! and the region's state and returns the answer body (without `RequestId`) or an error.
//! Rules that the spec states generically are applied generically here: a gateway-bound
//! operation checks `VpnGateway.Configuring` / `VpnGateway.FinancialLocked` only when the
//! operation documents that code; list answers are paged and wrapped as the spec's
//! pagination and wrapper say.

pub mod customer_gateway;
pub mod ipsec;
pub mod route;
pub mod ssl;
pub mod vpn_gateway;

use serde_json::{Map, Value, json};
use vpn_spec::{Operation, Pagination, Spec};

use crate::config::Quotas;
use crate::errors::ApiError;
use crate::ids::Ids;
use crate::params::Params;
use crate::spec::op_documents;
use crate::state::{Region, Store, VpnGateway};

/// A handler's answer: the body without `RequestId`.
pub type Answer = Result<Map<String, Value>, ApiError>;

/// A handler.
pub type Handler = fn(&mut Ctx<'_>, &Params) -> Answer;

/// What a handler works with.
pub struct Ctx<'a> {
    /// The spec.
    pub spec: &'static Spec,
    /// The Action.
    pub action: &'a str,
    /// Its spec entry.
    pub op: &'static Operation,
    /// `RegionId`.
    pub region: String,
    /// All state.
    pub store: &'a mut Store,
    /// Id generator.
    pub ids: &'a mut Ids,
    /// The current time, epoch ms.
    pub now_ms: i64,
    /// The activation delay, ms.
    pub delay_ms: i64,
    /// Quotas.
    pub quotas: &'a Quotas,
}

impl Ctx<'_> {
    /// The error `code`, as documented for this Action.
    pub fn err(&self, code: &str) -> ApiError {
        ApiError::of(Some(self.action), code)
    }

    /// The error `code` with a specific message.
    pub fn err_msg(&self, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::with_message(Some(self.action), code, message)
    }

    /// This region's state, created on first use.
    pub fn region(&mut self) -> &mut Region {
        self.store.region_mut(&self.region)
    }

    /// This region's state for reading.
    pub fn region_ref(&self) -> Option<&Region> {
        self.store.region(&self.region)
    }

    /// The VPN gateway `id` of this region, or `InvalidVpnGatewayInstanceId.NotFound`.
    pub fn gateway(&self, id: &str) -> Result<&VpnGateway, ApiError> {
        self.region_ref()
            .and_then(|r| r.vpn_gateway(id))
            .ok_or_else(|| self.err("InvalidVpnGatewayInstanceId.NotFound"))
    }

    /// The gateway, checked for the states this operation documents errors for:
    /// `VpnGateway.Configuring` (not `active`) and `VpnGateway.FinancialLocked`.
    pub fn usable_gateway(&self, id: &str) -> Result<&VpnGateway, ApiError> {
        let gw = self.gateway(id)?;
        self.check_gateway(gw)?;
        Ok(gw)
    }

    /// The state checks of [`Ctx::usable_gateway`] on a gateway already found.
    pub fn check_gateway(&self, gw: &VpnGateway) -> Result<(), ApiError> {
        if op_documents(self.op, "VpnGateway.FinancialLocked")
            && gw.business_status == "FinancialLocked"
        {
            return Err(self.err("VpnGateway.FinancialLocked"));
        }
        if op_documents(self.op, "VpnGateway.Configuring")
            && gw.status(self.now_ms, self.delay_ms) != crate::state::vpn_gateway::STATUS_ACTIVE
        {
            return Err(self.err("VpnGateway.Configuring"));
        }
        Ok(())
    }

    /// A paged list answer shaped by the spec: `items` is the whole filtered list; the
    /// page is cut by the pagination's page number and size parameters and placed at the
    /// pagination's item path inside its wrapper; `TotalCount` (page-number style) or
    /// `Count` + `IsCompleted` (completion style), `PageNumber` and `PageSize` are added.
    pub fn paged(&self, params: &Params, items: Vec<Value>) -> Map<String, Value> {
        let mut out = Map::new();
        let Some(pagination) = &self.op.pagination else {
            return out;
        };
        let (pn_name, ps_name, path, default_size) = match pagination {
            Pagination::PageNumber {
                page_number,
                page_size,
                items,
                default_page_size,
                ..
            }
            | Pagination::Completion {
                page_number,
                page_size,
                items,
                default_page_size,
                ..
            } => (page_number, page_size, items, *default_page_size),
        };
        let page_number = params.int(pn_name).unwrap_or(1).max(1);
        let page_size = params
            .int(ps_name)
            .unwrap_or(i64::from(default_size))
            .max(1);
        let total = items.len();
        let start =
            usize::try_from((page_number - 1).saturating_mul(page_size)).unwrap_or(usize::MAX);
        let size = usize::try_from(page_size).unwrap_or(usize::MAX);
        let page: Vec<Value> = items.into_iter().skip(start).take(size).collect();
        let count = page.len();
        insert_at_path(self.spec, &self.op.response, path, page, &mut out);
        match pagination {
            Pagination::PageNumber { total_count, .. } => {
                out.insert(total_count.clone(), json!(total));
            }
            Pagination::Completion {
                count: count_name,
                is_completed,
                ..
            } => {
                out.insert(count_name.clone(), json!(count));
                out.insert(
                    is_completed.clone(),
                    json!(start.saturating_add(count) >= total),
                );
            }
        }
        out.insert(pn_name.clone(), json!(page_number));
        out.insert(ps_name.clone(), json!(page_size));
        out
    }
}

/// Puts `items` at the dotted member `path` (e.g. `VpnGateways`, `Data.Logs`), wrapping
/// the list in its wrapper object when the member names one.
fn insert_at_path(
    spec: &Spec,
    members: &std::collections::BTreeMap<String, vpn_spec::Member>,
    path: &str,
    items: Vec<Value>,
    out: &mut Map<String, Value>,
) {
    let (first, rest) = match path.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (path, None),
    };
    let member = members.get(first);
    match rest {
        None => {
            let list = Value::Array(items);
            let value = match member.and_then(|m| m.wrapper.as_ref()) {
                Some(w) => {
                    let mut m = Map::new();
                    m.insert(w.clone(), list);
                    Value::Object(m)
                }
                None => list,
            };
            out.insert(first.to_string(), value);
        }
        Some(rest) => {
            let inner_members = member
                .and_then(|m| crate::spec::structure(spec, &m.ty))
                .cloned()
                .unwrap_or_default();
            let mut inner = Map::new();
            insert_at_path(spec, &inner_members, rest, items, &mut inner);
            out.insert(first.to_string(), Value::Object(inner));
        }
    }
}

/// The handler of `action`, if the emulator implements it.
pub fn handler(action: &str) -> Option<Handler> {
    Some(match action {
        "CreateVpnGateway" => vpn_gateway::create,
        "ModifyVpnGatewayAttribute" => vpn_gateway::modify,
        "DescribeVpnGateways" => vpn_gateway::describe_many,
        "DescribeVpnGateway" => vpn_gateway::describe_one,
        "DeleteVpnGateway" => vpn_gateway::delete,
        "CreateCustomerGateway" => customer_gateway::create,
        "ModifyCustomerGatewayAttribute" => customer_gateway::modify,
        "DescribeCustomerGateways" => customer_gateway::describe_many,
        "DescribeCustomerGateway" => customer_gateway::describe_one,
        "DeleteCustomerGateway" => customer_gateway::delete,
        "CreateVpnConnection" => ipsec::create,
        "ModifyVpnConnectionAttribute" => ipsec::modify,
        "DescribeVpnConnections" => ipsec::describe_many,
        "DescribeVpnConnection" => ipsec::describe_one,
        "DownloadVpnConnectionConfig" => ipsec::download_config,
        "DeleteVpnConnection" => ipsec::delete,
        "CreateVpnRouteEntry" => route::create_dbr,
        "CreateVpnPbrRouteEntry" => route::create_pbr,
        "PublishVpnRouteEntry" => route::publish,
        "DescribeVpnRouteEntries" => route::describe_dbr,
        "DescribeVpnPbrRouteEntries" => route::describe_pbr,
        "ModifyVpnRouteEntryWeight" => route::modify_dbr_weight,
        "ModifyVpnPbrRouteEntryWeight" => route::modify_pbr_weight,
        "DeleteVpnRouteEntry" => route::delete_dbr,
        "DeleteVpnPbrRouteEntry" => route::delete_pbr,
        "CreateSslVpnServer" => ssl::create_server,
        "ModifySslVpnServer" => ssl::modify_server,
        "DescribeSslVpnServers" => ssl::describe_servers,
        "DeleteSslVpnServer" => ssl::delete_server,
        "CreateSslVpnClientCert" => ssl::create_cert,
        "ModifySslVpnClientCert" => ssl::modify_cert,
        "DescribeSslVpnClientCerts" => ssl::describe_certs,
        "DeleteSslVpnClientCert" => ssl::delete_cert,
        "DescribeVpnSslServerLogs" => ssl::server_logs,
        _ => return None,
    })
}

/// A JSON object from a `json!` literal.
pub fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// Keeps `name` when the caller filtered on it and the value differs.
pub fn filter_ok(params: &Params, name: &str, actual: &str) -> bool {
    params.str(name).is_none_or(|want| want == actual)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_spec_operation_has_a_handler() {
        let spec = crate::spec::load().expect("the embedded spec loads");
        let missing: Vec<&String> = spec
            .operations
            .keys()
            .filter(|a| super::handler(a).is_none())
            .collect();
        assert!(missing.is_empty(), "no handler for {missing:?}");
        assert_eq!(spec.operations.len(), 34);
    }
}
