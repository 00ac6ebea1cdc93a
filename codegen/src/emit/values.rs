//! Per-member snippets shared by the item emitters: setters and getters, decoding,
//! wire encoding (plain, JSON string, flattened), validation, redacting `Debug`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{Emitter, doc_lines, docs, ident};
use crate::ir::{Encoding, Member, Scalar, Type};

/// What a builder's setters write to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `self.inner` is the value being built: set its field.
    Direct,
    /// `self.inner` is another builder: call its setter.
    Delegate,
}

/// The setter argument type and the conversion of `input` to the stored value type.
fn setter_arg(e: &Emitter, ty: &Type, types: &TokenStream) -> (TokenStream, TokenStream) {
    let rust = e.ty(ty, types);
    match ty {
        Type::Scalar(Scalar::String | Scalar::EpochMillis) | Type::Enum(_) => (
            quote!(impl ::std::convert::Into<#rust>),
            quote!(input.into()),
        ),
        Type::Scalar(Scalar::I32 | Scalar::I64 | Scalar::F64 | Scalar::Bool)
        | Type::Struct(_)
        | Type::List(_)
        | Type::Option(_) => (rust, quote!(input)),
    }
}

/// Tokens that fail the build of the generated code with `message`: for combinations
/// the IR rules out, so that a generator bug cannot pass silently.
pub(crate) fn impossible(message: &str) -> TokenStream {
    quote!(::std::compile_error!(#message))
}

/// The getter's return type and expression over `self.inner.<field>` (for
/// [`Target::Direct`]).
fn getter(e: &Emitter, m: &Member, types: &TokenStream) -> (TokenStream, TokenStream) {
    let f = ident(&m.field);
    match &m.field_ty {
        Type::List(item) => {
            let item = e.ty(item, types);
            (quote!(&[#item]), quote!(&self.inner.#f))
        }
        Type::Option(inner) => match &**inner {
            Type::Scalar(Scalar::String) => (
                quote!(::std::option::Option<&str>),
                quote!(self.inner.#f.as_deref()),
            ),
            Type::Scalar(s) if s.is_copy() => {
                let t = e.ty(inner, types);
                (quote!(::std::option::Option<#t>), quote!(self.inner.#f))
            }
            Type::List(item) => {
                let item = e.ty(item, types);
                (
                    quote!(::std::option::Option<&[#item]>),
                    quote!(self.inner.#f.as_deref()),
                )
            }
            other => {
                let t = e.ty(other, types);
                (
                    quote!(::std::option::Option<&#t>),
                    quote!(self.inner.#f.as_ref()),
                )
            }
        },
        Type::Scalar(Scalar::String) => (quote!(&str), quote!(self.inner.#f.as_str())),
        other => {
            let t = e.ty(other, types);
            (quote!(&#t), quote!(&self.inner.#f))
        }
    }
}

/// `x(v)`, `set_x(Option<..>)` and `get_x()` for one member. `documented_on` names the
/// type whose field carries the member's full docs (the setter links to it); `None`
/// repeats the full docs on the setter (fluent builders, which users read most).
pub fn setters(
    e: &Emitter,
    m: &Member,
    types: &TokenStream,
    target: Target,
    documented_on: Option<&str>,
) -> TokenStream {
    let x = ident(&m.field);
    let set_x = ident(&m.set_fn);
    let get_x = ident(&m.get_fn);
    let f = &x;
    let member_docs = match documented_on {
        None => docs(&m.docs),
        Some(owner) if m.field.starts_with("r#") => {
            doc_lines(&[format!("Sets `{}` (see the `{owner}` field).", m.wire_name)])
        }
        Some(owner) => doc_lines(&[format!(
            "Sets `{}`: see [`{owner}::{}`].",
            m.wire_name, m.field
        )]),
    };
    let wire = &m.wire_name;
    let (get_ty, get_expr) = getter(e, m, types);
    let stored = e.ty(&m.field_ty, types);
    let is_vec = matches!(m.field_ty, Type::List(_));
    // Stored as the value itself (an output's request id): no `None` to set.
    let is_plain = !is_vec && !matches!(m.field_ty, Type::Option(_));
    let set_ty = if is_vec {
        quote!(::std::option::Option<#stored>)
    } else {
        stored
    };
    let (list, (arg_ty, conv)) = match m.ty.clone() {
        Type::List(item) => (true, setter_arg(e, &item, types)),
        other => (false, setter_arg(e, &other, types)),
    };
    let set_docs = if is_plain {
        doc_lines(&[format!(
            "Sets `{wire}`; see `{}`.",
            m.field.trim_start_matches("r#")
        )])
    } else {
        doc_lines(&[format!(
            "Sets or clears `{wire}` (`None` clears it); see `{}`.",
            m.field.trim_start_matches("r#")
        )])
    };
    let get_docs = doc_lines(&[format!("The `{wire}` value set so far.")]);
    let append_docs = if list {
        doc_lines(&["", "Appends one item; call it again to add more."])
    } else {
        quote!()
    };
    let (set_body, get_body) = match target {
        Target::Direct => {
            let set = if list && !is_vec {
                quote!(self.inner.#f.get_or_insert_with(::std::vec::Vec::new).push(#conv);)
            } else if list {
                quote!(self.inner.#f.push(#conv);)
            } else if is_plain {
                quote!(self.inner.#f = #conv;)
            } else {
                quote!(self.inner.#f = Some(#conv);)
            };
            let assign = if is_vec {
                quote!(self.inner.#f = input.unwrap_or_default();)
            } else {
                quote!(self.inner.#f = input;)
            };
            ((set, assign), get_expr)
        }
        Target::Delegate => (
            (
                quote!(self.inner = self.inner.#x(input);),
                quote!(self.inner = self.inner.#set_x(input);),
            ),
            quote!(self.inner.#get_x()),
        ),
    };
    let (set_one, set_all) = set_body;
    // A setter is a by-value builder method whatever its name: `is_completed(true)` is
    // the setter of `IsCompleted`, not a predicate.
    let naming_allow = if ["as_", "from_", "into_", "is_", "to_"]
        .iter()
        .any(|p| m.field.starts_with(p))
    {
        quote!(#[allow(clippy::wrong_self_convention)])
    } else {
        quote!()
    };
    quote! {
        #member_docs
        #append_docs
        #naming_allow
        pub fn #x(mut self, input: #arg_ty) -> Self {
            #set_one
            self
        }
        #set_docs
        pub fn #set_x(mut self, input: #set_ty) -> Self {
            #set_all
            self
        }
        #get_docs
        pub fn #get_x(&self) -> #get_ty {
            #get_body
        }
    }
}

/// The struct field declaration of a member.
pub fn field_decl(e: &Emitter, m: &Member, types: &TokenStream) -> TokenStream {
    let f = ident(&m.field);
    let ty = e.ty(&m.field_ty, types);
    let d = docs(&m.docs);
    quote! {
        #d
        pub #f: #ty,
    }
}

/// The `match` arm decoding a member from `value` (a serde deserializer) into `self`.
/// `bit` is the member's bit in `seen` when every answer has it.
pub fn decode_arm(e: &Emitter, m: &Member, bit: Option<u32>) -> TokenStream {
    let f = ident(&m.field);
    let wire = &m.wire_name;
    if matches!(m.field_ty, Type::List(_)) {
        let list = e.rt("decode::list");
        let wrapper = match &m.wrapper {
            Some(w) => quote!(::std::option::Option::Some(#w)),
            None => quote!(::std::option::Option::None),
        };
        quote!(#wire => self.#f = #list(value, #wrapper)?,)
    } else if let Some(bit) = bit {
        let required = e.rt("decode::required");
        quote!(#wire => #required(value, &mut self.#f, seen, #bit)?,)
    } else {
        let optional = e.rt("decode::optional");
        quote!(#wire => self.#f = #optional(value)?,)
    }
}

/// The wire text of a scalar or enum `value` (a reference).
fn text(ty: &Type, value: &TokenStream) -> TokenStream {
    match ty {
        Type::Scalar(Scalar::String) | Type::Enum(_) => quote!(#value.as_str()),
        Type::Scalar(Scalar::EpochMillis) => quote!(#value.as_millis().to_string()),
        Type::Scalar(Scalar::I32 | Scalar::I64 | Scalar::F64 | Scalar::Bool) => {
            quote!(#value.to_string())
        }
        Type::Struct(_) | Type::List(_) | Type::Option(_) => {
            impossible("generator bug: a structure or list as plain parameter text")
        }
    }
}

/// The JSON value of `value` (a reference of type `ty`).
pub fn json(ty: &Type, value: &TokenStream) -> TokenStream {
    match ty {
        Type::Scalar(Scalar::String) | Type::Enum(_) => {
            quote!(::serde_json::Value::from(#value.as_str()))
        }
        Type::Scalar(Scalar::EpochMillis) => quote!(::serde_json::Value::from(#value.as_millis())),
        Type::Scalar(Scalar::I32 | Scalar::I64 | Scalar::F64 | Scalar::Bool) => {
            quote!(::serde_json::Value::from(*#value))
        }
        Type::Struct(_) => quote!(#value.to_json()),
        Type::List(item) | Type::Option(item) => {
            let inner = json(item, &quote!(item));
            quote!(::serde_json::Value::Array(#value.iter().map(|item| #inner).collect()))
        }
    }
}

/// Statements adding a request member to `params`.
pub fn param_insert(e: &Emitter, m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let wire = &m.wire_name;
    let insert = if m.carries_secret {
        quote!(insert_secret)
    } else {
        quote!(insert)
    };
    let value = quote!(value);
    let body = match m.encoding {
        Encoding::Plain => {
            let t = text(&m.ty, &value);
            quote!(params.#insert(#wire, #t);)
        }
        Encoding::JsonString => {
            let j = json(&m.ty, &value);
            // The secret leaves inside the JSON text are recorded too: the service can
            // echo them alone, in encodings the whole text never takes.
            let leaves = if m.carries_secret {
                note_secrets(e, &m.ty, m.secret, &value, &quote!(&mut params))
            } else {
                quote!()
            };
            quote! {
                params.#insert(#wire, #j.to_string());
                #leaves
            }
        }
        Encoding::Flattened => {
            let item = match &m.ty {
                Type::List(item) => item,
                Type::Struct(_) => {
                    return quote! {
                        if let Some(value) = &self.#f {
                            value.to_flat_params(#wire, &mut params);
                        }
                    };
                }
                _ => return quote!(),
            };
            let key = format!("{}.{{}}", escape_braces(wire));
            let each = match &**item {
                Type::Struct(_) => quote!(item.to_flat_params(&key, &mut params);),
                other => {
                    let t = text(other, &quote!(item));
                    quote!(params.#insert(key, #t);)
                }
            };
            quote! {
                for (i, item) in value.iter().enumerate() {
                    let key = ::std::format!(#key, i + 1);
                    #each
                }
            }
        }
    };
    quote! {
        if let Some(value) = &self.#f {
            #body
        }
    }
}

/// Statements recording every secret value held by `value` (a reference of type `ty`)
/// with `params` (a `&mut Params` expression), for the runtime's output scrubber;
/// `secret` says whether the value itself is a secret.
pub fn note_secrets(
    e: &Emitter,
    ty: &Type,
    secret: bool,
    value: &TokenStream,
    params: &TokenStream,
) -> TokenStream {
    match ty {
        Type::Scalar(Scalar::String) if secret => {
            let note = e.rt("params::Params::note_secret");
            quote!(#note(#params, #value.as_str());)
        }
        Type::Struct(_) => quote!(#value.note_secrets(#params);),
        Type::List(item) | Type::Option(item) => {
            let inner = note_secrets(e, item, secret, &quote!(item), params);
            if inner.is_empty() {
                quote!()
            } else {
                quote! {
                    for item in #value.iter() {
                        #inner
                    }
                }
            }
        }
        Type::Scalar(_) | Type::Enum(_) => quote!(),
    }
}

/// Statements adding a member of a flattened structure under `prefix`: scalars and enums
/// as `<prefix>.Key`, structures as `<prefix>.Key.Inner`, lists as `<prefix>.Key.N`
/// (each item flattened the same way), as the official SDKs flatten.
pub fn flat_param_insert(m: &Member) -> TokenStream {
    let f = ident(&m.field);
    let key = format!("{{prefix}}.{}", escape_braces(&m.wire_name));
    let insert = if m.carries_secret {
        quote!(insert_secret)
    } else {
        quote!(insert)
    };
    let one = |ty: &Type, value: TokenStream, key: TokenStream| match ty {
        Type::Struct(_) => quote!(#value.to_flat_params(&#key, params);),
        other => {
            let t = text(other, &value);
            quote!(params.#insert(#key, #t);)
        }
    };
    let item_key = format!("{key}.{{}}");
    let list = |item: &Type, value: TokenStream| {
        let each = one(item, quote!(item), quote!(key));
        quote! {
            for (i, item) in #value.iter().enumerate() {
                let key = ::std::format!(#item_key, i + 1);
                #each
            }
        }
    };
    match (&m.ty, &m.field_ty) {
        // A list field is a `Vec` (empty when unset).
        (Type::List(item), Type::List(_)) => list(item, quote!(self.#f)),
        (ty, _) => {
            let body = match ty {
                Type::List(item) => list(item, quote!(value)),
                other => one(other, quote!(value), quote!(::std::format!(#key))),
            };
            quote! {
                if let Some(value) = &self.#f {
                    #body
                }
            }
        }
    }
}

fn escape_braces(s: &str) -> String {
    s.replace('{', "{{").replace('}', "}}")
}

/// The checks of one value against a member's constraints; `value` is a reference,
/// `name` a `&str` expression naming the parameter.
fn checks(
    e: &Emitter,
    m: &Member,
    ty: &Type,
    value: &TokenStream,
    name: &TokenStream,
) -> TokenStream {
    let c = &m.constraints;
    let mut out = TokenStream::new();
    let number = match ty {
        Type::Scalar(Scalar::I64) => quote!(*#value),
        Type::Scalar(Scalar::I32) => quote!(i64::from(*#value)),
        Type::Scalar(Scalar::String | Scalar::F64 | Scalar::Bool | Scalar::EpochMillis)
        | Type::Struct(_)
        | Type::Enum(_)
        | Type::List(_)
        | Type::Option(_) => impossible("generator bug: a numeric rule on a non-integer"),
    };
    let int = |v: &i64| proc_macro2::Literal::i64_unsuffixed(*v);
    if !c.values.is_empty() || !c.ranges.is_empty() {
        let allowed = e.rt("validate::allowed");
        let values = c.values.iter().map(int);
        let ranges = c.ranges.iter().map(|(a, b)| {
            let (a, b) = (int(a), int(b));
            quote!((#a, #b))
        });
        out.extend(quote!(#allowed(#name, #number, &[#(#values),*], &[#(#ranges),*])?;));
    }
    if !c.forbidden_values.is_empty() {
        let f = e.rt("validate::not_forbidden");
        let values = c.forbidden_values.iter().map(int);
        out.extend(quote!(#f(#name, #number, &[#(#values),*])?;));
    }
    if c.min_length.is_some() || c.max_length.is_some() {
        let f = e.rt("validate::length");
        let opt = |v: Option<u32>| match v.map(proc_macro2::Literal::u32_unsuffixed) {
            Some(n) => quote!(Some(#n)),
            None => quote!(None),
        };
        let (min, max) = (opt(c.min_length), opt(c.max_length));
        out.extend(quote!(#f(#name, #value, #min, #max)?;));
    }
    if let Some(p) = &c.pattern {
        let f = e.rt("validate::pattern");
        let re = format_ident!("{}", p.static_name);
        let description = &p.description;
        out.extend(quote!(#f(#name, #value, &#re, #description)?;));
    }
    if !c.forbidden_prefixes.is_empty() {
        let f = e.rt("validate::no_prefix");
        let prefixes = &c.forbidden_prefixes;
        out.extend(quote!(#f(#name, #value, &[#(#prefixes),*])?;));
    }
    if c.ascii {
        let f = e.rt("validate::ascii");
        out.extend(quote!(#f(#name, #value)?;));
    }
    // Every rule above is a value rule: skipped when the client turned value checks
    // off. A structure's own members are checked with the same setting.
    if !out.is_empty() {
        out = quote! {
            if checks.values() {
                #out
            }
        };
    }
    if let Type::Struct(_) = ty {
        out.extend(quote!(#value.validate_with(checks).map_err(|e| e.nested_in(#name))?;));
    }
    out
}

/// Validation statements for one member of an input or a request structure (`self`).
/// `check_required` is false for the region parameter (checked after the client fills
/// it).
pub fn validate_member(e: &Emitter, m: &Member, check_required: bool) -> TokenStream {
    let f = ident(&m.field);
    let wire = &m.wire_name;
    let mut out = TokenStream::new();
    if m.required && check_required && !matches!(m.field_ty, Type::List(_)) {
        let required = e.rt("validate::required");
        out.extend(quote!(#required(&self.#f, #wire)?;));
    }
    let (item, is_list) = match &m.ty {
        Type::List(item) => (&**item, true),
        other => (other, false),
    };
    let value = quote!(value);
    if is_list {
        let key = format!("{}.{{}}", escape_braces(wire));
        let each = checks(e, m, item, &value, &quote!(&name));
        if each.is_empty() {
            return out;
        }
        let iter = match &m.field_ty {
            Type::List(_) => quote!(self.#f.iter()),
            _ => quote!(self.#f.iter().flatten()),
        };
        out.extend(quote! {
            for (i, value) in #iter.enumerate() {
                let name = ::std::format!(#key, i + 1);
                #each
            }
        });
    } else {
        let each = checks(e, m, item, &value, &quote!(#wire));
        if !each.is_empty() {
            out.extend(quote! {
                if let Some(value) = &self.#f {
                    #each
                }
            });
        }
    }
    out
}

/// Whether [`validate_member`]'s statements read the `checks` setting (the member has a
/// value rule or holds a structure), so a function with none can leave it unnamed.
pub fn member_uses_checks(e: &Emitter, m: &Member) -> bool {
    let item = match &m.ty {
        Type::List(item) => &**item,
        other => other,
    };
    !checks(e, m, item, &quote!(value), &quote!(name)).is_empty()
}

/// `static <NAME>_PATTERN` for every member with a pattern.
pub fn pattern_statics(members: &[Member]) -> TokenStream {
    let mut out = TokenStream::new();
    for m in members {
        if let Some(p) = &m.constraints.pattern {
            let name = format_ident!("{}", p.static_name);
            let regex = &p.regex;
            let doc = format!(" The pattern of `{}`, compiled once.", m.wire_name);
            out.extend(quote! {
                #[doc = #doc]
                static #name: ::std::sync::LazyLock<::regex_lite::Regex> =
                    ::std::sync::LazyLock::new(|| {
                        // The generator compiled this pattern already: it cannot fail.
                        ::regex_lite::Regex::new(#regex).expect("pattern checked by the generator")
                    });
            });
        }
    }
    out
}

/// A `Debug` impl that prints `** redacted **` for secret members.
pub fn redacting_debug(name: &str, members: &[Member]) -> TokenStream {
    let ty = ident(name);
    let fields = members.iter().map(|m| {
        let f = ident(&m.field);
        let label = &m.stem;
        if m.secret {
            match m.field_ty {
                Type::Option(_) => {
                    quote!(.field(#label, &self.#f.as_ref().map(|_| "** redacted **")))
                }
                _ => quote!(.field(#label, &"** redacted **")),
            }
        } else {
            quote!(.field(#label, &self.#f))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}
