//! Priority and attribute changes of policy-based routes: the route the request names
//! (source, destination, next hop, current weight and, when given, current priority; a
//! route created without one has the spec's default, which the engine stored) takes
//! `NewPriority` and, for the attribute change, `NewWeight`.

use serde_json::Map;

use crate::engine::{Answer, Ctx};
use crate::params::Params;
use crate::store::Record;

/// `ModifyVpnPbrRouteEntryPriority` and `ModifyVpnPbrRouteEntryAttribute`.
pub fn modify(ctx: &mut Ctx<'_>, p: &Params, _: Option<Record>) -> Answer {
    let mut route = ctx.target(p)?;
    if let Some(wanted) = p.int("Priority") {
        if route.int("Priority") != Some(wanted) {
            return Err(ctx.not_found(super::route::POLICY));
        }
    }
    if let Some(priority) = p.int("NewPriority") {
        route.set("Priority", priority);
    }
    if let Some(weight) = p.int("NewWeight") {
        route.set("Weight", weight);
    }
    let region = ctx.region.clone();
    ctx.store.replace(&region, route);
    Ok(Map::new())
}
