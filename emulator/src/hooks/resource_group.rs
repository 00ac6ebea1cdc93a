//! `MoveVpnResourceGroup`: the resource `InstanceId` names (of the spec resource
//! `ResourceType` names) takes `NewResourceGroupId` as its `ResourceGroupId`, which every
//! answer describing it then shows; a VPN gateway takes the records under it along
//! (connections, SSL servers and their client certificates, IPsec servers...). A
//! resource group id is `rg-` and letters or digits; anything else names no group.

use serde_json::Map;

use crate::engine::{Answer, Ctx};
use crate::params::Params;
use crate::store::Record;

/// Whether `id` looks like a resource group id (`rg-acfmzs372yg****`).
fn is_group(id: &str) -> bool {
    id.strip_prefix("rg-")
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// `MoveVpnResourceGroup`.
pub fn move_group(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let kind = p.str_or_empty("ResourceType");
    let id = p.str_or_empty("InstanceId");
    let record = ctx
        .resource(kind)
        .and_then(|_| ctx.records(kind).find(|r| r.id == id).cloned())
        .ok_or_else(|| {
            ctx.err_msg(
                "ResourceNotFound",
                format!("The specified resource \"{id}\" of type {kind} is not found."),
            )
        })?;
    let group = p.str_or_empty("NewResourceGroupId");
    if !is_group(group) {
        return Err(ctx.err("InvalidResourceGroupId.NotFound"));
    }
    let mut moved = vec![(record.resource.clone(), record.id.clone())];
    let mut i = 0;
    while i < moved.len() {
        let (parent_kind, parent_id) = moved[i].clone();
        let children: Vec<(String, String)> = ctx
            .store
            .records(&ctx.region)
            .iter()
            .filter(|r| {
                ctx.parent(r)
                    .is_some_and(|p| p.resource == parent_kind && p.id == parent_id)
            })
            .map(|r| (r.resource.clone(), r.id.clone()))
            .collect();
        moved.extend(children);
        i += 1;
    }
    let region = ctx.region.clone();
    for (kind, id) in moved {
        if let Some(r) = ctx.store.find_mut(&region, &kind, &id) {
            r.set("ResourceGroupId", group);
        }
    }
    Ok(Map::new())
}
