//! Rust names for spec names: case conversion, the override table, keyword escaping.
//!
//! Everything the generator calls something is decided here, once, during the spec -> IR
//! step; the emitter only prints the names the IR holds.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Words whose spec spelling would split badly under plain case conversion, with the
/// spelling to convert instead. `VSwitchId` must become `vswitch_id`, not `v_switch_id`;
/// `IPsec` must become `ipsec`, not `i_psec`.
const WORD_OVERRIDES: &[(&str, &str)] = &[
    ("VSwitch", "Vswitch"),
    ("IPsec", "Ipsec"),
    ("IDaaS", "Idaas"),
];

/// Enum wire values whose generic variant name would be poor or invalid.
const VARIANT_OVERRIDES: &[(&str, &str)] = &[("3des", "TripleDes")];

/// Rust keywords (strict and reserved, all editions up to 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: escaped with a trailing underscore instead.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

fn apply_overrides(name: &str) -> String {
    let mut out = name.to_string();
    for (from, to) in WORD_OVERRIDES {
        out = out.replace(from, to);
    }
    out
}

/// `snake_case` of a spec name, with the word overrides applied (not escaped).
pub fn snake(name: &str) -> String {
    apply_overrides(name).to_snake_case()
}

/// `UpperCamelCase` of a spec name, with the word overrides applied (not escaped).
pub fn upper_camel(name: &str) -> String {
    apply_overrides(name).to_upper_camel_case()
}

/// `SCREAMING_SNAKE_CASE` of a spec name, with the word overrides applied.
pub fn shouty(name: &str) -> String {
    apply_overrides(name).to_shouty_snake_case()
}

/// Whether `name` is a Rust keyword.
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A usable identifier for `name`: keywords become raw identifiers (`r#type`), or take a
/// trailing underscore when they cannot be raw (`self_`).
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if is_keyword(name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// The field (and setter) identifier of a member: `VpnSslServerId` -> `vpn_ssl_server_id`,
/// `Type` -> `r#type`.
pub fn field(wire_name: &str) -> String {
    escape(&snake(wire_name))
}

/// A module (file) name, also an operation's client method: `DescribeVpnGateways` ->
/// `describe_vpn_gateways`, with a trailing underscore for keywords (`Type` -> `type_`).
pub fn module(name: &str) -> String {
    let snake = snake(name);
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// A type name: `VpnGateway` stays, `vpn_gateway` -> `VpnGateway`, `Self` -> `Self_`.
pub fn type_name(spec_name: &str) -> String {
    ident_start(escape(&upper_camel(spec_name)), "T")
}

/// Prefixes a name that would start with a digit (not a valid identifier).
fn ident_start(name: String, prefix: &str) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{name}")
    } else {
        name
    }
}

/// The variant of an open enum for a wire value: `AES-128-CBC` -> `Aes128Cbc`,
/// `expiring-soon` -> `ExpiringSoon`, `3des` -> `TripleDes` (override table), other
/// values starting with a digit take a `V` prefix (`5g` -> `V5g`).
pub fn enum_variant(value: &str) -> String {
    if let Some((_, name)) = VARIANT_OVERRIDES.iter().find(|(v, _)| *v == value) {
        return (*name).to_string();
    }
    let name = upper_camel(value);
    let name = if name.is_empty() {
        "Empty".to_string()
    } else {
        name
    };
    ident_start(escape(&name), "V")
}

/// The variant of an operation error enum for an error code:
/// `InvalidVpnGatewayInstanceId.NotFound` -> `InvalidVpnGatewayInstanceIdNotFound`.
/// Each dotted segment keeps its own spelling (only its first letter is upper-cased), so
/// `Forbidden.SubUser` -> `ForbiddenSubUser`.
pub fn error_variant(code: &str) -> String {
    let name: String = code
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
        .map(|s| {
            let mut chars = s.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    ident_start(escape(&name), "E")
}

/// The `is_<variant>` predicate name of an error variant.
pub fn error_predicate(variant: &str) -> String {
    format!("is_{}", variant.to_snake_case())
}

/// The identifier without a raw prefix or escape suffix, for building derived names
/// (`set_type`, `get_type`).
pub fn stem(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_follow_the_override_table() {
        assert_eq!(field("VSwitchId"), "vswitch_id");
        assert_eq!(field("IDaaSInstanceId"), "idaas_instance_id");
        assert_eq!(field("IpsecVpn"), "ipsec_vpn");
        assert_eq!(field("IPsecConfig"), "ipsec_config");
        assert_eq!(field("VpnSslServerId"), "vpn_ssl_server_id");
        assert_eq!(field("SslVpnClientCertKeys"), "ssl_vpn_client_cert_keys");
        assert_eq!(type_name("VSwitch"), "Vswitch");
        assert_eq!(module("DescribeVSwitches"), "describe_vswitches");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(field("Type"), "r#type");
        assert_eq!(field("Match"), "r#match");
        assert_eq!(field("Self"), "self_");
        assert_eq!(field("Gen"), "r#gen");
        assert_eq!(stem("r#type"), "type");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(enum_variant("self"), "Self_");
        assert_eq!(module("Type"), "type_");
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(enum_variant("AES-128-CBC"), "Aes128Cbc");
        assert_eq!(enum_variant("expiring-soon"), "ExpiringSoon");
        assert_eq!(enum_variant("ike_sa_established"), "IkeSaEstablished");
        assert_eq!(enum_variant("PREPAY"), "Prepay");
        assert_eq!(enum_variant("3des"), "TripleDes");
        assert_eq!(enum_variant("5g"), "V5g");
        assert_eq!(enum_variant("none"), "None");
        assert_eq!(enum_variant(""), "Empty");
    }

    #[test]
    fn error_codes_become_variants_and_predicates() {
        let v = error_variant("InvalidVpnGatewayInstanceId.NotFound");
        assert_eq!(v, "InvalidVpnGatewayInstanceIdNotFound");
        assert_eq!(
            error_predicate(&v),
            "is_invalid_vpn_gateway_instance_id_not_found"
        );
        assert_eq!(error_variant("Forbidden.SubUser"), "ForbiddenSubUser");
        assert_eq!(
            error_variant("VpnGateway.Configuring"),
            "VpnGatewayConfiguring"
        );
        assert_eq!(error_variant("Throttling.User"), "ThrottlingUser");
        assert_eq!(error_variant("404.Missing"), "E404Missing");
    }
}
