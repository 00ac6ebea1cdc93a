//! One file per waiter: the waiter builder, its `wait_until_*` client method and its
//! acceptors.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::client::example_value;
use crate::emit::{Emitter, doc_lines, docs, ident, inner_docs};
use crate::ir::{AcceptorState, Docs, Ir, Matcher, Scalar, StatePath, Type, Waiter, WaiterSuccess};

/// `waiters/mod.rs`.
pub fn waiters_module(_e: &Emitter, ir: &Ir) -> TokenStream {
    let head = inner_docs(&Docs::from_prose(
        "Waiters: poll an operation until a resource reaches a state. Each has a \
         `wait_until_*` method on the client.",
    ));
    let items = ir.waiters.values().map(|w| {
        let module = ident(&w.module);
        let name = ident(&w.name);
        quote! {
            mod #module;
            pub use #module::#name;
        }
    });
    quote! {
        #head
        #(#items)*
    }
}

/// `waiters/<name>.rs`.
pub fn waiter_file(e: &Emitter, ir: &Ir, w: &Waiter) -> TokenStream {
    let op = &ir.operations[&w.operation];
    let module = ident(&op.module);
    // The polled operation's module, imported once at the top of the file.
    let ops = quote!(polled);
    let input = ident(&op.input);
    let output = ident(&op.output);
    let error = ident(&op.error);
    let name = ident(&w.name);
    let method = ident(&w.method);
    let client = e.rt("Client");
    let config = e.rt("waiter::WaiterConfig");
    let final_poll = e.rt("waiter::FinalPoll");
    let success = match w.success {
        WaiterSuccess::Output => quote!(#ops::#output),
        WaiterSuccess::Error => quote!(()),
        WaiterSuccess::Either => quote!(#final_poll<#ops::#output, #ops::#error>),
    };
    let head = inner_docs(&Docs::from_prose(&format!("The `{}` waiter.", w.spec_name)));
    let type_docs = docs(&w.docs);
    let waiter_name = &w.name;

    let params = w.params.iter().map(|m| {
        let f = ident(&m.field);
        let ty = match &m.ty {
            Type::Scalar(Scalar::String | Scalar::EpochMillis) | Type::Enum(_) => {
                let t = e.ty(&m.ty, &quote!(types));
                quote!(impl ::std::convert::Into<#t>)
            }
            other => e.ty(other, &quote!(types)),
        };
        quote!(#f: #ty)
    });
    let params: Vec<TokenStream> = params.collect();
    let params_tokens = quote!(#(#params)*);
    let sets = w.params.iter().map(|m| {
        let f = ident(&m.field);
        if matches!(m.ty, Type::List(_)) {
            let set = ident(&m.set_fn);
            quote!(.#set(Some(#f)))
        } else {
            quote!(.#f(#f))
        }
    });
    let (min, max, wait) = (
        proc_macro2::Literal::u64_unsuffixed(w.min_delay_ms),
        proc_macro2::Literal::u64_unsuffixed(w.max_delay_ms),
        proc_macro2::Literal::u64_unsuffixed(w.max_wait_secs),
    );

    let mut method_docs =
        Docs::from_prose(w.docs.lines().first().map(String::as_str).unwrap_or(""));
    method_docs.markdown(&format!(
        "Returns a [`{}`]; set `max_wait` (default {} s) and other options, \
         then `.wait()` or `.await` it.",
        w.name, w.max_wait_secs
    ));
    method_docs.markdown("# Example");
    let mut code = vec![format!(
        "# async fn example(client: &{}::Client) -> Result<(), Box<dyn std::error::Error>> {{",
        e.doc_crate()
    )];
    let args: Vec<String> = w.params.iter().map(|m| example_value(e, m)).collect();
    code.push(format!("client.{}({})", w.method, args.join(", ")));
    code.push("    .max_wait(std::time::Duration::from_secs(300))".into());
    code.push("    .await?;".into());
    code.push("# Ok(())".into());
    code.push("# }".into());
    method_docs.code("no_run", &code);
    let method_attrs = doc_lines(method_docs.lines());

    let accept = accept_fn(e, w, &ops, &output, &error, &success);
    let waiter_ty = e.rt("waiter::Waiter");
    let types_import = crate::emit::operation::types_import(&params_tokens);
    quote! {
        #head
        use super::super::operation::#module as polled;
        #types_import

        #type_docs
        pub type #name = #waiter_ty<#ops::#input, #success>;

        impl #client {
            #method_attrs
            pub fn #method(&self, #(#params),*) -> #name {
                #waiter_ty::new(
                    #waiter_name,
                    self.clone(),
                    #ops::#input::builder() #(#sets)* .build(),
                    #config::new(
                        ::std::time::Duration::from_millis(#min),
                        ::std::time::Duration::from_millis(#max),
                        ::std::time::Duration::from_secs(#wait),
                    ),
                    accept,
                )
            }
        }

        #accept
    }
}

/// The expression reading a state path from `output` as `Option<String>`.
fn state_expr(p: &StatePath) -> TokenStream {
    let field = ident(&p.field);
    let mut expr = quote!(output);
    for (i, step) in p.through.iter().enumerate() {
        let s = ident(step);
        expr = if i == 0 {
            quote!(#expr.#s.as_ref())
        } else {
            quote!(#expr.and_then(|v| v.#s.as_ref()))
        };
    }
    expr = if p.through.is_empty() {
        quote!(#expr.#field.as_ref())
    } else {
        quote!(#expr.and_then(|v| v.#field.as_ref()))
    };
    let text = match &p.ty {
        // A string is copied as it is.
        Type::Scalar(Scalar::String) if p.through.is_empty() => {
            return quote!(output.#field.clone());
        }
        Type::Scalar(Scalar::String) => return quote!(#expr.cloned()),
        Type::Enum(_) => quote!(::std::string::String::from(v.as_str())),
        Type::Scalar(Scalar::EpochMillis) => quote!(v.as_millis().to_string()),
        Type::Scalar(Scalar::I32 | Scalar::I64 | Scalar::F64 | Scalar::Bool) => {
            quote!(v.to_string())
        }
        Type::Struct(_) | Type::List(_) | Type::Option(_) => {
            quote!(::std::compile_error!(
                "generator bug: a waiter path to a non-scalar"
            ))
        }
    };
    quote!(#expr.map(|v| #text))
}

fn accept_fn(
    e: &Emitter,
    w: &Waiter,
    ops: &TokenStream,
    output: &proc_macro2::Ident,
    error: &proc_macro2::Ident,
    success: &TokenStream,
) -> TokenStream {
    let step = e.rt("waiter::Step");
    let sdk_error = e.rt("error::SdkError");
    let final_poll = e.rt("waiter::FinalPoll");
    let states: Vec<_> = (0..w.paths.len())
        .map(|i| format_ident!("state{}", i))
        .collect();
    let reads = w.paths.iter().zip(&states).map(|(p, s)| {
        let expr = state_expr(p);
        quote!(let #s: ::std::option::Option<::std::string::String> = #expr;)
    });
    let mut path_checks = TokenStream::new();
    let mut error_checks = TokenStream::new();
    for a in &w.acceptors {
        match &a.matcher {
            Matcher::Path { path, expected } => {
                let s = &states[*path];
                let action = match a.state {
                    AcceptorState::Success => match w.success {
                        WaiterSuccess::Output => quote!(#step::Done(output)),
                        WaiterSuccess::Error => quote!(#step::Done(())),
                        WaiterSuccess::Either => quote!(#step::Done(#final_poll::Output(output))),
                    },
                    AcceptorState::Failure => {
                        quote!(#step::Failure { state: #s.unwrap_or_default() })
                    }
                    AcceptorState::Retry => quote!(#step::Retry { state: #s }),
                };
                path_checks.extend(quote! {
                    if ::std::matches!(#s.as_deref(), Some(#(#expected)|*)) {
                        return #action;
                    }
                });
            }
            Matcher::Error { expected } => {
                let action = match a.state {
                    AcceptorState::Success => match w.success {
                        WaiterSuccess::Output => quote!(#step::Done(())),
                        WaiterSuccess::Error => quote!(#step::Done(())),
                        WaiterSuccess::Either => quote!(#step::Done(#final_poll::Error(error))),
                    },
                    AcceptorState::Failure => quote!(#step::Failure {
                        state: ::std::string::String::from(error.code())
                    }),
                    AcceptorState::Retry => quote!(#step::Retry {
                        state: Some(::std::string::String::from(error.code()))
                    }),
                };
                error_checks.extend(quote! {
                    if ::std::matches!(error.code(), #(#expected)|*) {
                        return #action;
                    }
                });
            }
        }
    }
    let last_state = match states.first() {
        Some(s) => quote!(#s),
        None => quote!(None),
    };
    let ok_arm = if w.paths.is_empty() {
        quote!(Ok(_) => #step::Retry { state: None },)
    } else {
        quote! {
            Ok(output) => {
                #(#reads)*
                #path_checks
                #step::Retry { state: #last_state }
            }
        }
    };
    let error_arm = if error_checks.is_empty() {
        quote!()
    } else {
        quote! {
            Err(#sdk_error::Service(error)) => {
                #error_checks
                #step::Error(#sdk_error::Service(error))
            }
        }
    };
    quote! {
        /// Applies the acceptors, in order, to one poll's result.
        fn accept(
            result: ::std::result::Result<#ops::#output, #sdk_error<#ops::#error>>,
        ) -> #step<#success, #ops::#error> {
            match result {
                #ok_arm
                #error_arm
                Err(error) => #step::Error(error),
            }
        }
    }
}
