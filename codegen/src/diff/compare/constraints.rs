//! Constraint changes, classified as tightened (some value that was valid no longer is) or
//! loosened (every valid value stays valid and some new ones become valid).

use crate::spec::{Constraints, Range};

/// The constraint changes of one member.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct ConstraintChanges {
    /// Aspects that reject some previously valid value, e.g. `max_length 100 → 50`.
    pub tightened: Vec<String>,
    /// Aspects that only admit more values.
    pub loosened: Vec<String>,
}

/// Compares two constraint sets (an absent set is the empty set: no rule).
pub(crate) fn compare(old: &Constraints, new: &Constraints) -> ConstraintChanges {
    let mut c = ConstraintChanges::default();

    // Numeric: the allowed set is (values ∪ ranges, or everything when both are empty)
    // minus forbidden values.
    let (os, ns) = (allowed(old), allowed(new));
    if os != ns {
        let text = format!("allowed values {} → {}", show(&os), show(&ns));
        if subset(&os, &ns) {
            c.loosened.push(text);
        } else {
            c.tightened.push(text);
        }
    }

    let num = |v: Option<u32>| v.map_or("none".to_string(), |v| v.to_string());
    match (old.min_length, new.min_length) {
        (a, b) if a == b => {}
        (a, b) if a.unwrap_or(0) < b.unwrap_or(0) => {
            c.tightened
                .push(format!("min_length {} → {}", num(a), num(b)))
        }
        (a, b) => c
            .loosened
            .push(format!("min_length {} → {}", num(a), num(b))),
    }
    match (old.max_length, new.max_length) {
        (a, b) if a == b => {}
        (a, b) if b.unwrap_or(u32::MAX) < a.unwrap_or(u32::MAX) => {
            c.tightened
                .push(format!("max_length {} → {}", num(a), num(b)))
        }
        (a, b) => c
            .loosened
            .push(format!("max_length {} → {}", num(a), num(b))),
    }
    match (&old.pattern, &new.pattern) {
        (a, b) if a == b => {}
        (None, Some(p)) => c.tightened.push(format!("pattern `{p}` added")),
        (Some(p), None) => c.loosened.push(format!("pattern `{p}` removed")),
        (Some(a), Some(b)) => c.tightened.push(format!("pattern `{a}` → `{b}`")),
        (None, None) => {}
    }
    for p in &new.forbidden_prefixes {
        if !old.forbidden_prefixes.contains(p) {
            c.tightened.push(format!("prefix `{p}` forbidden"));
        }
    }
    for p in &old.forbidden_prefixes {
        if !new.forbidden_prefixes.contains(p) {
            c.loosened.push(format!("prefix `{p}` allowed"));
        }
    }
    match (old.ascii, new.ascii) {
        (false, true) => c.tightened.push("ASCII only".to_string()),
        (true, false) => c.loosened.push("no longer ASCII only".to_string()),
        _ => {}
    }
    c
}

/// Sorted, disjoint, non-adjacent inclusive intervals.
type Set = Vec<(i128, i128)>;

fn allowed(c: &Constraints) -> Set {
    let mut set: Set = c
        .values
        .iter()
        .map(|&v| (i128::from(v), i128::from(v)))
        .chain(
            c.ranges
                .iter()
                .map(|&Range { min, max }| (i128::from(min), i128::from(max))),
        )
        .collect();
    if set.is_empty() {
        set.push((i128::from(i64::MIN), i128::from(i64::MAX)));
    }
    let mut set = normalize(set);
    for &f in &c.forbidden_values {
        let f = i128::from(f);
        set = set
            .into_iter()
            .flat_map(|(a, b)| {
                if f < a || f > b {
                    vec![(a, b)]
                } else {
                    [(a, f - 1), (f + 1, b)]
                        .into_iter()
                        .filter(|(x, y)| x <= y)
                        .collect()
                }
            })
            .collect();
    }
    set
}

fn normalize(mut set: Set) -> Set {
    set.retain(|(a, b)| a <= b);
    set.sort();
    let mut out: Set = Vec::new();
    for (a, b) in set {
        match out.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Whether every interval of `a` lies inside one interval of `b` (both normalized).
fn subset(a: &Set, b: &Set) -> bool {
    a.iter()
        .all(|&(x, y)| b.iter().any(|&(p, q)| p <= x && y <= q))
}

fn show(set: &Set) -> String {
    let (lo, hi) = (i128::from(i64::MIN), i128::from(i64::MAX));
    if set.is_empty() {
        return "none".to_string();
    }
    let parts: Vec<String> = set
        .iter()
        .map(|&(a, b)| match (a == lo, b == hi) {
            (true, true) => "any".to_string(),
            (true, false) => format!("..={b}"),
            (false, true) => format!("{a}.."),
            _ if a == b => a.to_string(),
            _ => format!("{a}..={b}"),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &[i64]) -> Constraints {
        Constraints {
            values: v.to_vec(),
            ..Default::default()
        }
    }

    #[test]
    fn removing_an_allowed_value_tightens() {
        let c = compare(&values(&[5, 10, 20]), &values(&[5, 10]));
        assert_eq!(c.tightened, ["allowed values [5, 10, 20] → [5, 10]"]);
        assert!(c.loosened.is_empty());
    }

    #[test]
    fn adding_an_allowed_value_loosens() {
        let c = compare(&values(&[5, 10]), &values(&[5, 10, 20]));
        assert!(c.tightened.is_empty());
        assert_eq!(c.loosened.len(), 1);
    }

    #[test]
    fn dropping_every_numeric_rule_loosens() {
        let c = compare(&values(&[5]), &Constraints::default());
        assert_eq!(c.loosened, ["allowed values [5] → [any]"]);
    }

    #[test]
    fn a_range_covering_old_values_loosens() {
        let new = Constraints {
            ranges: vec![Range { min: 1, max: 9 }],
            values: vec![12],
            ..Default::default()
        };
        let c = compare(&values(&[1, 2, 3, 12]), &new);
        assert!(c.tightened.is_empty(), "{c:?}");
    }

    #[test]
    fn forbidding_a_value_tightens() {
        let new = Constraints {
            forbidden_values: vec![22],
            ..Default::default()
        };
        let c = compare(&Constraints::default(), &new);
        assert_eq!(c.tightened, ["allowed values [any] → [..=21, 23..]"]);
    }

    #[test]
    fn string_rules() {
        let old = Constraints {
            max_length: Some(100),
            min_length: Some(2),
            ..Default::default()
        };
        let new = Constraints {
            max_length: Some(50),
            pattern: Some("^a".into()),
            ..Default::default()
        };
        let c = compare(&old, &new);
        assert_eq!(
            c.tightened,
            ["max_length 100 → 50", "pattern `^a` added"],
            "{c:?}"
        );
        assert_eq!(c.loosened, ["min_length 2 → none"]);
    }
}
