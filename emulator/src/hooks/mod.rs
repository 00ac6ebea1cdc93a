//! Behaviour the spec's data cannot state, as small named hooks on top of the engine
//! ([`crate::engine`]), in two tables: [`OPERATIONS`] (keyed by Action) and
//! [`RESOURCES`] (keyed by spec resource). Everything not listed here is the engine's
//! generic behaviour.
//!
//! * An operation's [`Before`] hook runs on the record a `create`, `update` or `delete`
//!   is about to store, change or remove, after the engine's own checks: it may refuse
//!   (quotas, uniqueness, CIDR overlap...) or add properties (derived values, generated
//!   keys).
//! * An operation's [`Serve`] hook answers the operation itself (the engine validated
//!   the request and, for an operation on a resource with an identifier, found and
//!   guarded the record); this is how operations outside the lifecycle are served.
//! * A resource's [`View`] hook computes properties when a record is read (statuses
//!   that follow time).
//! * A resource's [`Guard`] hook refuses operations acting on a record or on any of its
//!   descendants (a gateway that is not `active`).

pub mod attachment;
pub mod certificate;
pub mod connection_logs;
pub mod customer_gateway;
pub mod diagnosis;
pub mod ipsec;
pub mod ipsec_server;
pub mod pbr_route;
pub mod resource_group;
pub mod route;
pub mod ssl;
pub mod ssl_clients;
pub mod tunnels;
pub mod vpn_gateway;
pub mod zones;

use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// Checks and completes the record a create, update or delete is about to commit.
pub type Before = fn(&mut Ctx<'_>, &Params, &mut Record) -> Result<(), ApiError>;

/// Answers an operation; the record is the one it acts on, when the engine could find it.
pub type Serve = fn(&mut Ctx<'_>, &Params, Option<Record>) -> Answer;

/// Computes read-time properties of a record (applied to a copy).
pub type View = fn(&Ctx<'_>, &mut Record);

/// Refuses an operation acting on the (viewed) record or one of its descendants.
pub type Guard = fn(&Ctx<'_>, &Record) -> Result<(), ApiError>;

/// The hooks of one operation.
#[derive(Debug, Clone, Copy, Default)]
pub struct OperationHooks {
    /// See [`Before`].
    pub before: Option<Before>,
    /// See [`Serve`].
    pub serve: Option<Serve>,
}

/// The hooks of one resource.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResourceHooks {
    /// See [`View`].
    pub view: Option<View>,
    /// See [`Guard`].
    pub guard: Option<Guard>,
}

const fn before(hook: Before) -> OperationHooks {
    OperationHooks {
        before: Some(hook),
        serve: None,
    }
}

const fn serve(hook: Serve) -> OperationHooks {
    OperationHooks {
        before: None,
        serve: Some(hook),
    }
}

/// Operation hooks by Action.
pub const OPERATIONS: &[(&str, OperationHooks)] = &[
    ("CreateVpnGateway", before(vpn_gateway::create)),
    ("DeleteVpnGateway", before(vpn_gateway::delete)),
    ("CreateCustomerGateway", before(customer_gateway::create)),
    ("DeleteCustomerGateway", before(customer_gateway::delete)),
    ("CreateVpnConnection", before(ipsec::create)),
    ("DownloadVpnConnectionConfig", serve(ipsec::download_config)),
    ("ModifyVpnConnectionAttribute", before(ipsec::modify)),
    ("ModifyTunnelAttribute", serve(tunnels::modify_tunnel)),
    ("CreateVpnRouteEntry", before(route::create)),
    ("CreateVpnPbrRouteEntry", before(route::create)),
    ("ModifyVpnRouteEntryWeight", serve(route::modify_weight)),
    ("ModifyVpnPbrRouteEntryWeight", serve(route::modify_weight)),
    ("PublishVpnRouteEntry", serve(route::publish)),
    ("CreateSslVpnServer", before(ssl::create_server)),
    ("ModifySslVpnServer", before(ssl::modify_server)),
    ("CreateSslVpnClientCert", before(ssl::create_cert)),
    ("DescribeVpnSslServerLogs", serve(ssl::server_logs)),
    ("CreateVpnAttachment", before(attachment::create)),
    ("ModifyVpnAttachmentAttribute", before(attachment::modify)),
    ("CreateVcoRouteEntry", before(attachment::create_route)),
    ("ModifyVcoRouteEntryWeight", serve(route::modify_weight)),
    ("DescribeVcoRouteEntries", serve(attachment::routes)),
    ("CheckVpnBgpEnabled", serve(attachment::check_bgp)),
    (
        "DescribeVpnCrossAccountAuthorizations",
        serve(attachment::cross_account),
    ),
    (
        "AssociateVpnGatewayWithCertificate",
        serve(certificate::associate),
    ),
    (
        "DissociateVpnGatewayWithCertificate",
        serve(certificate::dissociate),
    ),
    ("ListVpnCertificateAssociations", serve(certificate::list)),
    ("MoveVpnResourceGroup", serve(resource_group::move_group)),
    ("DiagnoseVpnGateway", serve(diagnosis::diagnose_gateway)),
    ("GetVpnGatewayDiagnoseResult", serve(diagnosis::result)),
    (
        "DiagnoseVpnConnections",
        serve(diagnosis::diagnose_connections),
    ),
    (
        "DescribeVpnGatewayAvailableZones",
        serve(zones::available_zones),
    ),
    ("DescribeVpnConnectionLogs", serve(connection_logs::logs)),
    ("ModifyVpnPbrRouteEntryPriority", serve(pbr_route::modify)),
    ("ModifyVpnPbrRouteEntryAttribute", serve(pbr_route::modify)),
    ("CreateIpsecServer", before(ipsec_server::create)),
    ("UpdateIpsecServer", before(ipsec_server::update)),
    ("DeleteIpsecServer", before(ipsec_server::delete)),
    ("ListIpsecServerLogs", serve(ipsec_server::logs)),
    ("DescribeSslVpnClients", serve(ssl_clients::clients)),
    ("DescribeSslVpnClientCert", serve(ssl_clients::cert)),
];

/// Resource hooks by spec resource name.
pub const RESOURCES: &[(&str, ResourceHooks)] = &[
    (
        "VpnGateway",
        ResourceHooks {
            view: Some(vpn_gateway::view),
            guard: Some(vpn_gateway::guard),
        },
    ),
    (
        "VpnConnection",
        ResourceHooks {
            view: Some(ipsec::view),
            guard: None,
        },
    ),
    (
        "SslVpnClientCert",
        ResourceHooks {
            view: Some(ssl::cert_view),
            guard: None,
        },
    ),
    (
        "VpnAttachment",
        ResourceHooks {
            view: Some(attachment::view),
            guard: Some(attachment::guard),
        },
    ),
];

/// The hooks of `action` (none when it has no entry).
pub fn operation(action: &str) -> OperationHooks {
    OPERATIONS
        .iter()
        .find(|(a, _)| *a == action)
        .map(|(_, h)| *h)
        .unwrap_or_default()
}

/// The hooks of resource `name` (none when it has no entry).
pub fn resource(name: &str) -> ResourceHooks {
    RESOURCES
        .iter()
        .find(|(r, _)| *r == name)
        .map(|(_, h)| *h)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use vpn_spec::Role;

    use super::*;

    #[test]
    fn every_hook_names_a_spec_item_and_fits_its_role() {
        let spec = crate::spec::load().expect("the embedded spec loads");
        for (action, hooks) in OPERATIONS {
            assert!(
                spec.operations.contains_key(*action),
                "{action} is not in the spec"
            );
            if hooks.before.is_some() {
                let role = spec.resource_of(action).map(|(_, _, role)| role);
                assert!(
                    matches!(role, Some(Role::Create | Role::Update | Role::Delete)),
                    "{action}: a before hook needs a create, update or delete role, not {role:?}"
                );
            }
        }
        for (name, _) in RESOURCES {
            assert!(
                spec.resources.contains_key(*name),
                "{name} is not a spec resource"
            );
        }
    }

    #[test]
    fn every_spec_operation_is_served() {
        let spec = crate::spec::load().expect("the embedded spec loads");
        let unserved: Vec<&String> = spec
            .operations
            .keys()
            .filter(|a| !crate::engine::serves(spec, a))
            .collect();
        assert!(unserved.is_empty(), "nothing serves {unserved:?}");
    }
}
