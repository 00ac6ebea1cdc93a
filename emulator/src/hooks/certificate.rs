//! Certificates of ShangMi VPN gateways: `AssociateVpnGatewayWithCertificate` binds a
//! certificate the emulator knows (seeded with [`crate::Builder::certificate`], the
//! `--certificate` flag or `POST /_emulator/certificates`: the certificates of the
//! account's Certificate Management Service) to a gateway in a role (`Encryption`,
//! `Signature`); `DissociateVpnGatewayWithCertificate` unbinds it;
//! `ListVpnCertificateAssociations` lists the bindings of the region, paged by the
//! engine's next-token paging. A binding is a record of [`ASSOCIATION`], which no spec resource
//! describes; a gateway has one certificate per role (binding another replaces it).

use serde_json::{Map, Value, json};

use crate::engine::{Answer, Ctx};
use crate::errors::ApiError;
use crate::params::Params;
use crate::store::Record;

/// The records of certificate bindings (not a spec resource).
pub const ASSOCIATION: &str = "VpnCertificateAssociation";

/// The certificate the request names, which the emulator must know.
fn known_certificate<'p>(ctx: &Ctx<'_>, p: &'p Params) -> Result<&'p str, ApiError> {
    let id = p.str_or_empty("CertificateId");
    if ctx.certificates.contains(id) {
        Ok(id)
    } else {
        Err(ctx.err_msg(
            "InvalidCertificateId.NotFound",
            format!("The specified certificate id \"{id}\" does not exist."),
        ))
    }
}

/// The gateway the request names, found and guarded (`VpnGateway.Configuring`).
fn gateway(ctx: &Ctx<'_>, p: &Params) -> Result<Record, ApiError> {
    let gw = ctx.find("VpnGateway", p.str_or_empty("VpnGatewayId"))?;
    ctx.guard(&gw)?;
    Ok(gw)
}

/// `AssociateVpnGatewayWithCertificate`.
pub fn associate(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let gw = gateway(ctx, p)?;
    let cert = known_certificate(ctx, p)?.to_string();
    let role = p.str_or_empty("CertificateType").to_string();
    let region = ctx.region.clone();
    ctx.store.remove(&region, |r| {
        r.resource == ASSOCIATION
            && r.str("VpnGatewayId") == Some(gw.id.as_str())
            && r.str("CertificateType") == Some(role.as_str())
    });
    let mut props = Map::new();
    props.insert("VpnGatewayId".into(), json!(gw.id));
    props.insert("CertificateId".into(), json!(cert));
    props.insert("CertificateType".into(), json!(role));
    props.insert("RegionId".into(), json!(region));
    props.insert(
        "AssociationTime".into(),
        json!(super::diagnosis::iso(ctx.now_ms)),
    );
    let record = Record {
        resource: ASSOCIATION.into(),
        id: ctx.store.next_key(),
        created_ms: ctx.now_ms,
        props,
    };
    ctx.store.insert(&region, record);
    Ok(Map::new())
}

/// `DissociateVpnGatewayWithCertificate`: the binding of that certificate in that role
/// must exist (else `InvalidCertificateId.NotFound`).
pub fn dissociate(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let gw = gateway(ctx, p)?;
    let cert = known_certificate(ctx, p)?.to_string();
    let role = p.str_or_empty("CertificateType").to_string();
    let bound = |r: &Record| {
        r.resource == ASSOCIATION
            && r.str("VpnGatewayId") == Some(gw.id.as_str())
            && r.str("CertificateId") == Some(cert.as_str())
            && r.str("CertificateType") == Some(role.as_str())
    };
    if !ctx.records(ASSOCIATION).any(&bound) {
        return Err(ctx.err_msg(
            "InvalidCertificateId.NotFound",
            format!(
                "The certificate \"{cert}\" is not bound to {} as {role}.",
                gw.id
            ),
        ));
    }
    let region = ctx.region.clone();
    ctx.store.remove(&region, bound);
    Ok(Map::new())
}

/// The string items of a list parameter.
pub fn strings<'p>(p: &'p Params, name: &str) -> Vec<&'p str> {
    p.values
        .get(name)
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// `ListVpnCertificateAssociations`: filtered by gateways, certificates and role, in
/// binding order, paged by the engine with its `NextToken`s.
pub fn list(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let gateways = strings(p, "VpnGatewayId");
    let certs = strings(p, "CertificateId");
    let role = p.str("CertificateType");
    let matching: Vec<Value> = ctx
        .records(ASSOCIATION)
        .filter(|r| gateways.is_empty() || gateways.contains(&r.str("VpnGatewayId").unwrap_or("")))
        .filter(|r| certs.is_empty() || certs.contains(&r.str("CertificateId").unwrap_or("")))
        .filter(|r| role.is_none_or(|t| r.str("CertificateType") == Some(t)))
        .map(|r| Value::Object(r.props.clone()))
        .collect();
    ctx.paged(p, matching)
}
