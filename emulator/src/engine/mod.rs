//! The generic engine: serves an operation from the spec's `resources` data. The
//! operation's role in its resource's lifecycle decides what happens (see
//! [`lifecycle`]): `create` stores the request's members as properties under a fresh id,
//! `read` and `list` project properties into the response (filtered by the request
//! members that name properties, paged and wrapped as the spec says), `update` applies
//! members, `delete` refuses while instances point at the record and takes the cascading
//! ones with it. Behaviour the data cannot state is added by the named hooks of
//! [`crate::hooks`]; an operation with neither a lifecycle role nor a hook that serves
//! it is answered `NotImplemented` (501), naming it.

pub mod lifecycle;
mod paging;
pub mod project;

use serde_json::{Map, Value};
use vpn_spec::{Operation, Resource, Role, Spec};

use crate::config::Quotas;
use crate::errors::ApiError;
use crate::hooks;
use crate::ids::Ids;
use crate::params::Params;
use crate::store::{Record, Store};

pub use lifecycle::new_record;

/// An answer: the body without `RequestId`.
pub type Answer = Result<Map<String, Value>, ApiError>;

/// What the engine and the hooks work with during one call.
pub struct Ctx<'a> {
    /// The spec being served.
    pub spec: &'static Spec,
    /// The Action.
    pub action: &'a str,
    /// Its spec entry.
    pub op: &'static Operation,
    /// `RegionId`.
    pub region: String,
    /// Every region's records.
    pub store: &'a mut Store,
    /// Id generator.
    pub ids: &'a mut Ids,
    /// The current time, epoch ms.
    pub now_ms: i64,
    /// The activation delay, ms.
    pub delay_ms: i64,
    /// Quotas.
    pub quotas: &'a Quotas,
    /// The certificates the account holds (seeded), by id.
    pub certificates: &'a std::collections::BTreeSet<String>,
    /// How long a VPN gateway diagnosis takes, ms.
    pub diagnosis_delay_ms: i64,
}

impl Ctx<'_> {
    /// The error `code`, as documented for this Action.
    pub fn err(&self, code: &str) -> ApiError {
        ApiError::documented(self.spec, Some(self.action), code)
    }

    /// The error `code` with a specific message.
    pub fn err_msg(&self, code: &str, message: impl Into<String>) -> ApiError {
        let mut e = self.err(code);
        e.message = message.into();
        e
    }

    /// The spec resource `name`.
    pub fn resource(&self, name: &str) -> Option<&'static Resource> {
        self.spec.resources.get(name)
    }

    /// The not-found error of resource `name` (404 unless the spec says otherwise).
    pub fn not_found(&self, name: &str) -> ApiError {
        let code = self
            .resource(name)
            .map_or("NotFound", |r| r.not_found.as_str());
        ApiError::documented_or(
            self.spec,
            Some(self.action),
            code,
            404,
            format!("The specified {name} does not exist."),
        )
    }

    /// This region's records of `resource`, oldest first.
    pub fn records<'s>(&'s self, resource: &'s str) -> impl Iterator<Item = &'s Record> {
        self.store.of(&self.region, resource)
    }

    /// The stored record of `resource` with id `id`, or the resource's not-found error.
    pub fn find(&self, resource: &str, id: &str) -> Result<Record, ApiError> {
        self.store
            .find(&self.region, resource, id)
            .cloned()
            .ok_or_else(|| self.not_found(resource))
    }

    /// The stored parent of `record`, when its resource has one and it exists.
    pub fn parent(&self, record: &Record) -> Option<Record> {
        let relation = self.resource(&record.resource)?.parent.as_ref()?;
        let member = self.resource(&relation.resource)?.identifier.as_deref()?;
        let id = record.str(member)?;
        self.store
            .find(&self.region, &relation.resource, id)
            .cloned()
    }

    /// How many records of `resource` this region has, under the parent with id `parent`
    /// when one is given.
    pub fn count(&self, resource: &str, parent: Option<&str>) -> usize {
        let member = self
            .resource(resource)
            .and_then(|r| r.parent.as_ref())
            .and_then(|p| self.resource(&p.resource))
            .and_then(|p| p.identifier.as_deref());
        self.records(resource)
            .filter(|r| match (parent, member) {
                (Some(id), Some(m)) => r.str(m) == Some(id),
                _ => true,
            })
            .count()
    }

    /// `record` as it is read: its resource's `view` hook applied (statuses that follow
    /// time...).
    pub fn view(&self, record: &Record) -> Record {
        let mut seen = record.clone();
        if let Some(view) = hooks::resource(&record.resource).view {
            view(self, &mut seen);
        }
        seen
    }

    /// Runs the `guard` hooks of `record`'s resource and of each of its ancestors (a
    /// client certificate, its SSL-VPN server, their VPN gateway), each on the viewed
    /// record: they refuse operations on instances that are not usable.
    pub fn guard(&self, record: &Record) -> Result<(), ApiError> {
        let mut at = Some(record.clone());
        while let Some(r) = at {
            if let Some(guard) = hooks::resource(&r.resource).guard {
                guard(self, &self.view(&r))?;
            }
            at = self.parent(&r);
        }
        Ok(())
    }

    /// The record this Action acts on, found the way the engine finds it for its own
    /// roles (by identifier, or by the request members that name properties), guarded.
    pub fn target(&self, params: &Params) -> Result<Record, ApiError> {
        match self.spec.resource_of(self.action) {
            Some((name, resource, _)) => lifecycle::target(self, name, resource, params),
            None => Err(not_implemented(self)),
        }
    }

    /// A paged list answer shaped by the spec: the page the request asks for at the
    /// pagination's item path, with the total (or count and completion, or the next
    /// page's token) and the paging members. A token the emulator did not issue is
    /// refused with the pagination's invalid-token error.
    pub fn paged(&self, params: &Params, items: Vec<Value>) -> Answer {
        paging::paged(self.spec, self.action, self.op, params, items)
    }
}

/// Whether `action` is served: by the engine (it has a lifecycle role) or by a hook.
pub fn serves(spec: &Spec, action: &str) -> bool {
    hooks::operation(action).serve.is_some()
        || spec
            .resource_of(action)
            .is_some_and(|(_, _, role)| role != Role::Other)
}

/// Serves the call in `ctx` with the validated `params`.
pub fn serve(ctx: &mut Ctx<'_>, params: &Params) -> Answer {
    let hooks = hooks::operation(ctx.action);
    let bound = ctx.spec.resource_of(ctx.action);
    if let Some(serve) = hooks.serve {
        let target = match bound {
            Some((name, resource, role))
                if resource.identifier.is_some() && !matches!(role, Role::Create | Role::List) =>
            {
                Some(lifecycle::target(ctx, name, resource, params)?)
            }
            _ => None,
        };
        return serve(ctx, params, target);
    }
    let Some((name, resource, role)) = bound else {
        return Err(not_implemented(ctx));
    };
    match role {
        Role::Create => lifecycle::create(ctx, name, resource, params, hooks.before),
        Role::Read => lifecycle::read(ctx, name, resource, params),
        Role::List => lifecycle::list(ctx, name, resource, params),
        Role::Update => lifecycle::update(ctx, name, resource, params, hooks.before),
        Role::Delete => lifecycle::delete(ctx, name, resource, params, hooks.before),
        Role::Other => Err(not_implemented(ctx)),
    }
}

/// `NotImplemented` (501), naming the Action.
pub fn not_implemented(ctx: &Ctx<'_>) -> ApiError {
    not_implemented_action(ctx.spec, ctx.action)
}

/// `NotImplemented` (501) for `action` of `spec`.
pub fn not_implemented_action(spec: &Spec, action: &str) -> ApiError {
    let mut e = ApiError::documented(spec, Some(action), "NotImplemented");
    e.message = format!(
        "The emulator does not implement {action}: it plays no lifecycle role in the spec's \
         resources and no hook serves it."
    );
    e
}
