//! `client.rs`: one method per operation on the client, each documented with an example.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{Emitter, doc_lines, ident, inner_docs};
use crate::ir::{Docs, Ir, Member, Operation, Scalar, Type};

/// `client.rs`.
pub fn client_file(e: &Emitter, ir: &Ir) -> TokenStream {
    let head = inner_docs(&Docs::from_prose(
        "The client's operation methods: each returns the operation's fluent builder.",
    ));
    let client = e.rt("Client");
    let methods = ir.operations.values().map(|op| method(e, op));
    quote! {
        #head

        impl #client {
            #(#methods)*
        }
    }
}

fn method(e: &Emitter, op: &Operation) -> TokenStream {
    let name = ident(&op.module);
    let module = ident(&op.module);
    let fluent = ident(&op.fluent_builder);
    let mut d = Docs::new();
    for line in op.docs.lines() {
        d.markdown(line);
    }
    let required: Vec<String> = op
        .request
        .iter()
        .filter(|m| m.required && !m.is_region)
        .map(|m| {
            if m.field.starts_with("r#") {
                format!("`{}`", m.wire_name)
            } else {
                format!(
                    "[`{}`](super::operation::{}::{}::{})",
                    m.wire_name, op.module, op.fluent_builder, m.field
                )
            }
        })
        .collect();
    let mut lines = Vec::new();
    if !required.is_empty() {
        lines.push(format!("Required parameters: {}.", required.join(", ")));
    }
    lines.push(format!(
        "Returns a [`{fb}`](super::operation::{m}::{fb}); its `send()` gives a \
         [`{out}`](super::operation::{m}::{out}) or an \
         [`SdkError`]({rt}::error::SdkError)`<`[`{err}`](super::operation::{m}::{err})`>`.",
        fb = op.fluent_builder,
        out = op.output,
        err = op.error,
        m = op.module,
        rt = e.runtime_path()
    ));
    for l in lines {
        d.markdown(&l);
    }
    d.markdown("# Example");
    d.code("no_run", &example(e, op));
    if op.pagination.is_some() {
        d.markdown("All pages, item by item:");
        d.code("no_run", &paged_example(e, op));
    }
    let attrs = doc_lines(d.lines());
    quote! {
        #attrs
        pub fn #name(&self) -> super::operation::#module::#fluent {
            super::operation::#module::#fluent::new(self.clone())
        }
    }
}

fn example_prelude(e: &Emitter) -> Vec<String> {
    vec![format!(
        "# async fn example(client: &{}::Client) -> Result<(), Box<dyn std::error::Error>> {{",
        e.doc_crate()
    )]
}

/// The members an example sets: the required ones (the region aside) or, when there are
/// none, the first optional one with an example value (a filter, typically).
fn example_members(op: &Operation) -> Vec<&Member> {
    let required: Vec<&Member> = op
        .request
        .iter()
        .filter(|m| m.required && !m.is_region)
        .collect();
    if !required.is_empty() {
        return required;
    }
    let paging: Vec<&str> = op
        .pagination
        .iter()
        .flat_map(|p| [p.cursor.field(), p.page_size.as_str()])
        .collect();
    op.request
        .iter()
        .filter(|m| {
            m.example.is_some()
                && !m.is_region
                && !paging.contains(&m.field.as_str())
                && op.idempotency_token.as_deref() != Some(m.wire_name.as_str())
        })
        .take(1)
        .collect()
}

fn example(e: &Emitter, op: &Operation) -> Vec<String> {
    let mut code = example_prelude(e);
    code.push("let output = client".into());
    code.push(format!("    .{}()", op.module));
    for m in example_members(op) {
        code.push(format!("    .{}({})", m.field, example_value(e, m)));
    }
    code.push("    .send()".into());
    code.push("    .await?;".into());
    code.push("println!(\"{output:?}\");".into());
    code.push("# Ok(())".into());
    code.push("# }".into());
    code
}

fn paged_example(e: &Emitter, op: &Operation) -> Vec<String> {
    let mut code = example_prelude(e);
    code.push("let mut items = client".into());
    code.push(format!("    .{}()", op.module));
    for m in example_members(op) {
        code.push(format!("    .{}({})", m.field, example_value(e, m)));
    }
    code.push("    .into_paginator()".into());
    code.push("    .items();".into());
    code.push("while let Some(item) = items.next().await {".into());
    code.push("    println!(\"{:?}\", item?);".into());
    code.push("}".into());
    code.push("# Ok(())".into());
    code.push("# }".into());
    code
}

/// Rust source for an example argument of a member's setter (one item for lists).
pub fn example_value(e: &Emitter, m: &Member) -> String {
    let ty = match &m.ty {
        Type::List(item) => &**item,
        other => other,
    };
    let example = m.example.as_deref().unwrap_or_default();
    match ty {
        Type::Scalar(Scalar::String) => {
            if example.is_empty() {
                "\"...\"".to_string()
            } else {
                format!("{example:?}")
            }
        }
        Type::Scalar(Scalar::I32) => example
            .parse::<i32>()
            .map(|v| v.to_string())
            .unwrap_or_else(|_| "0".into()),
        Type::Scalar(Scalar::I64) => example
            .parse::<i64>()
            .map(|v| format!("{v}_i64"))
            .unwrap_or_else(|_| "0_i64".into()),
        Type::Scalar(Scalar::F64) => example
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(|v| format!("{v:?}"))
            .unwrap_or_else(|| "0.0".into()),
        Type::Scalar(Scalar::Bool) => example.parse::<bool>().unwrap_or_default().to_string(),
        Type::Scalar(Scalar::EpochMillis) => format!(
            "{}::time::EpochMillis::from_millis({})",
            e.doc_crate(),
            example.parse::<i64>().unwrap_or_default()
        ),
        Type::Enum(_) => {
            if example.is_empty() {
                "\"...\"".to_string()
            } else {
                format!("{example:?}")
            }
        }
        Type::Struct(name) => format!("{}::types::{name}::builder().build()", e.doc_crate()),
        Type::List(_) | Type::Option(_) => "Default::default()".into(),
    }
}
