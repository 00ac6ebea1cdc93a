//! One file per operation: input (+ builder), output (+ builder), error enum, fluent
//! builder, and the paginator when the operation pages.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::types::struct_decode;
use crate::emit::values::{self, Target};
use crate::emit::{Emitter, doc_lines, docs, ident, inner_docs};
use crate::ir::{Cursor, Docs, Ir, Operation, PageEnd, Pagination};

/// `operation/mod.rs`: one public module per operation.
pub fn operation_module(_e: &Emitter, ir: &Ir) -> TokenStream {
    let mut d = Docs::new();
    d.markdown(
        "One module per operation, each holding everything about it: input and input \
         builder, output and output builder, error enum, fluent builder and, for paged \
         operations, the paginator.",
    );
    let head = inner_docs(&d);
    let modules = ir.operations.values().map(|op| ident(&op.module));
    quote! {
        #head
        #(pub mod #modules;)*
    }
}

/// `operation/<name>.rs`.
pub fn operation_file(e: &Emitter, _ir: &Ir, op: &Operation) -> TokenStream {
    let mut d = Docs::new();
    d.markdown(&format!(
        "`{}`: {}",
        op.action,
        crate::ir::clean(&op.summary)
    ));
    for line in op.docs.lines().iter().skip_while(|l| !l.is_empty()) {
        d.markdown(line);
    }
    d.markdown(&format!(
        "Send it with [`Client::{m}`]({rt}::Client::{m}), which returns a [`{fluent}`], or \
         build a [`{input}`] and send it whole with [`Client::send`]({rt}::Client::send). \
         The answer is a [`{output}`]; a service error is a [`{error}`].",
        m = op.module,
        rt = e.runtime_path(),
        fluent = op.fluent_builder,
        input = op.input,
        output = op.output,
        error = op.error,
    ));
    let head = inner_docs(&d);
    let input = input(e, op);
    let input_builder = input_builder(e, op);
    let output = output(e, op);
    let error = error(e, op);
    let fluent = fluent_builder(e, op);
    let paginator = match &op.pagination {
        Some(p) => paginator(e, op, p),
        None => quote!(),
    };
    let statics = values::pattern_statics(&op.request);
    let body = quote! {
        #input
        #input_builder
        #output
        #error
        #fluent
        #paginator
        #statics
    };
    let imports = types_import(&body);
    quote! {
        #head
        #imports
        #body
    }
}

/// How an operation file names the generated shapes: `types::IkeConfig`, through one
/// import at the top of the file ([`types_import`]).
fn types_path() -> TokenStream {
    quote!(types)
}

/// `use super::super::types;` when `body` names a generated shape (a file that names
/// none gets no import, so it has no unused one).
pub(crate) fn types_import(body: &TokenStream) -> TokenStream {
    // Token streams print paths as `types :: Name`.
    let names_types = body.to_string().contains("types ::");
    if names_types {
        quote!(
            use super::super::types;
        )
    } else {
        quote!()
    }
}

fn input(e: &Emitter, op: &Operation) -> TokenStream {
    let types = types_path();
    let name = ident(&op.input);
    let builder = ident(&op.input_builder);
    let output = ident(&op.output);
    let error = ident(&op.error);
    let mut d = Docs::new();
    d.markdown(&format!(
        "The input of `{}`: {}",
        op.action,
        crate::ir::clean(&op.summary)
    ));
    d.markdown(&format!(
        "Build it with [`{}::builder`]; send it with `Client::send` or \
         [`Operation::send_with`]({}::operation::Operation::send_with).",
        op.input,
        e.runtime_path()
    ));
    let type_docs = docs(&d);
    let fields = op.request.iter().map(|m| values::field_decl(e, m, &types));
    let has_secret = op.request.iter().any(|m| m.secret);
    let debug_derive = if has_secret { quote!() } else { quote!(Debug,) };
    let debug_impl = if has_secret {
        values::redacting_debug(&op.input, &op.request)
    } else {
        quote!()
    };
    let operation = e.rt("operation::Operation");
    let sealed = e.rt("operation::sealed::Sealed");
    let meta = e.rt("operation::OperationMeta");
    let validation_error = e.rt("error::ValidationError");
    let checks_ty = e.rt("validate::Checks");
    let checks_param = if op.request.iter().any(|m| values::member_uses_checks(e, m)) {
        quote!(checks)
    } else {
        quote!(_checks)
    };
    let params = e.rt("params::Params");
    let action = &op.action;
    let read_only = op.read_only;
    let token = match &op.idempotency_token {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    };
    let region = match &op.required_region {
        Some(r) => quote!(Some(#r)),
        None => quote!(None),
    };
    let checks = op
        .request
        .iter()
        .map(|m| values::validate_member(e, m, !m.is_region));
    let to_params = if op.request.is_empty() {
        quote!(#params::new())
    } else {
        let inserts = op.request.iter().map(|m| values::param_insert(e, m));
        quote! {
            let mut params = #params::new();
            #(#inserts)*
            params
        }
    };
    let set_region = match op.request.iter().find(|m| m.is_region) {
        Some(m) => {
            let f = ident(&m.field);
            quote!(self.#f = ::std::option::Option::Some(region);)
        }
        None => quote!(let _ = region;),
    };
    let builder_doc = doc_lines(&[format!("A builder for `{}`.", op.input)]);
    quote! {
        #type_docs
        #[derive(Clone, #debug_derive Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl

        impl #name {
            #builder_doc
            pub fn builder() -> #builder {
                <#builder as ::std::default::Default>::default()
            }
        }

        impl #sealed for #name {}

        impl #operation for #name {
            type Output = #output;
            type Error = #error;

            const META: #meta = #meta {
                action: #action,
                read_only: #read_only,
                idempotency_token: #token,
            };
            const REQUIRED_REGION: ::std::option::Option<&'static str> = #region;

            fn validate(
                &self,
                #checks_param: #checks_ty,
            ) -> ::std::result::Result<(), #validation_error> {
                #(#checks)*
                Ok(())
            }

            fn to_params(&self) -> #params {
                #to_params
            }

            fn set_region(&mut self, region: ::std::string::String) {
                #set_region
            }
        }
    }
}

fn input_builder(e: &Emitter, op: &Operation) -> TokenStream {
    let types = types_path();
    let name = ident(&op.input_builder);
    let input = ident(&op.input);
    let operation = e.rt("operation::Operation");
    let validation_error = e.rt("error::ValidationError");
    let checks_ty = e.rt("validate::Checks");
    let setters = op
        .request
        .iter()
        .map(|m| values::setters(e, m, &types, Target::Direct, Some(&op.input)));
    let type_docs = doc_lines(&[format!("A builder for [`{}`].", op.input)]);
    let region_note = match &op.required_region {
        Some(r) => format!(
            " The presence of `{r}` is checked when sending, after the client's configured \
             region fills it."
        ),
        None => String::new(),
    };
    let build_docs = doc_lines(&[
        format!(
            "Builds the input, checking first that every required parameter is set.\
             {region_note} Value rules (allowed values, ranges, lengths, patterns) are \
             checked when the input is sent, unless the client turned them off \
             (`ClientBuilder::value_checks`)."
        ),
        String::new(),
        "# Errors".to_string(),
        String::new(),
        format!(
            "A [`ValidationError`]({}::error::ValidationError) naming the wire parameter \
             and the broken rule.",
            e.runtime_path()
        ),
    ]);
    quote! {
        #type_docs
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name {
            inner: #input,
        }

        impl #name {
            #(#setters)*

            #build_docs
            pub fn build(self) -> ::std::result::Result<#input, #validation_error> {
                <#input as #operation>::validate(&self.inner, #checks_ty::REQUIRED)?;
                Ok(self.inner)
            }
        }
    }
}

fn output(e: &Emitter, op: &Operation) -> TokenStream {
    let types = types_path();
    let name = ident(&op.output);
    let builder = ident(&op.output_builder);
    let mut d = Docs::new();
    d.markdown(&format!("The output of `{}`.", op.action));
    d.markdown(&format!(
        "Outputs are `#[non_exhaustive]`; build one in tests with [`{}::builder`].",
        op.output
    ));
    let type_docs = docs(&d);
    let fields = op.response.iter().map(|m| values::field_decl(e, m, &types));
    let has_secret = op.response.iter().any(|m| m.secret);
    let debug_derive = if has_secret { quote!() } else { quote!(Debug,) };
    let debug_impl = if has_secret {
        values::redacting_debug(&op.output, &op.response)
    } else {
        quote!()
    };
    let decode = struct_decode(e, &op.output, &op.response);
    let setters = op
        .response
        .iter()
        .map(|m| values::setters(e, m, &types, Target::Direct, Some(&op.output)));
    let builder_fn_doc = doc_lines(&[format!("A builder for `{}`.", op.output)]);
    let builder_doc = doc_lines(&[format!("A builder for [`{}`].", op.output)]);
    let build_doc = doc_lines(&[format!("Builds the `{}`.", op.output)]);
    quote! {
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
    }
}

fn error(e: &Emitter, op: &Operation) -> TokenStream {
    let name = ident(&op.error);
    let unhandled = ident(&op.unhandled);
    let service_error = e.rt("error::ServiceError");
    let provide = e.rt("error::ProvideServiceError");
    let mut d = Docs::new();
    d.markdown(&format!(
        "The service errors of `{}`: one variant per documented error code, and \
         [`{}`](Self::{}) for any other code (including the service-wide ones such as \
         `Throttling`).",
        op.action, op.unhandled, op.unhandled
    ));
    let type_docs = docs(&d);
    let variants = op.errors.iter().map(|v| {
        let d = docs(&v.docs);
        let n = ident(&v.name);
        quote!(#d #n(#service_error),)
    });
    let from_arms = op.errors.iter().map(|v| {
        let n = ident(&v.name);
        let code = &v.code;
        quote!(#code => Self::#n(error),)
    });
    let unhandled_ty = e.rt("error::Unhandled");
    let from_body = if op.errors.is_empty() {
        quote!(Self::#unhandled(#unhandled_ty::new(error)))
    } else {
        quote! {
            match error.code.as_str() {
                #(#from_arms)*
                _ => Self::#unhandled(#unhandled_ty::new(error)),
            }
        }
    };
    let names: Vec<_> = op.errors.iter().map(|v| ident(&v.name)).collect();
    let known_arm = if names.is_empty() {
        quote!()
    } else {
        quote!(#(Self::#names(error))|* => error,)
    };
    let predicates = op.errors.iter().map(|v| {
        let n = ident(&v.name);
        let p = ident(&v.predicate);
        let doc = format!(" Whether the code is `{}`.", v.code);
        quote! {
            #[doc = #doc]
            pub fn #p(&self) -> bool {
                ::std::matches!(self, Self::#n(_))
            }
        }
    });
    quote! {
        #type_docs
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// Any other error code: the service-wide ones (throttling, signature...) and
            /// codes this version does not know. Match on the enum's `code()` rather than
            /// on this variant: a later version may give a code its own variant.
            #unhandled(#unhandled_ty),
        }

        impl ::std::convert::From<#service_error> for #name {
            fn from(error: #service_error) -> Self {
                #from_body
            }
        }

        impl #provide for #name {
            fn service_error(&self) -> &#service_error {
                match self {
                    #known_arm
                    Self::#unhandled(error) => error.service_error(),
                }
            }
        }

        impl #name {
            /// The error code, e.g. `InvalidVpnGatewayInstanceId.NotFound`.
            pub fn code(&self) -> &str {
                <Self as #provide>::service_error(self).code()
            }

            /// The service's message.
            pub fn message(&self) -> &str {
                <Self as #provide>::service_error(self).message()
            }

            /// The request id, when the service sent one.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                <Self as #provide>::service_error(self).request_id()
            }

            /// The HTTP status of the answer.
            pub fn http_status(&self) -> u16 {
                <Self as #provide>::service_error(self).http_status()
            }

            /// The service's recommendation (often a diagnosis link), when it sent one.
            pub fn recommend(&self) -> ::std::option::Option<&str> {
                <Self as #provide>::service_error(self).recommend()
            }

            /// Whether the service throttled the call.
            pub fn is_throttling(&self) -> bool {
                <Self as #provide>::service_error(self).is_throttling()
            }

            /// Whether a resource the request names does not exist.
            pub fn is_not_found(&self) -> bool {
                <Self as #provide>::service_error(self).is_not_found()
            }

            /// The underlying service error.
            pub fn into_service_error(self) -> #service_error {
                match self {
                    #known_arm
                    Self::#unhandled(error) => error.into_service_error(),
                }
            }

            #(#predicates)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(<Self as #provide>::service_error(self), f)
            }
        }

        impl ::std::error::Error for #name {}
    }
}

fn fluent_builder(e: &Emitter, op: &Operation) -> TokenStream {
    let types = types_path();
    let name = ident(&op.fluent_builder);
    let input = ident(&op.input);
    let input_builder = ident(&op.input_builder);
    let output = ident(&op.output);
    let error = ident(&op.error);
    let client = e.rt("Client");
    let operation = e.rt("operation::Operation");
    let sdk_error = e.rt("error::SdkError");
    let setters = op
        .request
        .iter()
        .map(|m| values::setters(e, m, &types, Target::Delegate, None));
    let type_docs = doc_lines(&[
        format!(
            "The fluent builder of `{}`: set parameters, then [`send`](Self::send).",
            op.action
        ),
        String::new(),
        format!(
            "Made by [`Client::{m}`]({rt}::Client::{m}).",
            m = op.module,
            rt = e.runtime_path()
        ),
    ]);
    let fluent_name = &op.fluent_builder;
    let send_docs = doc_lines(&[
        format!(
            "Checks the parameters, fills `RegionId` from the client when unset, and sends \
             `{}`. Nothing is sent when a check fails.",
            op.action
        ),
        String::new(),
        "# Errors".to_string(),
        String::new(),
        format!(
            "[`SdkError::Validation`]({}::error::SdkError::Validation) before any I/O; \
             [`SdkError::Service`]({}::error::SdkError::Service) with a [`{}`] when the \
             service answers with an error; the other kinds for transport, timeout, \
             credential and decoding failures.",
            e.runtime_path(),
            e.runtime_path(),
            op.error
        ),
    ]);
    let into_paginator = match &op.pagination {
        Some(p) => {
            let paginator = ident(&p.paginator);
            let doc = doc_lines(&[format!(
                "Pages through the results: `.send()` gives a stream of outputs, \
                 `.items()` a stream of items. See [`Paginator`]({}::paginate::Paginator).",
                e.runtime_path()
            )]);
            quote! {
                #doc
                pub fn into_paginator(self) -> #paginator {
                    #paginator::new(self.client, self.inner.build())
                }
            }
        }
        None => quote!(),
    };
    quote! {
        #type_docs
        #[derive(Clone)]
        pub struct #name {
            client: #client,
            inner: #input_builder,
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#fluent_name)
                    .field("inner", &self.inner)
                    .finish_non_exhaustive()
            }
        }

        impl #name {
            pub(crate) fn new(client: #client) -> Self {
                Self {
                    client,
                    inner: <#input_builder as ::std::default::Default>::default(),
                }
            }

            /// The input built so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            #send_docs
            pub async fn send(self) -> ::std::result::Result<#output, #sdk_error<#error>> {
                // `send_with` validates the input, once: not `build()` here as well.
                <#input as #operation>::send_with(self.inner.inner, &self.client).await
            }

            #into_paginator

            #(#setters)*
        }
    }
}

fn paginator(e: &Emitter, op: &Operation, p: &Pagination) -> TokenStream {
    let types = types_path();
    let alias = ident(&p.paginator);
    let input = ident(&op.input);
    let output = ident(&op.output);
    let paginator = e.rt("paginate::Paginator");
    let paginated = e.rt("paginate::Paginated");
    let page_info = e.rt("paginate::PageInfo");
    let item = e.ty(&p.items.item, &types);
    let size_wire = &p.page_size_wire;
    let page_size =
        |n: u32| proc_macro2::Literal::i32_unsuffixed(i32::try_from(n).unwrap_or(i32::MAX));
    let (max, default) = (page_size(p.max_page_size), page_size(p.default_page_size));
    let size = ident(&p.page_size);
    let info = match &p.end {
        PageEnd::TotalCount(f) => {
            let f = ident(f);
            quote!(#page_info::with_total(output.#f.map(i64::from)))
        }
        PageEnd::IsCompleted(f) => {
            let f = ident(f);
            quote!(#page_info::with_completion(output.#f))
        }
        PageEnd::NextToken(f) => {
            let f = ident(f);
            quote!(#page_info::with_next_token(output.#f.clone()))
        }
    };
    let page_style = e.rt("paginate::PageStyle");
    let cursor = match &p.cursor {
        Cursor::PageNumber(f) => {
            let f = ident(f);
            quote! {
                const STYLE: #page_style = #page_style::PageNumber;

                fn page_number(&self) -> ::std::option::Option<i32> {
                    self.#f
                }

                fn set_page_number(&mut self, number: i32) {
                    self.#f = Some(number);
                }
            }
        }
        Cursor::Token(f) => {
            let f = ident(f);
            quote! {
                const STYLE: #page_style = #page_style::NextToken;

                fn set_next_token(&mut self, token: ::std::string::String) {
                    self.#f = Some(token);
                }
            }
        }
    };
    let list = ident(&p.items.list);
    let (items, into_items) = if p.items.through.is_empty() {
        (quote!(&output.#list), quote!(output.#list))
    } else {
        let mut by_ref = TokenStream::new();
        let mut by_value = TokenStream::new();
        for (i, step) in p.items.through.iter().enumerate() {
            let s = ident(step);
            if i == 0 {
                by_ref = quote!(output.#s.as_ref());
                by_value = quote!(output.#s);
            } else {
                by_ref = quote!(#by_ref.and_then(|v| v.#s.as_ref()));
                by_value = quote!(#by_value.and_then(|v| v.#s));
            }
        }
        (
            quote!(#by_ref.map(|v| v.#list.as_slice()).unwrap_or_default()),
            quote!(#by_value.map(|v| v.#list).unwrap_or_default()),
        )
    };
    let doc = doc_lines(&[
        format!(
            "Pages through `{}`: made by the fluent builder's `into_paginator()`.",
            op.action
        ),
        String::new(),
        format!(
            "Page size: at most {} (larger is rejected), {} when unset.",
            p.max_page_size, p.default_page_size
        ),
        String::new(),
        match p.end {
            PageEnd::TotalCount(_) => "Asks for page after page until the pages cover the answer's total.",
            PageEnd::IsCompleted(_) => "Asks for page after page until an answer says it is the last.",
            PageEnd::NextToken(_) => "Sends each answer's token to get the next page, until an answer carries no token (or an empty one).",
        }
        .to_string(),
    ]);
    quote! {
        #doc
        pub type #alias = #paginator<#input>;

        impl #paginated for #input {
            type Item = #item;

            const PAGE_SIZE_PARAMETER: &'static str = #size_wire;
            const MAX_PAGE_SIZE: i32 = #max;
            const DEFAULT_PAGE_SIZE: i32 = #default;

            #cursor

            fn page_size(&self) -> ::std::option::Option<i32> {
                self.#size
            }

            fn set_page_size(&mut self, size: i32) {
                self.#size = Some(size);
            }

            fn page_info(output: &#output) -> #page_info {
                #info
            }

            fn items(output: &#output) -> &[#item] {
                #items
            }

            fn into_items(output: #output) -> ::std::vec::Vec<#item> {
                #into_items
            }
        }
    }
}
