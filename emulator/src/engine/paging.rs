//! Paged list answers shaped by the spec: the page is cut by the pagination's page number
//! and size parameters and placed at its item path inside the members' wrappers;
//! `TotalCount` (page-number style) or `Count` + `IsCompleted` (completion style),
//! `PageNumber` and `PageSize` are added.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use vpn_spec::{Member, Operation, Pagination, Spec};

use crate::params::Params;

/// The page of `items` (the whole filtered list) that `params` ask for, shaped as `op`'s
/// pagination says; empty when `op` does not page.
pub fn paged(
    spec: &Spec,
    op: &Operation,
    params: &Params,
    items: Vec<Value>,
) -> Map<String, Value> {
    let mut out = Map::new();
    let Some(pagination) = &op.pagination else {
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
    let start = usize::try_from((page_number - 1).saturating_mul(page_size)).unwrap_or(usize::MAX);
    let size = usize::try_from(page_size).unwrap_or(usize::MAX);
    let page: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let count = page.len();
    insert_at_path(spec, &op.response, path, page, &mut out);
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

/// Puts `items` at the dotted member `path` (e.g. `VpnGateways`, `Data.Logs`), wrapping
/// the list in its wrapper object when the member names one.
fn insert_at_path(
    spec: &Spec,
    members: &BTreeMap<String, Member>,
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
