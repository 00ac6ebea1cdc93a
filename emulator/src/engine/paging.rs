//! Paged list answers shaped by the spec: the page is cut by the pagination's page number
//! (or token) and size parameters and placed at its item path inside the members'
//! wrappers; `TotalCount` (page-number style), `Count` + `IsCompleted` (completion style)
//! or the next page's token (next-token style) and the paging members are added.
//!
//! Tokens are opaque to clients: the Action and the offset of the next item, base64url.
//! A token that does not decode to this Action's offset is answered with the
//! pagination's `invalid_token_error` (`InvalidParameter` when the spec names none).

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};
use vpn_spec::{Member, Operation, Pagination, Spec};

use crate::errors::ApiError;
use crate::params::Params;

/// The page of `items` (the whole filtered list) that `params` ask for, shaped as the
/// pagination of `op` (the spec entry of `action`) says; empty when `op` does not page.
pub fn paged(
    spec: &Spec,
    action: &str,
    op: &Operation,
    params: &Params,
    items: Vec<Value>,
) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    let Some(pagination) = &op.pagination else {
        return Ok(out);
    };
    let ps_name = pagination.page_size();
    let page_size = params
        .int(ps_name)
        .unwrap_or(i64::from(pagination.default_page_size()))
        .max(1);
    let size = usize::try_from(page_size).unwrap_or(usize::MAX);
    let total = items.len();
    if let Pagination::NextToken {
        request_token,
        response_token,
        total_count,
        invalid_token_error,
        ..
    } = pagination
    {
        let start = match params.str(request_token).filter(|t| !t.is_empty()) {
            None => 0,
            Some(token) => decode_token(action, token).ok_or_else(|| {
                let code = invalid_token_error.as_deref().unwrap_or("InvalidParameter");
                let mut e = ApiError::documented(spec, Some(action), code);
                e.message = format!("The specified {request_token} is not valid.");
                e
            })?,
        };
        let page: Vec<Value> = items.into_iter().skip(start).take(size).collect();
        let end = start.saturating_add(page.len());
        insert_at_path(spec, &op.response, pagination.items(), page, &mut out);
        let next = if end < total {
            encode_token(action, end)
        } else {
            String::new()
        };
        out.insert(response_token.clone(), json!(next));
        if let Some(total_count) = total_count {
            out.insert(total_count.clone(), json!(total));
        }
        if op.response.contains_key(ps_name) {
            out.insert(ps_name.to_string(), json!(page_size));
        }
        return Ok(out);
    }
    let pn_name = pagination.cursor();
    let page_number = params.int(pn_name).unwrap_or(1).max(1);
    let start = usize::try_from((page_number - 1).saturating_mul(page_size)).unwrap_or(usize::MAX);
    let page: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let count = page.len();
    insert_at_path(spec, &op.response, pagination.items(), page, &mut out);
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
        Pagination::NextToken { .. } => {}
    }
    out.insert(pn_name.to_string(), json!(page_number));
    out.insert(ps_name.to_string(), json!(page_size));
    Ok(out)
}

/// The token of the page starting at item `offset` of `action`'s list.
fn encode_token(action: &str, offset: usize) -> String {
    URL_SAFE_NO_PAD.encode(format!("{action}:{offset}"))
}

/// The offset a token of `action` stands for; `None` for a token the emulator did not
/// issue (for this Action).
fn decode_token(action: &str, token: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (of, offset) = text.rsplit_once(':')?;
    if of != action || offset.starts_with('+') {
        return None;
    }
    offset.parse().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_belong_to_their_action() {
        let t = encode_token("ListThings", 20);
        assert_eq!(decode_token("ListThings", &t), Some(20));
        assert_eq!(decode_token("ListOthers", &t), None);
        assert_eq!(decode_token("ListThings", "not-a-token"), None);
        assert_eq!(
            decode_token("ListThings", "caeba0bbb2be03f84eb48b699f0a"),
            None
        );
    }
}
