//! "Possible rename" hints. A rename is always reported as a removal plus an addition;
//! when a removed and an added item look alike, both findings get the same hint. The
//! heuristic is deliberately narrow (users distrust invented pairs): the two must share a
//! kind (same type, same operation...) and either have similar names or be the only
//! removal and the only addition in their parent.

use crate::diff::finding::Finding;

/// A removed or added item: the index of its finding in the output and its name.
pub(crate) type Entry = (usize, String);

/// What a removed and an added item have in common: a description (e.g. "same type
/// `string`") and whether it is strong enough to pair them even with unrelated names.
pub(crate) struct Shared {
    pub what: String,
    pub strong: bool,
}

impl Shared {
    /// A weak resemblance: pairs only with similar names (or a lone pair, when allowed).
    pub fn weak(what: impl Into<String>) -> Option<Shared> {
        Some(Shared {
            what: what.into(),
            strong: false,
        })
    }

    /// A strong resemblance: pairs even when the names are unrelated.
    pub fn strong(what: impl Into<String>) -> Option<Shared> {
        Some(Shared {
            what: what.into(),
            strong: true,
        })
    }
}

/// Pairs removals with additions and sets a hint on both findings of each pair.
/// `shared(removed, added)` says what the two have in common, or `None` when they cannot
/// be the same item. Names must be similar unless the resemblance is strong, or
/// `lone_pair` allows pairing the only removal with the only addition.
pub(crate) fn hint(
    out: &mut [Finding],
    removed: &[Entry],
    added: &[Entry],
    lone_pair: bool,
    shared: impl Fn(&str, &str) -> Option<Shared>,
) {
    let mut taken = vec![false; added.len()];
    let only_pair = lone_pair && removed.len() == 1 && added.len() == 1;
    for (ri, rname) in removed {
        let candidates = || added.iter().enumerate().filter(|(i, _)| !taken[*i]);
        let mut found = None;
        for pass in 0..3 {
            found = candidates().find_map(|(i, (ai, aname))| {
                let common = shared(rname, aname)?;
                let and = |reason: &str| {
                    if common.what.is_empty() {
                        reason.to_string()
                    } else {
                        format!("{}, {reason}", common.what)
                    }
                };
                let why = match pass {
                    0 if similar(rname, aname) => and("similar name"),
                    1 if common.strong => common.what,
                    2 if only_pair => and("the only removal and addition here"),
                    _ => return None,
                };
                Some((i, *ai, aname, why))
            });
            if found.is_some() {
                break;
            }
        }
        if let Some((i, ai, aname, why)) = found {
            taken[i] = true;
            let text = format!("possible rename: `{rname}` → `{aname}` ({why})");
            out[*ri].hint = Some(text.clone());
            out[ai].hint = Some(text);
        }
    }
}

/// Whether two names look like a rename of each other: equal ignoring case, one contains
/// the other (at least 4 characters), or a small edit distance.
pub(crate) fn similar(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.chars().count() >= 4 && long.contains(short.as_str()) {
        return true;
    }
    let shortest = a.chars().count().min(b.chars().count());
    levenshtein(&a, &b) <= (shortest / 4).max(1)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::similar;

    #[test]
    fn similar_names() {
        assert!(similar("IpssecVpn", "IpsecVpn"));
        assert!(similar("Tag", "Tags"));
        assert!(similar("ResourceGroupId", "ResourceGroup"));
        assert!(similar("Forbbiden.SubUser", "Forbidden.SubUser"));
        assert!(similar("Prepay", "PREPAY"));
        assert!(!similar("VpcId", "VSwitchId"));
        assert!(!similar("Name", "Description"));
    }
}
