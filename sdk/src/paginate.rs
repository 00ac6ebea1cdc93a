//! Pagination: turn a paged operation into a stream of pages or of items.
//!
//! Every paged operation's fluent builder has `into_paginator()`, which gives a
//! [`Paginator`]:
//!
//! ```no_run
//! # async fn example(client: &alibabacloud_vpn::Client) -> Result<(), alibabacloud_vpn::SdkError<alibabacloud_vpn::operation::describe_vpn_gateways::DescribeVpnGatewaysError>> {
//! let mut gateways = client
//!     .describe_vpn_gateways()
//!     .into_paginator()
//!     .page_size(50)
//!     .items();
//! while let Some(gateway) = gateways.next().await {
//!     println!("{:?}", gateway?.vpn_gateway_id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Three styles exist (from the spec's `pagination`): `PageNumber`/`PageSize` in with
//! `TotalCount` out, `PageNumber`/`PageSize` in with `IsCompleted` out, and a token in
//! (`NextToken`, with a page size such as `MaxResults`) with the next page's token out.
//!
//! With page numbers, the stream asks for page 1 (or the page number set on the input),
//! then the next page, until:
//!
//! - the pages seen cover `TotalCount`, or the answer says `IsCompleted`;
//! - a page is short (fewer items than the page size) or empty (an empty page after the
//!   first is not yielded);
//! - a page repeats the previous page's items exactly (a server ignoring `PageNumber`;
//!   the repeat is not yielded);
//! - the hard cap is reached: [`Paginator::max_pages`] if set, else
//!   `ceil(TotalCount / page size) + 1` pages from the first answer's total, else
//!   [`DEFAULT_MAX_PAGES`] when the operation reports no total;
//! - an error occurs (it is yielded, then the stream ends).
//!
//! With tokens, the stream sends no token first (or the one set on the input, to resume),
//! then each answer's token, until:
//!
//! - an answer carries no token, or an empty one;
//! - an answer carries the token just sent (a server that does not advance; that page
//!   is yielded, nothing more is asked);
//! - the hard cap is reached: [`Paginator::max_pages`] if set, else [`DEFAULT_MAX_PAGES`];
//! - an error occurs (it is yielded, then the stream ends).
//!
//! A short page does not end a token stream (the token decides), and an empty page after
//! the first is not yielded (the stream follows its token, if any).
//!
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::StreamExt;

use crate::Client;
use crate::error::{SdkError, ValidationError, ValidationRule};
use crate::operation::Operation;

/// The most pages a paginator fetches when the operation reports no total and no
/// [`Paginator::max_pages`] is set.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// How a paged operation says which page it wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStyle {
    /// A 1-based page number (`PageNumber`).
    PageNumber,
    /// The token the previous answer gave (`NextToken`); none for the first page.
    NextToken,
}

/// What an answer says about the pages: implemented per operation from the spec.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo {
    /// The total number of items (`TotalCount`), for page-number pagination.
    pub total_count: Option<i64>,
    /// Whether this is the last page (`IsCompleted`), for completion pagination.
    pub is_completed: Option<bool>,
    /// The next page's token, for token pagination (`None` or empty on the last page).
    pub next_token: Option<String>,
}

impl PageInfo {
    /// Page information with a total count.
    pub fn with_total(total_count: Option<i64>) -> Self {
        Self {
            total_count,
            ..Self::default()
        }
    }

    /// Page information with a completion flag.
    pub fn with_completion(is_completed: Option<bool>) -> Self {
        Self {
            is_completed,
            ..Self::default()
        }
    }

    /// Page information with the next page's token.
    pub fn with_next_token(next_token: Option<String>) -> Self {
        Self {
            next_token,
            ..Self::default()
        }
    }
}

/// A paged operation's input: implemented by the generated inputs of paged operations.
pub trait Paginated: Operation {
    /// One item of a page.
    type Item: Clone + PartialEq + Send + Sync + 'static;

    /// Wire name of the page-size parameter (for validation errors).
    const PAGE_SIZE_PARAMETER: &'static str;
    /// Largest page size the service accepts.
    const MAX_PAGE_SIZE: i32;
    /// Page size the service uses when none is sent.
    const DEFAULT_PAGE_SIZE: i32;
    /// How a request says which page it wants.
    const STYLE: PageStyle;

    /// The page number set on the input (page-number style; `None` otherwise).
    fn page_number(&self) -> Option<i32> {
        None
    }
    /// Sets the page number (page-number style; does nothing otherwise).
    fn set_page_number(&mut self, _number: i32) {}
    /// Sets the token of the page to fetch (token style; does nothing otherwise).
    fn set_next_token(&mut self, _token: String) {}
    /// The page size set on the input.
    fn page_size(&self) -> Option<i32>;
    /// Sets the page size.
    fn set_page_size(&mut self, size: i32);
    /// What the answer says about the pages.
    fn page_info(output: &Self::Output) -> PageInfo;
    /// The items of one answer.
    fn items(output: &Self::Output) -> &[Self::Item];
    /// The items of one answer, by value.
    fn into_items(output: Self::Output) -> Vec<Self::Item>;
}

/// A stream of results: pages ([`Paginator::send`]) or items ([`Paginator::items`]).
///
/// Implements [`futures_core::Stream`]; [`next`](Self::next) and
/// [`try_collect`](Self::try_collect) work without importing any stream trait.
pub struct PaginationStream<T, E> {
    inner: Pin<Box<dyn Stream<Item = Result<T, SdkError<E>>> + Send>>,
}

impl<T, E> PaginationStream<T, E> {
    fn new(stream: impl Stream<Item = Result<T, SdkError<E>>> + Send + 'static) -> Self {
        Self {
            inner: Box::pin(stream),
        }
    }

    /// The next page or item; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<T, SdkError<E>>> {
        self.inner.next().await
    }

    /// Collects every page or item, stopping at the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, SdkError<E>> {
        let mut all = Vec::new();
        while let Some(next) = self.next().await {
            all.push(next?);
        }
        Ok(all)
    }
}

impl<T, E> Stream for PaginationStream<T, E> {
    type Item = Result<T, SdkError<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T, E> fmt::Debug for PaginationStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaginationStream").finish_non_exhaustive()
    }
}

/// Fetches the pages of a paged operation; made by the fluent builder's
/// `into_paginator()`.
pub struct Paginator<I: Paginated> {
    client: Client,
    input: Result<I, ValidationError>,
    max_pages: Option<u32>,
}

impl<I: Paginated + fmt::Debug> fmt::Debug for Paginator<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("input", &self.input)
            .field("max_pages", &self.max_pages)
            .finish_non_exhaustive()
    }
}

impl<I: Paginated> Paginator<I> {
    /// A paginator over `input` (or the error that building it gave, reported when the
    /// stream is polled).
    #[doc(hidden)]
    pub fn new(client: Client, input: Result<I, ValidationError>) -> Self {
        Self {
            client,
            input,
            max_pages: None,
        }
    }

    /// Items per page, at most the operation's maximum (its paginator's documentation
    /// says it). A larger value is rejected with a validation error when the stream
    /// starts; nothing is sent.
    pub fn page_size(mut self, size: i32) -> Self {
        if let Ok(input) = &mut self.input {
            input.set_page_size(size);
        }
        self
    }

    /// The most pages to fetch (a hard cap on top of the automatic ones).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = Some(pages);
        self
    }

    /// A stream of whole pages (the operation's outputs).
    pub fn send(self) -> PaginationStream<I::Output, I::Error> {
        let client = self.client;
        pages(self.input, self.max_pages, move |input: I| {
            let client = client.clone();
            async move { input.send_with(&client).await }
        })
    }

    /// A stream of the items of every page.
    pub fn items(self) -> PaginationStream<I::Item, I::Error> {
        items_of::<I>(self.send())
    }
}

/// Flattens a page stream into an item stream.
fn items_of<I: Paginated>(
    pages: PaginationStream<I::Output, I::Error>,
) -> PaginationStream<I::Item, I::Error> {
    PaginationStream::new(pages.flat_map(|page| {
        let items: Vec<Result<I::Item, SdkError<I::Error>>> = match page {
            Ok(output) => I::into_items(output).into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        };
        futures_util::stream::iter(items)
    }))
}

struct State<I: Paginated, F> {
    fetch: F,
    input: I,
    next_page: i32,
    /// The token to send next (token style); `None` sends the input's own.
    next_token: Option<String>,
    page_size: i32,
    fetched: u32,
    limit: u32,
    user_limit: bool,
    previous: Option<Vec<I::Item>>,
    done: bool,
}

/// The page stream over any page fetcher (the client in production, a fake in tests).
pub(crate) fn pages<I, F, Fut>(
    input: Result<I, ValidationError>,
    max_pages: Option<u32>,
    fetch: F,
) -> PaginationStream<I::Output, I::Error>
where
    I: Paginated,
    F: FnMut(I) -> Fut + Send + 'static,
    Fut: Future<Output = Result<I::Output, SdkError<I::Error>>> + Send + 'static,
{
    let mut input = match input.and_then(check_page_size) {
        Ok(input) => input,
        Err(e) => {
            return PaginationStream::new(futures_util::stream::iter([Err(SdkError::Validation(
                e,
            ))]));
        }
    };
    let page_size = input.page_size().unwrap_or(I::DEFAULT_PAGE_SIZE);
    input.set_page_size(page_size);
    let state = State {
        fetch,
        next_page: input.page_number().unwrap_or(1),
        next_token: None,
        input,
        page_size,
        fetched: 0,
        limit: max_pages.unwrap_or(DEFAULT_MAX_PAGES),
        user_limit: max_pages.is_some(),
        previous: None,
        done: false,
    };
    PaginationStream::new(futures_util::stream::unfold(state, step))
}

fn check_page_size<I: Paginated>(input: I) -> Result<I, ValidationError> {
    match input.page_size() {
        Some(size) if !(1..=I::MAX_PAGE_SIZE).contains(&size) => Err(ValidationError::new(
            I::PAGE_SIZE_PARAMETER,
            ValidationRule::NotAllowed {
                value: size.to_string(),
                allowed: format!("1 to {}", I::MAX_PAGE_SIZE),
            },
        )),
        _ => Ok(input),
    }
}

async fn step<I, F, Fut>(
    mut st: State<I, F>,
) -> Option<(Result<I::Output, SdkError<I::Error>>, State<I, F>)>
where
    I: Paginated,
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<I::Output, SdkError<I::Error>>>,
{
    if st.done {
        return None;
    }
    if st.fetched >= st.limit {
        tracing::warn!(
            action = I::META.action,
            pages = st.fetched,
            "pagination stopped at its page cap"
        );
        return None;
    }
    if I::STYLE == PageStyle::NextToken {
        return step_token(st).await;
    }
    let mut input = st.input.clone();
    input.set_page_number(st.next_page);
    let result = (st.fetch)(input).await;
    st.fetched += 1;
    let output = match result {
        Ok(output) => output,
        Err(e) => {
            st.done = true;
            return Some((Err(e), st));
        }
    };
    let items = I::items(&output);
    let count = items.len();
    if count == 0 && st.fetched > 1 {
        return None;
    }
    if count > 0 && st.previous.as_deref() == Some(items) {
        tracing::warn!(
            action = I::META.action,
            page = st.next_page,
            "pagination stopped: the page repeats the previous one"
        );
        return None;
    }
    let info = I::page_info(&output);
    let size = i64::from(st.page_size);
    let mut more = count > 0 && count as i64 >= size;
    if info.is_completed == Some(true) {
        more = false;
    }
    if let Some(total) = info.total_count {
        if i64::from(st.next_page).saturating_mul(size) >= total {
            more = false;
        }
        if st.fetched == 1 {
            // Cap from the first total: the pages still to come, plus one spare.
            let first = i64::from(st.next_page) - 1;
            let pages = (total.max(0) + size - 1) / size - first + 1;
            let cap = u32::try_from(pages.max(1)).unwrap_or(u32::MAX);
            st.limit = if st.user_limit {
                st.limit.min(cap)
            } else {
                cap
            };
        }
    }
    match st.next_page.checked_add(1) {
        Some(next) => st.next_page = next,
        None => more = false,
    }
    st.previous = if more { Some(items.to_vec()) } else { None };
    st.done = !more;
    Some((Ok(output), st))
}

/// One step of a token stream: fetch until a page to yield (an empty page after the
/// first is skipped while its token leads on), then decide whether more follow.
async fn step_token<I, F, Fut>(
    mut st: State<I, F>,
) -> Option<(Result<I::Output, SdkError<I::Error>>, State<I, F>)>
where
    I: Paginated,
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<I::Output, SdkError<I::Error>>>,
{
    loop {
        if st.fetched >= st.limit {
            tracing::warn!(
                action = I::META.action,
                pages = st.fetched,
                "pagination stopped at its page cap"
            );
            return None;
        }
        let mut input = st.input.clone();
        let sent = st.next_token.take();
        if let Some(token) = &sent {
            input.set_next_token(token.clone());
        }
        let result = (st.fetch)(input).await;
        st.fetched += 1;
        let output = match result {
            Ok(output) => output,
            Err(e) => {
                st.done = true;
                return Some((Err(e), st));
            }
        };
        let token = I::page_info(&output).next_token.filter(|t| !t.is_empty());
        let repeated = token.is_some() && token == sent;
        if repeated {
            tracing::warn!(
                action = I::META.action,
                "pagination stopped: the answer repeats the token it was sent"
            );
        }
        let more = token.is_some() && !repeated;
        if I::items(&output).is_empty() && st.fetched > 1 {
            if more {
                st.next_token = token;
                continue;
            }
            return None;
        }
        st.next_token = token;
        st.done = !more;
        return Some((Ok(output), st));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Decode;
    use crate::error::{ProvideServiceError, ServiceError};
    use crate::operation::OperationMeta;
    use crate::params::Params;
    use std::sync::{Arc, Mutex};

    #[derive(Clone, Debug, Default)]
    struct ListThings {
        page_number: Option<i32>,
        page_size: Option<i32>,
    }

    #[derive(Debug, Default)]
    struct Page {
        items: Vec<u32>,
        total: Option<i64>,
        completed: Option<bool>,
    }

    /// A decoder these fakes never use (their pages are built, not decoded).
    macro_rules! unused_decode {
        ($t:ty) => {
            impl Decode for $t {
                fn deserialize_lenient<'de, D: serde::Deserializer<'de>>(
                    _: D,
                ) -> Result<Self, D::Error> {
                    Err(<D::Error as serde::de::Error>::custom("not used"))
                }
            }

            impl crate::decode::Structure for $t {
                const REQUIRED: &'static [&'static str] = &[];
                fn decode_member<'de, D: serde::Deserializer<'de>>(
                    &mut self,
                    _: &str,
                    _: D,
                    _: &mut u64,
                ) -> Result<(), D::Error> {
                    Err(<D::Error as serde::de::Error>::custom("not used"))
                }
            }
        };
    }

    unused_decode!(Page);

    #[derive(Debug)]
    struct ThingsError(ServiceError);

    impl From<ServiceError> for ThingsError {
        fn from(e: ServiceError) -> Self {
            Self(e)
        }
    }

    impl fmt::Display for ThingsError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.fmt(f)
        }
    }

    impl ProvideServiceError for ThingsError {
        fn service_error(&self) -> &ServiceError {
            &self.0
        }
    }

    impl crate::operation::sealed::Sealed for ListThings {}

    impl Operation for ListThings {
        type Output = Page;
        type Error = ThingsError;
        const META: OperationMeta = OperationMeta {
            action: "ListThings",
            read_only: true,
            idempotency_token: None,
        };
        const REQUIRED_REGION: Option<&'static str> = None;

        fn validate(&self, _checks: crate::validate::Checks) -> Result<(), ValidationError> {
            Ok(())
        }

        fn to_params(&self) -> Params {
            Params::new()
        }

        fn set_region(&mut self, _region: String) {}
    }

    impl Paginated for ListThings {
        type Item = u32;
        const PAGE_SIZE_PARAMETER: &'static str = "PageSize";
        const MAX_PAGE_SIZE: i32 = 50;
        const DEFAULT_PAGE_SIZE: i32 = 10;
        const STYLE: PageStyle = PageStyle::PageNumber;

        fn page_number(&self) -> Option<i32> {
            self.page_number
        }
        fn set_page_number(&mut self, number: i32) {
            self.page_number = Some(number);
        }
        fn page_size(&self) -> Option<i32> {
            self.page_size
        }
        fn set_page_size(&mut self, size: i32) {
            self.page_size = Some(size);
        }
        fn page_info(output: &Page) -> PageInfo {
            PageInfo {
                total_count: output.total,
                is_completed: output.completed,
                next_token: None,
            }
        }
        fn items(output: &Page) -> &[u32] {
            &output.items
        }
        fn into_items(output: Page) -> Vec<u32> {
            output.items
        }
    }

    type Requests = Arc<Mutex<Vec<(i32, i32)>>>;
    type Answer = std::future::Ready<Result<Page, SdkError<ThingsError>>>;

    /// A server holding `total` numbered items that answers honestly, with a total (or
    /// with `IsCompleted` when `with_total` is false).
    fn honest(
        total: u32,
        with_total: bool,
    ) -> (Requests, impl FnMut(ListThings) -> Answer + Send + 'static) {
        let seen: Requests = Arc::default();
        let log = seen.clone();
        let fetch = move |input: ListThings| {
            let (n, size) = (input.page_number.unwrap(), input.page_size.unwrap());
            log.lock().unwrap().push((n, size));
            let start = (n as u32 - 1) * size as u32;
            let items = (start..(start + size as u32).min(total)).collect();
            std::future::ready(Ok(Page {
                items,
                total: with_total.then_some(i64::from(total)),
                completed: (!with_total).then_some(start + size as u32 >= total),
            }))
        };
        (seen, fetch)
    }

    fn block<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    fn input(size: Option<i32>) -> Result<ListThings, ValidationError> {
        Ok(ListThings {
            page_number: None,
            page_size: size,
        })
    }

    #[test]
    fn stops_when_total_count_is_reached() {
        let (seen, fetch) = honest(25, true);
        let pages = block(pages(input(Some(10)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(*seen.lock().unwrap(), [(1, 10), (2, 10), (3, 10)]);
    }

    #[test]
    fn exact_multiple_of_page_size_needs_no_extra_request() {
        let (seen, fetch) = honest(20, true);
        let pages = block(pages(input(Some(10)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(seen.lock().unwrap().len(), 2);
    }

    #[test]
    fn stops_on_is_completed() {
        let (seen, fetch) = honest(20, false);
        let pages = block(pages(input(Some(10)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(seen.lock().unwrap().len(), 2);
    }

    #[test]
    fn sends_the_default_page_size_when_none_is_set() {
        let (seen, fetch) = honest(5, true);
        block(pages(input(None), None, fetch).try_collect()).unwrap();
        assert_eq!(*seen.lock().unwrap(), [(1, 10)]);
    }

    #[test]
    fn items_flattens_every_page() {
        let (_, fetch) = honest(23, true);
        let items = block(items_of::<ListThings>(pages(input(Some(5)), None, fetch)).try_collect())
            .unwrap();
        assert_eq!(items, (0..23).collect::<Vec<_>>());
    }

    #[test]
    fn empty_first_page_is_yielded_once() {
        let (seen, fetch) = honest(0, true);
        let pages = block(pages(input(Some(10)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 1);
        assert!(pages[0].items.is_empty());
        assert_eq!(seen.lock().unwrap().len(), 1);
    }

    #[test]
    fn page_size_above_the_maximum_is_rejected_before_any_request() {
        let (seen, fetch) = honest(100, true);
        let err = block(pages(input(Some(51)), None, fetch).try_collect()).unwrap_err();
        match err {
            SdkError::Validation(e) => assert_eq!(e.parameter, "PageSize"),
            other => panic!("expected a validation error, got {other:?}"),
        }
        assert!(seen.lock().unwrap().is_empty());
    }

    #[test]
    fn repeated_page_stops_the_stream() {
        // A server that ignores PageNumber and always answers page 1 with a large total.
        let calls = Arc::new(Mutex::new(0));
        let counter = calls.clone();
        let fetch = move |_: ListThings| {
            *counter.lock().unwrap() += 1;
            std::future::ready(Ok::<_, SdkError<ThingsError>>(Page {
                items: (0..10).collect(),
                total: Some(1_000),
                completed: None,
            }))
        };
        let pages = block(pages(input(Some(10)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[test]
    fn total_that_never_converges_is_capped() {
        // Distinct full pages forever, and a total that keeps growing.
        let calls = Arc::new(Mutex::new(0u32));
        let counter = calls.clone();
        let fetch = move |input: ListThings| {
            let mut n = counter.lock().unwrap();
            *n += 1;
            let page = input.page_number.unwrap() as u32;
            std::future::ready(Ok::<_, SdkError<ThingsError>>(Page {
                items: (page * 10..page * 10 + 10).collect(),
                total: Some(i64::from(30 + *n * 100)),
                completed: None,
            }))
        };
        let pages = block(pages(input(Some(10)), None, fetch).try_collect()).unwrap();
        // First total 130 -> 13 pages + 1 spare.
        assert_eq!(pages.len(), 14);
        assert_eq!(*calls.lock().unwrap(), 14);
    }

    #[test]
    fn max_pages_caps_a_stream_without_total() {
        let fetch = move |input: ListThings| {
            let page = input.page_number.unwrap() as u32;
            std::future::ready(Ok::<_, SdkError<ThingsError>>(Page {
                items: (page * 10..page * 10 + 10).collect(),
                total: None,
                completed: Some(false),
            }))
        };
        let pages = block(pages(input(Some(10)), Some(3), fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 3);
    }

    #[test]
    fn an_error_is_yielded_then_the_stream_ends() {
        let calls = Arc::new(Mutex::new(0u32));
        let counter = calls.clone();
        let fetch = move |_: ListThings| {
            *counter.lock().unwrap() += 1;
            std::future::ready(Err::<Page, _>(SdkError::Service(ThingsError(
                ServiceError::new(500, "InternalError", "boom"),
            ))))
        };
        let mut stream = pages(input(Some(10)), None, fetch);
        block(async {
            assert!(stream.next().await.unwrap().is_err());
            assert!(stream.next().await.is_none());
        });
        assert_eq!(*calls.lock().unwrap(), 1);
    }

    #[test]
    fn starts_at_the_page_number_set_on_the_input() {
        let (seen, fetch) = honest(25, true);
        let start = Ok(ListThings {
            page_number: Some(2),
            page_size: Some(10),
        });
        let pages = block(pages(start, None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(*seen.lock().unwrap(), [(2, 10), (3, 10)]);
    }

    /// A token-paged operation over numbered items: the token is the next offset as text.
    #[derive(Clone, Debug, Default)]
    struct ListTokens {
        token: Option<String>,
        size: Option<i32>,
    }

    #[derive(Debug, Default)]
    struct TokenPage {
        items: Vec<u32>,
        next: Option<String>,
    }

    unused_decode!(TokenPage);

    impl crate::operation::sealed::Sealed for ListTokens {}

    impl Operation for ListTokens {
        type Output = TokenPage;
        type Error = ThingsError;
        const META: OperationMeta = OperationMeta {
            action: "ListTokens",
            read_only: true,
            idempotency_token: None,
        };
        const REQUIRED_REGION: Option<&'static str> = None;

        fn validate(&self, _checks: crate::validate::Checks) -> Result<(), ValidationError> {
            Ok(())
        }

        fn to_params(&self) -> Params {
            Params::new()
        }

        fn set_region(&mut self, _region: String) {}
    }

    impl Paginated for ListTokens {
        type Item = u32;
        const PAGE_SIZE_PARAMETER: &'static str = "MaxResults";
        const MAX_PAGE_SIZE: i32 = 20;
        const DEFAULT_PAGE_SIZE: i32 = 10;
        const STYLE: PageStyle = PageStyle::NextToken;

        fn set_next_token(&mut self, token: String) {
            self.token = Some(token);
        }
        fn page_size(&self) -> Option<i32> {
            self.size
        }
        fn set_page_size(&mut self, size: i32) {
            self.size = Some(size);
        }
        fn page_info(output: &TokenPage) -> PageInfo {
            PageInfo::with_next_token(output.next.clone())
        }
        fn items(output: &TokenPage) -> &[u32] {
            &output.items
        }
        fn into_items(output: TokenPage) -> Vec<u32> {
            output.items
        }
    }

    type TokenLog = Arc<Mutex<Vec<(Option<String>, i32)>>>;
    type TokenAnswer = std::future::Ready<Result<TokenPage, SdkError<ThingsError>>>;

    /// A server of `total` items paging by offset tokens; the last page answers
    /// `last_token` (`None` or `Some("")`).
    fn by_token(
        total: u32,
        last_token: Option<&'static str>,
    ) -> (
        TokenLog,
        impl FnMut(ListTokens) -> TokenAnswer + Send + 'static,
    ) {
        let seen: TokenLog = Arc::default();
        let log = seen.clone();
        let fetch = move |input: ListTokens| {
            let size = input.size.unwrap() as u32;
            log.lock().unwrap().push((input.token.clone(), size as i32));
            let start: u32 = input.token.as_deref().map_or(0, |t| t.parse().unwrap());
            let end = (start + size).min(total);
            let next = if end < total {
                Some(end.to_string())
            } else {
                last_token.map(String::from)
            };
            std::future::ready(Ok(TokenPage {
                items: (start..end).collect(),
                next,
            }))
        };
        (seen, fetch)
    }

    fn tokens(size: Option<i32>) -> Result<ListTokens, ValidationError> {
        Ok(ListTokens { token: None, size })
    }

    #[test]
    fn token_stream_sends_each_answers_token_until_none() {
        let (seen, fetch) = by_token(25, None);
        let items =
            block(items_of::<ListTokens>(pages(tokens(Some(10)), None, fetch)).try_collect())
                .unwrap();
        assert_eq!(items, (0..25).collect::<Vec<_>>());
        assert_eq!(
            *seen.lock().unwrap(),
            [
                (None, 10),
                (Some("10".to_string()), 10),
                (Some("20".to_string()), 10)
            ]
        );
    }

    #[test]
    fn an_empty_token_ends_the_stream() {
        let (seen, fetch) = by_token(7, Some(""));
        let pages = block(pages(tokens(Some(3)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 3);
        assert_eq!(seen.lock().unwrap().len(), 3);
        assert_eq!(pages[2].items, [6]);
    }

    #[test]
    fn a_token_stream_sends_the_default_page_size_and_resumes_from_the_inputs_token() {
        let (seen, fetch) = by_token(15, None);
        let start = Ok(ListTokens {
            token: Some("10".into()),
            size: None,
        });
        let pages = block(pages(start, None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 1);
        assert_eq!(*seen.lock().unwrap(), [(Some("10".to_string()), 10)]);
    }

    #[test]
    fn a_repeated_token_stops_after_its_page() {
        let calls = Arc::new(Mutex::new(0u32));
        let counter = calls.clone();
        let fetch = move |_: ListTokens| {
            *counter.lock().unwrap() += 1;
            std::future::ready(Ok::<_, SdkError<ThingsError>>(TokenPage {
                items: vec![1, 2],
                next: Some("same".into()),
            }))
        };
        let pages = block(pages(tokens(Some(2)), None, fetch).try_collect()).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(*calls.lock().unwrap(), 2);
    }

    #[test]
    fn short_pages_do_not_end_a_token_stream_and_empty_ones_are_followed_not_yielded() {
        let fetch = move |input: ListTokens| {
            let (items, next) = match input.token.as_deref() {
                None => (vec![1], Some("a")),
                Some("a") => (vec![], Some("b")),
                Some("b") => (vec![2], Some("c")),
                _ => (vec![], None),
            };
            std::future::ready(Ok::<_, SdkError<ThingsError>>(TokenPage {
                items,
                next: next.map(String::from),
            }))
        };
        let pages = block(pages(tokens(Some(5)), None, fetch).try_collect()).unwrap();
        let items: Vec<Vec<u32>> = pages.into_iter().map(|p| p.items).collect();
        assert_eq!(items, [vec![1], vec![2]]);
    }

    #[test]
    fn max_pages_caps_a_token_stream_and_the_page_size_is_checked() {
        let (seen, fetch) = by_token(100, None);
        let capped = block(pages(tokens(Some(5)), Some(2), fetch).try_collect()).unwrap();
        assert_eq!(capped.len(), 2);
        assert_eq!(seen.lock().unwrap().len(), 2);
        let (seen, fetch) = by_token(100, None);
        let err = block(pages(tokens(Some(21)), None, fetch).try_collect()).unwrap_err();
        assert!(matches!(err, SdkError::Validation(e) if e.parameter == "MaxResults"));
        assert!(seen.lock().unwrap().is_empty());
    }
}
