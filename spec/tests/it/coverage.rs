//! The spec covers the API reference: every operation, in its group, with every documented
//! request parameter (and whether it is required) and every documented response field,
//! nested ones included.
//!
//! The tables below were written by hand from the reference
//! (`shared/seeds/000_8682e927acabaef1.txt`, version 20190912) with the fixes of
//! `shared/design/ERRATA.md` applied:
//! - `Action` and the common parameters are not listed;
//! - typos fixed: `IpssecConfig` -> `IpsecConfig` (and its `Ipssec*` keys), `IpssecVpn` ->
//!   `IpsecVpn`, `LocalIdIPsec` -> `LocalId`;
//! - JSON-string request parameters (`IkeConfig`, `IpsecConfig`, `HealthCheckConfig`) are one
//!   parameter each; their keys (`IkeConfig.Psk`...) are checked as members of the shape;
//! - wrapped lists are named by their outer key (`VpnGateways`), their items checked as the
//!   list's shape; `DescribeVpnSslServerLogs` answers `Data.Logs`;
//! - a VPN gateway's `Tag` (documented as one String) is really a list of key/value pairs,
//!   `"Tags": {"Tag": [...]}`: the field is `Tags`.
//!
//! The test deliberately does not read the reference or derive names from the spec: a
//! mismatch means either the spec or this table is wrong, and a person decides which.

use std::collections::BTreeSet;
use std::path::Path;

use vpn_spec::{Member, Pagination, Shape, Spec, load_dir};

/// One operation of the reference. Request names ending in `!` are required (是否必选: 是).
struct Op {
    name: &'static str,
    group: &'static str,
    request: &'static [&'static str],
    response: &'static [&'static str],
    /// `Some("page_number")` or `Some("completion")` for paged operations.
    paged: Option<&'static str>,
}

const OPS: &[Op] = &[
    // 4 VPN gateway
    Op {
        name: "CreateVpnGateway",
        group: "vpn_gateway",
        request: &[
            "Bandwidth!",
            "RegionId!",
            "VpcId!",
            "AutoPay",
            "EnableIpsec",
            "EnableSsl",
            "InstanceChargeType",
            "Name",
            "Period",
            "SslConnections",
        ],
        response: &["Name", "OrderId", "RequestId", "VpnGatewayId"],
        paged: None,
    },
    Op {
        name: "ModifyVpnGatewayAttribute",
        group: "vpn_gateway",
        request: &[
            "RegionId!",
            "VpnGatewayId!",
            "ClientToken",
            "Description",
            "Name",
        ],
        response: &[
            "VpnGatewayId",
            "VpcId",
            "VSwitchId",
            "InternetIp",
            "CreateTime",
            "EndTime",
            "Spec",
            "Name",
            "Description",
            "Status",
            "BusinessStatus",
            "IntranetIp",
            "RequestId",
        ],
        paged: None,
    },
    Op {
        name: "DescribeVpnGateways",
        group: "vpn_gateway",
        request: &[
            "RegionId!",
            "BusinessStatus",
            "PageNumber",
            "PageSize",
            "Status",
            "VpcId",
            "VpnGatewayId",
        ],
        response: &[
            "VpnGateways",
            "TotalCount",
            "PageNumber",
            "PageSize",
            "RequestId",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "DescribeVpnGateway",
        group: "vpn_gateway",
        request: &["RegionId!", "VpnGatewayId!"],
        response: &[
            "VpnGatewayId",
            "VpcId",
            "VSwitchId",
            "InternetIp",
            "CreateTime",
            "EndTime",
            "Spec",
            "Name",
            "Description",
            "Status",
            "BusinessStatus",
            "ChargeType",
            "IpsecVpn",
            "RequestId",
            "SslMaxConnections",
            "SslVpn",
            "Tags",
        ],
        paged: None,
    },
    Op {
        name: "DeleteVpnGateway",
        group: "vpn_gateway",
        request: &["RegionId!", "VpnGatewayId!", "ClientToken"],
        response: &["RequestId"],
        paged: None,
    },
    // 5 Customer gateway
    Op {
        name: "CreateCustomerGateway",
        group: "customer_gateway",
        request: &[
            "IpAddress!",
            "RegionId!",
            "ClientToken",
            "Description",
            "Name",
        ],
        response: &[
            "CustomerGatewayId",
            "IpAddress",
            "Name",
            "Description",
            "CreateTime",
            "RequestId",
        ],
        paged: None,
    },
    Op {
        name: "ModifyCustomerGatewayAttribute",
        group: "customer_gateway",
        request: &[
            "CustomerGatewayId!",
            "RegionId!",
            "ClientToken",
            "Description",
            "Name",
        ],
        response: &[
            "CustomerGatewayId",
            "Name",
            "Description",
            "IpAddress",
            "CreateTime",
            "RequestId",
        ],
        paged: None,
    },
    Op {
        name: "DescribeCustomerGateways",
        group: "customer_gateway",
        request: &["RegionId!", "CustomerGatewayId", "PageNumber", "PageSize"],
        response: &[
            "CustomerGateways",
            "TotalCount",
            "PageNumber",
            "PageSize",
            "RequestId",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "DescribeCustomerGateway",
        group: "customer_gateway",
        request: &["CustomerGatewayId!", "RegionId!"],
        response: &[
            "CustomerGatewayId",
            "Name",
            "Description",
            "IpAddress",
            "RequestId",
            "CreateTime",
        ],
        paged: None,
    },
    Op {
        name: "DeleteCustomerGateway",
        group: "customer_gateway",
        request: &["CustomerGatewayId!", "RegionId!", "ClientToken"],
        response: &["RequestId"],
        paged: None,
    },
    // 6 VPN routes
    Op {
        name: "CreateVpnRouteEntry",
        group: "vpn_route",
        request: &[
            "NextHop!",
            "PublishVpc!",
            "RegionId!",
            "RouteDest!",
            "VpnGatewayId!",
            "Weight!",
            "ClientToken",
            "OverlayMode",
        ],
        response: &[
            "CreateTime",
            "NextHop",
            "OverlayMode",
            "RequestId",
            "RouteDest",
            "State",
            "VpnInstanceId",
            "Weight",
        ],
        paged: None,
    },
    Op {
        name: "CreateVpnPbrRouteEntry",
        group: "vpn_route",
        request: &[
            "NextHop!",
            "PublishVpc!",
            "RegionId!",
            "RouteDest!",
            "RouteSource!",
            "VpnGatewayId!",
            "Weight!",
            "ClientToken",
            "OverlayMode",
        ],
        response: &[
            "CreateTime",
            "NextHop",
            "OverlayMode",
            "RequestId",
            "RouteDest",
            "RouteSource",
            "State",
            "VpnInstanceId",
            "Weight",
        ],
        paged: None,
    },
    Op {
        name: "PublishVpnRouteEntry",
        group: "vpn_route",
        request: &[
            "NextHop!",
            "PublishVpc!",
            "RegionId!",
            "RouteDest!",
            "RouteType!",
            "VpnGatewayId!",
            "ClientToken",
        ],
        response: &["RequestId"],
        paged: None,
    },
    Op {
        name: "DescribeVpnRouteEntries",
        group: "vpn_route",
        request: &["RegionId!", "VpnGatewayId!", "PageNumber", "PageSize"],
        response: &[
            "PageNumber",
            "PageSize",
            "RequestId",
            "TotalCount",
            "VpnRouteEntries",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "DescribeVpnPbrRouteEntries",
        group: "vpn_route",
        request: &["RegionId!", "VpnGatewayId!", "PageNumber", "PageSize"],
        response: &[
            "PageNumber",
            "PageSize",
            "RequestId",
            "TotalCount",
            "VpnPbrRouteEntries",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "ModifyVpnRouteEntryWeight",
        group: "vpn_route",
        request: &[
            "NewWeight!",
            "NextHop!",
            "RegionId!",
            "RouteDest!",
            "VpnGatewayId!",
            "Weight!",
            "ClientToken",
            "OverlayMode",
        ],
        response: &["RequestId"],
        paged: None,
    },
    Op {
        name: "ModifyVpnPbrRouteEntryWeight",
        group: "vpn_route",
        request: &[
            "NewWeight!",
            "NextHop!",
            "RegionId!",
            "RouteDest!",
            "RouteSource!",
            "VpnGatewayId!",
            "Weight!",
            "ClientToken",
            "OverlayMode",
        ],
        response: &["RequestId"],
        paged: None,
    },
    Op {
        name: "DeleteVpnRouteEntry",
        group: "vpn_route",
        request: &[
            "NextHop!",
            "RegionId!",
            "RouteDest!",
            "VpnGatewayId!",
            "Weight!",
            "ClientToken",
        ],
        response: &["RequestId"],
        paged: None,
    },
    Op {
        name: "DeleteVpnPbrRouteEntry",
        group: "vpn_route",
        request: &[
            "NextHop!",
            "RegionId!",
            "RouteDest!",
            "RouteSource!",
            "VpnGatewayId!",
            "Weight!",
            "ClientToken",
        ],
        response: &["RequestId"],
        paged: None,
    },
    // 7 IPsec-VPN
    Op {
        name: "CreateVpnConnection",
        group: "ipsec_vpn",
        request: &[
            // Required in the reference; optional today (dual-tunnel connections name a
            // customer gateway per tunnel instead), so the table no longer marks it.
            "CustomerGatewayId",
            "LocalSubnet!",
            "RegionId!",
            "RemoteSubnet!",
            "VpnGatewayId!",
            "ClientToken",
            "EffectImmediately",
            "HealthCheckConfig",
            "IkeConfig",
            "IpsecConfig",
            "Name",
        ],
        response: &["VpnConnectionId", "CreateTime", "Name", "RequestId"],
        paged: None,
    },
    Op {
        name: "ModifyVpnConnectionAttribute",
        group: "ipsec_vpn",
        request: &[
            "RegionId!",
            "VpnConnectionId!",
            "AutoConfigRoute",
            "ClientToken",
            "EffectImmediately",
            "IkeConfig",
            "IpsecConfig",
            "LocalSubnet",
            "Name",
            "RemoteSubnet",
        ],
        response: &[
            "VpnConnectionId",
            "CustomerGatewayId",
            "VpnGatewayId",
            "Name",
            "LocalSubnet",
            "RemoteSubnet",
            "CreateTime",
            "Description",
            "EffectImmediately",
            "IkeConfig",
            "IpsecConfig",
            "RequestId",
            "VcoHealthCheck",
        ],
        paged: None,
    },
    Op {
        name: "DescribeVpnConnections",
        group: "ipsec_vpn",
        request: &[
            "RegionId!",
            "CustomerGatewayId",
            "PageNumber",
            "PageSize",
            "VpnConnectionId",
            "VpnGatewayId",
        ],
        response: &[
            "VpnConnections",
            "TotalCount",
            "PageNumber",
            "PageSize",
            "RequestId",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "DescribeVpnConnection",
        group: "ipsec_vpn",
        request: &["RegionId!", "VpnConnectionId!"],
        response: &[
            "VpnConnectionId",
            "CustomerGatewayId",
            "VpnGatewayId",
            "Name",
            "LocalSubnet",
            "RemoteSubnet",
            "CreateTime",
            "Status",
            "EffectImmediately",
            "IkeConfig",
            "IpsecConfig",
            "RequestId",
            "VcoHealthCheck",
        ],
        paged: None,
    },
    Op {
        name: "DownloadVpnConnectionConfig",
        group: "ipsec_vpn",
        request: &["RegionId!", "VpnConnectionId!"],
        response: &["RequestId", "VpnConnectionConfig"],
        paged: None,
    },
    Op {
        name: "DeleteVpnConnection",
        group: "ipsec_vpn",
        request: &["RegionId!", "VpnConnectionId!", "ClientToken"],
        response: &["RequestId"],
        paged: None,
    },
    // 8 SSL-VPN
    Op {
        name: "CreateSslVpnServer",
        group: "ssl_vpn",
        request: &[
            "ClientIpPool!",
            "LocalSubnet!",
            "RegionId!",
            "VpnGatewayId!",
            "Cipher",
            "ClientToken",
            "Compress",
            "Name",
            "Port",
            "Proto",
        ],
        response: &["Name", "RequestId", "SslVpnServerId"],
        paged: None,
    },
    Op {
        name: "ModifySslVpnServer",
        group: "ssl_vpn",
        request: &[
            "RegionId!",
            "SslVpnServerId!",
            "Cipher",
            "ClientIpPool",
            "ClientToken",
            "Compress",
            "LocalSubnet",
            "Name",
            "Port",
            "Proto",
        ],
        response: &[
            "Cipher",
            "ClientIpPool",
            "Compress",
            "Connections",
            "CreateTime",
            "InternetIp",
            "LocalSubnet",
            "MaxConnections",
            "Name",
            "Port",
            "Proto",
            "RegionId",
            "RequestId",
            "SslVpnServerId",
            "VpnGatewayId",
        ],
        paged: None,
    },
    Op {
        name: "DescribeSslVpnServers",
        group: "ssl_vpn",
        request: &[
            "RegionId!",
            "Name",
            "PageNumber",
            "PageSize",
            "SslVpnServerId",
            "VpnGatewayId",
        ],
        response: &[
            "PageNumber",
            "PageSize",
            "RequestId",
            "SslVpnServers",
            "TotalCount",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "DeleteSslVpnServer",
        group: "ssl_vpn",
        request: &["RegionId!", "SslVpnServerId!", "ClientToken"],
        response: &["RequestId"],
        paged: None,
    },
    Op {
        name: "CreateSslVpnClientCert",
        group: "ssl_vpn",
        request: &["RegionId!", "SslVpnServerId!", "ClientToken", "Name"],
        response: &["Name", "RequestId", "SslVpnClientCertId"],
        paged: None,
    },
    Op {
        name: "ModifySslVpnClientCert",
        group: "ssl_vpn",
        request: &["RegionId!", "SslVpnClientCertId!", "ClientToken", "Name"],
        response: &["Name", "RequestId", "SslVpnClientCertId"],
        paged: None,
    },
    Op {
        name: "DescribeSslVpnClientCerts",
        group: "ssl_vpn",
        request: &[
            "RegionId!",
            "Name",
            "PageNumber",
            "PageSize",
            "SslVpnClientCertId",
            "SslVpnServerId",
        ],
        response: &[
            "PageNumber",
            "PageSize",
            "RequestId",
            "SslVpnClientCertKeys",
            "TotalCount",
        ],
        paged: Some("page_number"),
    },
    Op {
        name: "DescribeVpnSslServerLogs",
        group: "ssl_vpn",
        request: &[
            "RegionId!",
            "VpnSslServerId!",
            "From",
            "MinutePeriod",
            "PageNumber",
            "PageSize",
            "To",
        ],
        response: &[
            "Count",
            "Data",
            "IsCompleted",
            "PageNumber",
            "PageSize",
            "RequestId",
        ],
        paged: Some("completion"),
    },
    Op {
        name: "DeleteSslVpnClientCert",
        group: "ssl_vpn",
        request: &["RegionId!", "SslVpnClientCertId!", "ClientToken"],
        response: &["RequestId"],
        paged: None,
    },
];

/// Operations per group, from the reference's table of contents.
const GROUPS: &[(&str, usize)] = &[
    ("vpn_gateway", 5),
    ("customer_gateway", 5),
    ("vpn_route", 9),
    ("ipsec_vpn", 6),
    ("ssl_vpn", 9),
];

/// Which side of an operation a nested path starts from.
#[derive(Clone, Copy, Debug)]
enum Side {
    Request,
    Response,
}

const IKE_CONFIG: &[&str] = &[
    "IkeAuthAlg",
    "IkeEncAlg",
    "IkeLifetime",
    "IkeMode",
    "IkePfs",
    "IkeVersion",
    "LocalId",
    "Psk",
    "RemoteId",
];
const IPSEC_CONFIG: &[&str] = &["IpsecAuthAlg", "IpsecEncAlg", "IpsecLifetime", "IpsecPfs"];
const VPN_GATEWAY: &[&str] = &[
    "VpnGatewayId",
    "VpcId",
    "VSwitchId",
    "InternetIp",
    "CreateTime",
    "EndTime",
    "Spec",
    "Name",
    "Description",
    "Status",
    "BusinessStatus",
    "ChargeType",
    "IpsecVpn",
    "SslMaxConnections",
    "SslVpn",
    "Tags",
];
const SSL_VPN_SERVER: &[&str] = &[
    "Cipher",
    "ClientIpPool",
    "Compress",
    "Connections",
    "CreateTime",
    "InternetIp",
    "LocalSubnet",
    "MaxConnections",
    "Name",
    "Port",
    "Proto",
    "RegionId",
    "SslVpnServerId",
    "VpnGatewayId",
];

/// Nested documented fields: (operation, side, dotted path to a structure or a list of
/// structures, the fields the reference documents there).
const NESTED: &[(&str, Side, &str, &[&str])] = &[
    (
        "DescribeVpnGateways",
        Side::Response,
        "VpnGateways",
        VPN_GATEWAY,
    ),
    (
        "DescribeCustomerGateways",
        Side::Response,
        "CustomerGateways",
        &[
            "CustomerGatewayId",
            "Name",
            "Description",
            "IpAddress",
            "CreateTime",
        ],
    ),
    (
        "DescribeVpnRouteEntries",
        Side::Response,
        "VpnRouteEntries",
        &[
            "CreateTime",
            "NextHop",
            "RouteDest",
            "State",
            "VpnInstanceId",
            "Weight",
        ],
    ),
    (
        "DescribeVpnPbrRouteEntries",
        Side::Response,
        "VpnPbrRouteEntries",
        &[
            "CreateTime",
            "NextHop",
            "RouteDest",
            "RouteSource",
            "State",
            "VpnInstanceId",
            "Weight",
        ],
    ),
    (
        "CreateVpnConnection",
        Side::Request,
        "IkeConfig",
        IKE_CONFIG,
    ),
    (
        "CreateVpnConnection",
        Side::Request,
        "IpsecConfig",
        IPSEC_CONFIG,
    ),
    (
        "ModifyVpnConnectionAttribute",
        Side::Request,
        "IkeConfig",
        IKE_CONFIG,
    ),
    (
        "ModifyVpnConnectionAttribute",
        Side::Request,
        "IpsecConfig",
        IPSEC_CONFIG,
    ),
    (
        "ModifyVpnConnectionAttribute",
        Side::Response,
        "IkeConfig",
        IKE_CONFIG,
    ),
    (
        "ModifyVpnConnectionAttribute",
        Side::Response,
        "IpsecConfig",
        IPSEC_CONFIG,
    ),
    (
        "ModifyVpnConnectionAttribute",
        Side::Response,
        "VcoHealthCheck",
        &["Dip", "Enable", "Interval", "Retry", "Sip"],
    ),
    (
        "DescribeVpnConnections",
        Side::Response,
        "VpnConnections",
        &[
            "IkeConfig",
            "IpsecConfig",
            "VpnConnectionId",
            "CustomerGatewayId",
            "VpnGatewayId",
            "Name",
            "LocalSubnet",
            "RemoteSubnet",
            "CreateTime",
            "Status",
            "EffectImmediately",
            "VcoHealthCheck",
        ],
    ),
    (
        "DescribeVpnConnection",
        Side::Response,
        "IkeConfig",
        IKE_CONFIG,
    ),
    (
        "DescribeVpnConnection",
        Side::Response,
        "IpsecConfig",
        IPSEC_CONFIG,
    ),
    (
        "DescribeVpnConnection",
        Side::Response,
        "VcoHealthCheck",
        &["Dip", "Enable", "Interval", "Retry", "Sip", "Status"],
    ),
    (
        "DownloadVpnConnectionConfig",
        Side::Response,
        "VpnConnectionConfig",
        &[
            "IkeConfig",
            "IpsecConfig",
            "Local",
            "LocalSubnet",
            "Remote",
            "RemoteSubnet",
        ],
    ),
    (
        "DownloadVpnConnectionConfig",
        Side::Response,
        "VpnConnectionConfig.IkeConfig",
        IKE_CONFIG,
    ),
    (
        "DownloadVpnConnectionConfig",
        Side::Response,
        "VpnConnectionConfig.IpsecConfig",
        IPSEC_CONFIG,
    ),
    (
        "DescribeSslVpnServers",
        Side::Response,
        "SslVpnServers",
        SSL_VPN_SERVER,
    ),
    (
        "DescribeSslVpnClientCerts",
        Side::Response,
        "SslVpnClientCertKeys",
        &[
            "CreateTime",
            "EndTime",
            "Name",
            "RegionId",
            "SslVpnClientCertId",
            "SslVpnServerId",
            "Status",
        ],
    ),
    (
        "DescribeVpnSslServerLogs",
        Side::Response,
        "Data",
        &["Logs"],
    ),
];

fn spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf();
    load_dir(&dir).unwrap_or_else(|errors| {
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        panic!("the spec does not load:\n{}", text.join("\n"))
    })
}

fn set<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<&'a str> {
    names.into_iter().collect()
}

/// A `missing` line when the reference documents names the spec lacks. Names the spec
/// has beyond the reference (today's service has many) are not this test's business: the
/// upstream audit checks them against the service's own model.
fn compare(out: &mut Vec<String>, what: &str, documented: &BTreeSet<&str>, spec: &BTreeSet<&str>) {
    let missing: Vec<_> = documented.difference(spec).collect();
    if !missing.is_empty() {
        out.push(format!(
            "{what}: documented but not in the spec: {missing:?}"
        ));
    }
}

/// The structure shape a member holds (its own type, or its list's items).
fn structure_of<'a>(spec: &'a Spec, m: &'a Member) -> Option<(&'a str, &'a Shape)> {
    let name = m.element_type();
    spec.shapes
        .get_key_value(name)
        .filter(|(_, s)| matches!(s, Shape::Structure { .. }))
        .map(|(k, s)| (k.as_str(), s))
}

#[test]
fn the_spec_has_every_operation_of_the_reference_in_its_group() {
    let spec = spec();
    let mut out = Vec::new();
    compare(
        &mut out,
        "operations",
        &set(OPS.iter().map(|o| o.name)),
        &set(spec.operations.keys().map(String::as_str)),
    );
    // The table agrees with the reference's table of contents.
    for (group, count) in GROUPS {
        let listed = OPS.iter().filter(|o| o.group == *group).count();
        if listed != *count {
            out.push(format!(
                "table: {listed} operations in group {group}, the reference lists {count}"
            ));
        }
    }
    for op in OPS {
        if let Some(o) = spec.operations.get(op.name)
            && o.group != op.group
        {
            out.push(format!(
                "{}: group {} (expected {})",
                op.name, o.group, op.group
            ));
        }
    }
    assert!(out.is_empty(), "\n{}", out.join("\n"));
}

#[test]
fn every_operation_has_the_documented_request_parameters_and_response_fields() {
    let spec = spec();
    let mut out = Vec::new();
    for op in OPS {
        let Some(o) = spec.operations.get(op.name) else {
            out.push(format!("{}: missing from the spec", op.name));
            continue;
        };
        let request = set(op.request.iter().map(|n| n.trim_end_matches('!')));
        compare(
            &mut out,
            &format!("{} request", op.name),
            &request,
            &set(o.request.keys().map(String::as_str)),
        );
        for name in op.request {
            let (name, required) = match name.strip_suffix('!') {
                Some(n) => (n, true),
                None => (*name, false),
            };
            if let Some(m) = o.request.get(name)
                && m.required != required
            {
                out.push(format!(
                    "{} request {name}: required is {}, the reference says {required}",
                    op.name, m.required
                ));
            }
        }
        compare(
            &mut out,
            &format!("{} response", op.name),
            &set(op.response.iter().copied()),
            &set(o.response.keys().map(String::as_str)),
        );
        let style = o.pagination.as_ref().map(Pagination::style);
        if style != op.paged {
            out.push(format!(
                "{}: pagination {style:?}, expected {:?}",
                op.name, op.paged
            ));
        }
    }
    assert!(out.is_empty(), "\n{}", out.join("\n"));
}

#[test]
fn nested_shapes_have_the_documented_fields() {
    let spec = spec();
    let mut out = Vec::new();
    for (op_name, side, path, fields) in NESTED {
        let what = format!("{op_name} {side:?} {path}");
        let Some(op) = spec.operations.get(*op_name) else {
            out.push(format!("{what}: operation missing from the spec"));
            continue;
        };
        let members = match side {
            Side::Request => &op.request,
            Side::Response => &op.response,
        };
        let member = match spec.member_at_path(members, path) {
            Ok(m) => m,
            Err(e) => {
                out.push(format!("{what}: {e}"));
                continue;
            }
        };
        let Some((shape_name, shape)) = structure_of(&spec, member) else {
            out.push(format!("{what}: not a structure (type {})", member.ty));
            continue;
        };
        let in_spec = set(shape
            .members()
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str()));
        let missing: Vec<_> = fields.iter().filter(|f| !in_spec.contains(*f)).collect();
        if !missing.is_empty() {
            out.push(format!(
                "{what} (shape {shape_name}): documented but not in the spec: {missing:?}"
            ));
        }
    }
    assert!(out.is_empty(), "\n{}", out.join("\n"));
}
