//! Shared types: one file per structure or open enum, and the `types` module.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::values::{self, Target};
use crate::emit::{Emitter, doc_lines, docs, ident, inner_docs};
use crate::ir::{Docs, Enum, Ir, Shape, Struct};

/// `types/mod.rs`: declares every shape module and re-exports its items flat.
pub fn types_module(_e: &Emitter, ir: &Ir) -> TokenStream {
    let mut d = Docs::new();
    d.markdown(
        "Shared types: the structures and open enums that operations take and return. \
         Structures are `#[non_exhaustive]` and built with their builders; enums keep \
         values this version does not know.",
    );
    let head = inner_docs(&d);
    let items = ir.shapes.values().map(|shape| {
        let module = ident(shape.module());
        let exports = match shape {
            Shape::Struct(s) => {
                let (a, b) = (ident(&s.name), ident(&s.builder));
                quote!(#a, #b)
            }
            Shape::Enum(en) => {
                let a = ident(&en.name);
                quote!(#a)
            }
        };
        quote! {
            mod #module;
            pub use #module::{#exports};
        }
    });
    quote! {
        #head
        #(#items)*
    }
}

/// `types/<shape>.rs`.
pub fn shape_file(e: &Emitter, ir: &Ir, shape: &Shape) -> TokenStream {
    match shape {
        Shape::Struct(s) => struct_file(e, ir, s),
        Shape::Enum(en) => enum_file(e, en),
    }
}

fn struct_file(e: &Emitter, _ir: &Ir, s: &Struct) -> TokenStream {
    let types = quote!(super);
    let name = ident(&s.name);
    let builder = ident(&s.builder);
    let head = inner_docs(&Docs::from_prose(&format!("The `{}` structure.", s.name)));
    let type_docs = docs(&s.docs);
    let fields = s.members.iter().map(|m| values::field_decl(e, m, &types));
    let debug_derive = if s.has_secret_member {
        quote!()
    } else {
        quote!(Debug,)
    };
    let debug_impl = if s.has_secret_member {
        values::redacting_debug(&s.name, &s.members)
    } else {
        quote!()
    };
    let decode = struct_decode(e, &s.name, &s.members);
    let validation = if s.in_request {
        let validation_error = e.rt("error::ValidationError");
        let checks = s
            .members
            .iter()
            .map(|m| values::validate_member(e, m, true));
        let checks_ty = e.rt("validate::Checks");
        let checks_param = if s.members.iter().any(|m| values::member_uses_checks(e, m)) {
            quote!(checks)
        } else {
            quote!(_checks)
        };
        quote! {
            /// Checks every documented rule of the members (required members and value
            /// rules alike); an error names the member by its wire name (the caller
            /// prefixes the parameter holding the structure, as in
            /// `IkeConfig.IkeLifetime`).
            pub fn validate(&self) -> ::std::result::Result<(), #validation_error> {
                self.validate_with(#checks_ty::ALL)
            }

            /// The checks `checks` selects (the client's setting, when sending).
            #[doc(hidden)]
            pub fn validate_with(
                &self,
                #checks_param: #checks_ty,
            ) -> ::std::result::Result<(), #validation_error> {
                #(#checks)*
                Ok(())
            }
        }
    } else {
        quote!()
    };
    let to_json = if s.json_encoded {
        let inserts = s.members.iter().map(|m| {
            let f = ident(&m.field);
            let wire = &m.wire_name;
            if matches!(m.field_ty, crate::ir::Type::List(_)) {
                let j = values::json(&m.ty, &quote!(self.#f));
                quote! {
                    if !self.#f.is_empty() {
                        map.insert(::std::string::String::from(#wire), #j);
                    }
                }
            } else {
                let j = values::json(&m.ty, &quote!(value));
                quote! {
                    if let Some(value) = &self.#f {
                        map.insert(::std::string::String::from(#wire), #j);
                    }
                }
            }
        });
        let mutability = if s.members.is_empty() {
            quote!()
        } else {
            quote!(mut)
        };
        quote! {
            /// The JSON object sent for this structure: wire names as keys, unset
            /// members left out.
            pub(crate) fn to_json(&self) -> ::serde_json::Value {
                let #mutability map = ::serde_json::Map::new();
                #(#inserts)*
                ::serde_json::Value::Object(map)
            }
        }
    } else {
        quote!()
    };
    let secret_members: Vec<&crate::ir::Member> =
        s.members.iter().filter(|m| m.carries_secret).collect();
    let note = if s.json_encoded && !secret_members.is_empty() {
        let params = e.rt("params::Params");
        let notes = secret_members.iter().map(|m| {
            let f = ident(&m.field);
            if matches!(m.field_ty, crate::ir::Type::List(_)) {
                values::note_secrets(e, &m.field_ty, m.secret, &quote!(self.#f), &quote!(params))
            } else {
                let inner =
                    values::note_secrets(e, &m.ty, m.secret, &quote!(value), &quote!(params));
                quote! {
                    if let Some(value) = &self.#f {
                        #inner
                    }
                }
            }
        });
        quote! {
            /// Records the secret members' values (nested ones included) with `params`,
            /// so that the runtime can scrub them from errors and logs.
            pub(crate) fn note_secrets(&self, params: &mut #params) {
                #(#notes)*
            }
        }
    } else {
        quote!()
    };
    let to_flat = if s.flattened {
        let params = e.rt("params::Params");
        let inserts = s.members.iter().map(values::flat_param_insert);
        quote! {
            /// Adds the members as `<prefix>.<WireName>` parameters.
            pub(crate) fn to_flat_params(&self, prefix: &str, params: &mut #params) {
                let _ = (prefix, &params);
                #(#inserts)*
            }
        }
    } else {
        quote!()
    };
    let setters = s
        .members
        .iter()
        .map(|m| values::setters(e, m, &types, Target::Direct, Some(&s.name)));
    let statics = values::pattern_statics(&s.members);
    let builder_doc = doc_lines(&[format!("A builder for [`{}`].", s.name)]);
    let builder_fn_doc = doc_lines(&[format!("A builder for `{}`.", s.name)]);
    let build_doc = doc_lines(&[format!("Builds the `{}`.", s.name)]);
    quote! {
        #head

        #type_docs
        #[derive(Clone, #debug_derive Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl

        impl #name {
            #builder_fn_doc
            pub fn builder() -> #builder {
                <#builder as ::std::default::Default>::default()
            }
            #validation
            #to_json
            #note
            #to_flat
        }

        #decode

        #builder_doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #builder {
            inner: #name,
        }

        impl #builder {
            #(#setters)*
            #build_doc
            pub fn build(self) -> #name {
                self.inner
            }
        }

        #statics
    }
}

/// `impl Structure` and `impl Decode` for a structure or output: one `match` on the
/// member's wire name, the lenient forms left to the runtime's visitors. An output's
/// `<Action>Response` envelope is not its business: the runtime looks through it, in
/// one place, before the members.
pub fn struct_decode(e: &Emitter, name: &str, members: &[crate::ir::Member]) -> TokenStream {
    let ty = ident(name);
    let decode = e.rt("decode::Decode");
    let structure = e.rt("decode::Structure");
    let structure_fn = e.rt("decode::structure");
    let skip = e.rt("decode::skip");
    let is_required = |m: &&crate::ir::Member| {
        !matches!(
            m.field_ty,
            crate::ir::Type::List(_) | crate::ir::Type::Option(_)
        )
    };
    let required: Vec<&str> = members
        .iter()
        .filter(is_required)
        .map(|m| m.wire_name.as_str())
        .collect();
    if required.len() > 64 {
        return values::impossible(
            "generator limit: more than 64 members every answer has in one structure",
        );
    }
    let mut next_bit = 0u32;
    let arms: Vec<TokenStream> = members
        .iter()
        .map(|m| {
            let bit = is_required(&m).then(|| {
                next_bit += 1;
                next_bit - 1
            });
            values::decode_arm(e, m, bit)
        })
        .collect();
    let seen = if required.is_empty() {
        quote!(_seen)
    } else {
        quote!(seen)
    };
    let body = if arms.is_empty() {
        quote! {
            let _ = key;
            #skip(value)
        }
    } else {
        quote! {
            match key {
                #(#arms)*
                _ => #skip(value)?,
            }
            Ok(())
        }
    };
    quote! {
        impl #structure for #ty {
            const REQUIRED: &'static [&'static str] = &[#(#required),*];

            fn decode_member<'de, D: ::serde::Deserializer<'de>>(
                &mut self,
                key: &str,
                value: D,
                #seen: &mut u64,
            ) -> ::std::result::Result<(), D::Error> {
                #body
            }
        }

        impl #decode for #ty {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #structure_fn(deserializer)
            }
        }
    }
}

fn enum_file(e: &Emitter, en: &Enum) -> TokenStream {
    let name = ident(&en.name);
    let unknown = ident(&en.unknown);
    let head = inner_docs(&Docs::from_prose(&format!("The `{}` enum.", en.name)));
    let type_docs = docs(&en.docs);
    let variant_decls = en.variants.iter().map(|v| {
        let d = docs(&v.docs);
        let n = ident(&v.name);
        quote!(#d #n,)
    });
    let as_str_arms = en.variants.iter().map(|v| {
        let n = ident(&v.name);
        let value = &v.value;
        quote!(Self::#n => #value,)
    });
    let from_arms: Vec<TokenStream> = en
        .variants
        .iter()
        .map(|v| {
            let n = ident(&v.name);
            let value = &v.value;
            quote!(#value => Self::#n,)
        })
        .collect();
    let values = en.variants.iter().map(|v| &v.value);
    let decode = e.rt("decode::Decode");
    let text_enum = e.rt("decode::text_enum");
    quote! {
        #head

        #type_docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_decls)*
            /// A value this version of the SDK does not know, kept as the service sent it.
            #unknown(::std::string::String),
        }

        impl #name {
            /// The wire string.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// The documented wire values, in documentation order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::#unknown(::std::string::String::from(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_arms)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl #decode for #name {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                #text_enum(deserializer)
            }
        }
    }
}
