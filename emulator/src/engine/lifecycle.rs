//! The five lifecycle roles, from the resource's data alone:
//!
//! * **create**: the parent named by the request (its identifier member) must exist and
//!   its chain is guarded; then every reference (`CustomerGatewayId`) must exist, and a
//!   reference to a resource with the same kind of parent must share the parent (a
//!   route's next hop is a connection of the route's gateway). The request's members (minus
//!   the idempotency token and paging) become the properties, with the spec's defaults,
//!   nested structure defaults included; a fresh id with the resource's prefix and the
//!   creation time are added. The `before` hook may refuse or add properties; the answer
//!   is the record projected onto the response.
//! * **read**: the record named by the identifier (or, when no record of the resource
//!   has that id, one of another resource with the same identifier member and id prefix:
//!   DescribeVpnConnection describes a VPN attachment), guarded, projected.
//! * **list**: the records that meet every sent filter, projected onto the shape
//!   ([`super::project`]), paged and wrapped as the spec's pagination says. A request
//!   member naming a property of the same type must equal it (a list of that type: any
//!   of its items); a record without the property is excluded when the create request
//!   sets it, and kept when hooks compute it (its value is unknown). A list of structures
//!   (`Tag.N.Key`/`Tag.N.Value`) must be held by the one property that is a list of the
//!   same structure (`Tags`): every requested item, on the members it sends.
//! * **update**: the target's properties take the request's members (structures merge
//!   key by key), then the `before` hook; answered projected.
//! * **delete**: after the `before` hook, refused with `DependencyViolation.<Resource>`
//!   while an instance that does not cascade points at the record (as a child or
//!   through a reference); cascading ones go with it.
//!
//! A resource without an identifier (a route) is named by its properties: the parent
//! named by the request must exist and is guarded, then the first record matching the
//! request members that name properties (as a list filters) is the target.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};
use vpn_spec::{Format, Member, OnDelete, Relation, Resource, Spec};

use super::project::{project, wrap};
use super::{Answer, Ctx};
use crate::errors::ApiError;
use crate::hooks::Before;
use crate::ids::Ids;
use crate::params::Params;
use crate::spec::{fill_defaults, structure};
use crate::store::{Record, Store};

/// `create`.
pub fn create(
    ctx: &mut Ctx<'_>,
    name: &str,
    resource: &Resource,
    params: &Params,
    before: Option<Before>,
) -> Answer {
    let parent = match &resource.parent {
        Some(relation) => Some(named_parent(ctx, relation, params)?),
        None => None,
    };
    if let Some(parent) = &parent {
        ctx.guard(parent)?;
    }
    check_references(ctx, resource, params)?;
    let props = properties(ctx, params);
    let mut record = new_record(ctx.spec, ctx.store, ctx.ids, name, ctx.now_ms, props);
    if let Some(before) = before {
        before(ctx, params, &mut record)?;
    }
    let answer = project(ctx.spec, resource, &ctx.view(&record), &ctx.op.response);
    let region = ctx.region.clone();
    ctx.store.insert(&region, record);
    Ok(answer)
}

/// `read`.
pub fn read(ctx: &mut Ctx<'_>, name: &str, resource: &Resource, params: &Params) -> Answer {
    let record = target(ctx, name, resource, params)?;
    Ok(project(
        ctx.spec,
        resource,
        &ctx.view(&record),
        &ctx.op.response,
    ))
}

/// `list`.
pub fn list(ctx: &mut Ctx<'_>, name: &str, resource: &Resource, params: &Params) -> Answer {
    let filters = filters(ctx, resource, params);
    let empty = BTreeMap::new();
    let shape = structure(ctx.spec, &resource.shape).unwrap_or(&empty);
    let items: Vec<Value> = ctx
        .records(name)
        .map(|r| ctx.view(r))
        .filter(|r| matches(r, &filters))
        .map(|r| Value::Object(project(ctx.spec, resource, &r, shape)))
        .collect();
    if ctx.op.pagination.is_some() {
        return ctx.paged(params, items);
    }
    let mut out = Map::new();
    let list = ctx
        .op
        .response
        .iter()
        .find(|(_, m)| m.is_list() && m.items.as_deref() == Some(resource.shape.as_str()));
    if let Some((member, m)) = list {
        out.insert(member.clone(), wrap(m, items));
    }
    Ok(out)
}

/// `update`.
pub fn update(
    ctx: &mut Ctx<'_>,
    name: &str,
    resource: &Resource,
    params: &Params,
    before: Option<Before>,
) -> Answer {
    let mut record = target(ctx, name, resource, params)?;
    let skip = plumbing(ctx);
    for (member, value) in &params.values {
        if Some(member.as_str()) == resource.identifier.as_deref() || skip.contains(member.as_str())
        {
            continue;
        }
        match (record.props.get_mut(member), value) {
            (Some(Value::Object(old)), Value::Object(new)) => old.extend(new.clone()),
            _ => {
                record.props.insert(member.clone(), value.clone());
            }
        }
    }
    if let Some(before) = before {
        before(ctx, params, &mut record)?;
    }
    let answer = project(ctx.spec, resource, &ctx.view(&record), &ctx.op.response);
    let region = ctx.region.clone();
    ctx.store.replace(&region, record);
    Ok(answer)
}

/// `delete`.
pub fn delete(
    ctx: &mut Ctx<'_>,
    name: &str,
    resource: &Resource,
    params: &Params,
    before: Option<Before>,
) -> Answer {
    let mut record = target(ctx, name, resource, params)?;
    if let Some(before) = before {
        before(ctx, params, &mut record)?;
    }
    let key = |r: &Record| (r.resource.clone(), r.id.clone());
    let mut doomed: Vec<(String, String)> = vec![key(&record)];
    let mut i = 0;
    while i < doomed.len() {
        let (res, id) = doomed[i].clone();
        for (dependent, on_delete) in dependents(ctx, &res, &id) {
            let k = key(dependent);
            if on_delete == OnDelete::Cascade && !doomed.contains(&k) {
                doomed.push(k);
            }
        }
        i += 1;
    }
    for (res, id) in &doomed {
        let blocker = dependents(ctx, res, id)
            .into_iter()
            .find(|(d, on_delete)| *on_delete == OnDelete::Refuse && !doomed.contains(&key(d)));
        if let Some((d, _)) = blocker {
            let code = format!("DependencyViolation.{}", d.resource);
            return Err(ApiError::documented_or(
                ctx.spec,
                Some(ctx.action),
                &code,
                400,
                format!(
                    "The specified {res} still has {} resources; delete them first.",
                    d.resource
                ),
            ));
        }
    }
    let region = ctx.region.clone();
    ctx.store.remove(&region, |r| doomed.contains(&key(r)));
    Ok(project(ctx.spec, resource, &record, &ctx.op.response))
}

/// The record a read, update, delete or other operation acts on (see the module docs),
/// with its chain guarded.
pub fn target(
    ctx: &Ctx<'_>,
    name: &str,
    resource: &Resource,
    params: &Params,
) -> Result<Record, ApiError> {
    if let Some(member) = &resource.identifier {
        let id = params.str(member).unwrap_or_default();
        let record = match ctx.find(name, id) {
            Ok(record) => record,
            Err(e) => kin(ctx, name, resource, id).ok_or(e)?,
        };
        ctx.guard(&record)?;
        return Ok(record);
    }
    if let Some(relation) = &resource.parent {
        let parent = named_parent(ctx, relation, params)?;
        ctx.guard(&parent)?;
    }
    let filters = filters(ctx, resource, params);
    ctx.records(name)
        .find(|r| matches(&ctx.view(r), &filters))
        .cloned()
        .ok_or_else(|| ctx.not_found(name))
}

/// For a read-only operation: the instance with id `id` of another resource named by the
/// same identifier member with the same id prefix, the two being one kind of thing seen
/// through two sets of operations (a VPN attachment is an IPsec-VPN connection without a
/// VPN gateway, so DescribeVpnConnection describes it too). Changes stay with each
/// resource's own operations.
fn kin(ctx: &Ctx<'_>, name: &str, resource: &Resource, id: &str) -> Option<Record> {
    if !ctx.op.read_only {
        return None;
    }
    ctx.spec
        .resources
        .iter()
        .filter(|(other, r)| {
            other.as_str() != name
                && r.identifier == resource.identifier
                && r.id_prefix == resource.id_prefix
        })
        .find_map(|(other, _)| ctx.store.find(&ctx.region, other, id).cloned())
}

/// A record of `resource` with a fresh id (the resource's prefix) or internal key, and
/// its creation time (`created`, in the member's format).
pub fn new_record(
    spec: &Spec,
    store: &mut Store,
    ids: &mut Ids,
    resource: &str,
    now_ms: i64,
    mut props: Map<String, Value>,
) -> Record {
    let res = spec.resources.get(resource);
    let id = match res.and_then(|r| r.identifier.as_deref().zip(r.id_prefix.as_deref())) {
        Some((member, prefix)) => {
            let id = ids.resource_id(prefix);
            props.insert(member.to_string(), Value::String(id.clone()));
            id
        }
        None => store.next_key(),
    };
    if let Some(res) = res
        && let Some(created) = &res.created
    {
        let format = structure(spec, &res.shape)
            .and_then(|m| m.get(created))
            .and_then(|m| m.format);
        props.insert(created.clone(), time_value(format, now_ms));
    }
    Record {
        resource: resource.to_string(),
        id,
        created_ms: now_ms,
        props,
    }
}

/// The parent the request names by the parent's identifier, or its not-found error.
fn named_parent(ctx: &Ctx<'_>, relation: &Relation, params: &Params) -> Result<Record, ApiError> {
    let member = ctx
        .resource(&relation.resource)
        .and_then(|p| p.identifier.as_deref())
        .unwrap_or_default();
    ctx.find(&relation.resource, params.str(member).unwrap_or_default())
}

/// Every sent reference names an existing instance (of the same parent, when both
/// resources have the same kind of parent).
fn check_references(ctx: &Ctx<'_>, resource: &Resource, params: &Params) -> Result<(), ApiError> {
    for (member, relation) in &resource.references {
        let Some(id) = params.str(member) else {
            continue;
        };
        let other = ctx.find(&relation.resource, id)?;
        let shared_parent = ctx
            .resource(&relation.resource)
            .and_then(|r| r.parent.as_ref())
            .zip(resource.parent.as_ref())
            .filter(|(a, b)| a.resource == b.resource)
            .and_then(|(p, _)| ctx.resource(&p.resource))
            .and_then(|p| p.identifier.as_deref());
        if let Some(parent_member) = shared_parent
            && other.str(parent_member) != params.str(parent_member)
        {
            return Err(ctx.not_found(&relation.resource));
        }
    }
    Ok(())
}

/// The properties a create stores: the request's values (spec defaults included, the
/// region too) minus the idempotency token and paging members, with the defaults of structure members
/// filled in (creating the structure when only defaults would fill it).
fn properties(ctx: &Ctx<'_>, params: &Params) -> Map<String, Value> {
    let skip = plumbing(ctx);
    let mut props: Map<String, Value> = params
        .values
        .iter()
        .filter(|(k, _)| !skip.contains(k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    for (name, member) in &ctx.op.request {
        let has_defaults = structure(ctx.spec, &member.ty)
            .is_some_and(|members| members.values().any(|m| m.default.is_some()));
        if !has_defaults || skip.contains(name.as_str()) {
            continue;
        }
        let entry = props
            .entry(name.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(object) = entry {
            fill_defaults(ctx.spec, &member.ty, object);
        }
    }
    props
}

/// Request members that are never properties: the idempotency token, the dry-run flag
/// and the paging members. (The region is a property: shapes such as `SslVpnServer` show it.)
fn plumbing(ctx: &Ctx<'_>) -> BTreeSet<&'static str> {
    let mut skip = BTreeSet::new();
    skip.extend(ctx.op.idempotency_token.as_deref());
    skip.extend(ctx.op.dry_run.as_deref());
    if let Some(p) = &ctx.op.pagination {
        skip.insert(p.cursor());
        skip.insert(p.page_size());
    }
    skip
}

/// One condition a list or a selection puts on records.
#[derive(Debug)]
enum Filter {
    /// The property equals the value (a list value: any of its items). `known` says
    /// the request sets the property on create, so a record without it has no value
    /// and is excluded; otherwise (a property hooks compute) it is kept, its value
    /// being unknown.
    Equals {
        property: String,
        value: Value,
        known: bool,
    },
    /// The property is a list of structures (tags) holding every wanted item: each
    /// wanted item's sent members equal those of one of the record's items. A record
    /// without the property has no items.
    Holds {
        property: String,
        wrapper: Option<String>,
        wanted: Vec<Value>,
    },
}

/// The sent request members that filter or select records of `resource`: a member
/// naming a property (a member of its create operation's request, or of its shape
/// through the aliases) of the same scalar type, or a list of that type (any of its
/// items matches); and a list of structures (`Tag.N.Key`/`Tag.N.Value`), whatever its
/// name, against the one property that is a list of the same structure (`Tags`). Not
/// the region, the idempotency token, the dry-run flag or paging.
fn filters(ctx: &Ctx<'_>, resource: &Resource, params: &Params) -> Vec<Filter> {
    // How a property is stored: as the create request declares it, else as the shape
    // does (properties hooks compute).
    let mut declared: BTreeMap<&str, &Member> = BTreeMap::new();
    if let Some(shape) = structure(ctx.spec, &resource.shape) {
        for (k, m) in shape {
            declared.insert(resource.aliases.get(k).unwrap_or(k).as_str(), m);
        }
    }
    let create = resource
        .create
        .as_ref()
        .and_then(|c| ctx.spec.operations.get(c));
    if let Some(create) = create {
        declared.extend(create.request.iter().map(|(k, m)| (k.as_str(), m)));
    }
    let set_on_create = |name: &str| create.is_some_and(|c| c.request.contains_key(name));
    let scalar = |m: &Member| !m.is_list() && !ctx.spec.resolve_type(&m.ty).is_structure();
    let structures = |m: &Member| {
        m.is_list()
            && m.items
                .as_deref()
                .is_some_and(|t| ctx.spec.resolve_type(t).is_structure())
    };
    let mut skip = plumbing(ctx);
    // Records are kept per region already.
    skip.insert(ctx.spec.service.region_parameter.as_str());
    let mut out = Vec::new();
    for (name, m) in &ctx.op.request {
        if skip.contains(name.as_str()) || !params.given(name) {
            continue;
        }
        let Some(value) = params.values.get(name) else {
            continue;
        };
        if structures(m) {
            let mut holders = declared
                .iter()
                .filter(|(_, p)| structures(p) && p.items == m.items);
            if let (Some((property, p)), None) = (holders.next(), holders.next()) {
                out.push(Filter::Holds {
                    property: (*property).to_string(),
                    wrapper: p.wrapper.clone(),
                    wanted: value.as_array().cloned().unwrap_or_default(),
                });
            }
            continue;
        }
        let matching = declared.get(name.as_str()).is_some_and(|property| {
            scalar(property) && (property.ty == m.ty || m.items.as_ref() == Some(&property.ty))
        });
        if matching {
            out.push(Filter::Equals {
                property: name.clone(),
                value: value.clone(),
                known: set_on_create(name),
            });
        }
    }
    out
}

/// Whether `record` meets every filter. An equality filter is met by an equal value, by
/// any item of a wanted list, and by a property a view computes as a list of values (a
/// dual-tunnel connection's tunnels' customer gateways) holding the wanted one.
fn matches(record: &Record, filters: &[Filter]) -> bool {
    filters.iter().all(|filter| match filter {
        Filter::Equals {
            property,
            value: want,
            known,
        } => match record.props.get(property) {
            Some(have) => {
                have == want
                    || want.as_array().is_some_and(|any| any.contains(have))
                    || have.as_array().is_some_and(|any| any.contains(want))
            }
            None => !known,
        },
        Filter::Holds {
            property,
            wrapper,
            wanted,
        } => {
            let have = record
                .props
                .get(property)
                .map(|v| items(v, wrapper.as_deref()))
                .unwrap_or_default();
            wanted
                .iter()
                .all(|want| have.iter().any(|item| holds(item, want)))
        }
    })
}

/// The items of a stored list: a bare array, or one inside its wrapper object.
fn items<'v>(value: &'v Value, wrapper: Option<&str>) -> &'v [Value] {
    let list = match (value, wrapper) {
        (Value::Array(_), _) => Some(value),
        (Value::Object(o), Some(w)) => o.get(w),
        _ => None,
    };
    list.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Whether the stored item has every member the wanted item sets, with its value.
fn holds(item: &Value, want: &Value) -> bool {
    match (item, want) {
        (Value::Object(have), Value::Object(want)) => {
            want.iter().all(|(k, v)| have.get(k) == Some(v))
        }
        _ => item == want,
    }
}

/// The instances that point at the record `(resource, id)`, with what deleting it does
/// to them, in creation order.
fn dependents<'s>(ctx: &'s Ctx<'_>, resource: &str, id: &str) -> Vec<(&'s Record, OnDelete)> {
    let parent_member = ctx.resource(resource).and_then(|r| r.identifier.as_deref());
    let mut out = Vec::new();
    for r in ctx.store.records(&ctx.region) {
        let Some(res) = ctx.resource(&r.resource) else {
            continue;
        };
        if let (Some(parent), Some(member)) = (&res.parent, parent_member)
            && parent.resource == resource
            && r.str(member) == Some(id)
        {
            out.push((r, parent.on_delete));
            continue;
        }
        if let Some(relation) = res
            .references
            .iter()
            .find(|(m, rel)| rel.resource == resource && r.str(m) == Some(id))
            .map(|(_, rel)| rel)
        {
            out.push((r, relation.on_delete));
        }
    }
    out
}

/// A creation time in the member's format: epoch milliseconds, or ISO 8601 UTC text.
fn time_value(format: Option<Format>, now_ms: i64) -> Value {
    if format == Some(Format::DateTime) {
        let text = time::OffsetDateTime::from_unix_timestamp(now_ms / 1000)
            .ok()
            .and_then(|t| {
                t.format(time::macros::format_description!(
                    "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
                ))
                .ok()
            })
            .unwrap_or_default();
        return Value::String(text);
    }
    Value::from(now_ms)
}
