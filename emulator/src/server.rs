//! The HTTP/1.1 server: accepts connections, turns each request into an [`Incoming`],
//! routes it to the control endpoint or the API pipeline, and writes the answer — or,
//! for a drop-after-commit fault, closes the connection without a byte of answer.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Incoming as Body;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::connections::{ConnectionLimits, Registration, Registry, Tracked, out_of_descriptors};
use crate::control;
use crate::errors::ApiError;
use crate::faults::DropMode;
use crate::params::{Incoming, decode_pairs};
use crate::router::{self, Reply};
use crate::shared::Shared;

/// How long open connections get to finish after a shutdown request.
const GRACE: Duration = Duration::from_secs(1);

/// The first wait after a failed accept; it doubles on each failure in a row.
const ACCEPT_BACKOFF_MIN: Duration = Duration::from_millis(5);
/// The longest wait after a failed accept.
const ACCEPT_BACKOFF_MAX: Duration = Duration::from_secs(1);

/// How long a refused connection is given to read its `503` before it is closed.
const REFUSE_LINGER: Duration = Duration::from_millis(200);

/// Serves until `shutdown` turns `true`.
///
/// A failed accept is retried after a wait that doubles up to a second (no spinning when
/// the process is out of file descriptors); when it failed for lack of descriptors, or
/// when [`ConnectionLimits::max_connections`] are open, the connection idle the longest
/// is closed to make room. With every connection busy, a new one is answered
/// `503 ServiceUnavailable` and closed.
pub async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let limits = shared.lock().settings.connections;
    let registry = Arc::new(Registry::default());
    let mut connections = JoinSet::new();
    let mut backoff = ACCEPT_BACKOFF_MIN;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    backoff = ACCEPT_BACKOFF_MIN;
                    if registry.len() >= limits.max_connections && !registry.close_idlest() {
                        connections.spawn(refuse(stream, shared.clone()));
                    } else {
                        let registration = registry.register();
                        let (shared, stop) = (shared.clone(), shutdown.clone());
                        connections.spawn(connection(stream, shared, stop, registration, limits));
                    }
                }
                Err(e) => {
                    let wait = if out_of_descriptors(&e) && registry.close_idlest() {
                        // A descriptor is being freed: try again at once (almost).
                        ACCEPT_BACKOFF_MIN / 5
                    } else {
                        let wait = backoff;
                        backoff = (backoff * 2).min(ACCEPT_BACKOFF_MAX);
                        tracing::warn!(error = %e, wait_ms = wait.as_millis() as u64, "accept failed");
                        wait
                    };
                    tokio::select! {
                        _ = tokio::time::sleep(wait) => {}
                        _ = shutdown.changed() => break,
                    }
                }
            },
            _ = shutdown.changed() => break,
        }
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE * 2, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
}

/// Answers a connection over the limit `503 ServiceUnavailable` and closes it.
async fn refuse(mut stream: TcpStream, shared: Arc<Shared>) {
    let id = shared.lock().ids.request_id();
    let body =
        serde_json::to_vec(&ApiError::of(None, "ServiceUnavailable").body(&id)).unwrap_or_default();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json;charset=utf-8\r\nx-acs-request-id: {id}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(REFUSE_LINGER, async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&body).await?;
        stream.shutdown().await?;
        // Read what the client sent, so that closing does not reset the connection
        // before the answer is read.
        let mut sink = [0u8; 4096];
        while stream.read(&mut sink).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

async fn connection(
    stream: TcpStream,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
    registration: Registration,
    limits: ConnectionLimits,
) {
    let conn_state = registration.conn.clone();
    let lost = Arc::new(Notify::new());
    let svc_lost = lost.clone();
    let svc_state = conn_state.clone();
    let service = service_fn(move |req: Request<Body>| {
        let shared = shared.clone();
        let lost = svc_lost.clone();
        let busy = svc_state.busy();
        async move {
            let response = respond(&shared, req, &lost, limits.body_read_timeout).await;
            drop(busy);
            Ok::<_, Infallible>(response)
        }
    });
    let io = TokioIo::new(Tracked::new(stream, conn_state.clone()));
    let conn = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(io, service);
    tokio::pin!(conn);
    let idle = async {
        loop {
            let quiet = conn_state.quiet_for();
            if conn_state.is_idle() && quiet >= limits.idle_timeout {
                return;
            }
            tokio::time::sleep(
                limits
                    .idle_timeout
                    .saturating_sub(quiet)
                    .max(Duration::from_millis(10)),
            )
            .await;
        }
    };
    tokio::select! {
        _ = conn.as_mut() => {}
        // Dropping the connection closes the socket: the client gets no answer at all.
        _ = lost.notified() => {}
        // Idle too long, or closed to make room for a new connection.
        _ = idle => {}
        _ = conn_state.closed() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(GRACE, conn.as_mut()).await;
        }
    }
    drop(registration);
}

async fn respond(
    shared: &Shared,
    req: Request<Body>,
    lost: &Notify,
    body_timeout: Duration,
) -> Response<Full<Bytes>> {
    let reply = match read(shared, req, body_timeout).await {
        Ok(incoming)
            if incoming.path == control::PREFIX || incoming.path.starts_with("/_emulator/") =>
        {
            control::handle(shared, &incoming)
        }
        Ok(incoming) => router::api(shared, &incoming).await,
        Err(e) => {
            let id = shared.lock().ids.request_id();
            Reply::json(e.status, Some(&id), Vec::new(), &e.body(&id))
        }
    };
    match reply {
        Reply::Answer {
            status,
            headers,
            body,
        } => {
            let mut resp = Response::new(Full::new(Bytes::from(body)));
            *resp.status_mut() = http::StatusCode::from_u16(status)
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
            for (name, value) in headers {
                if let (Ok(n), Ok(v)) = (
                    http::header::HeaderName::from_bytes(name.as_bytes()),
                    http::header::HeaderValue::from_str(&value),
                ) {
                    resp.headers_mut().append(n, v);
                }
            }
            resp
        }
        Reply::Drop(mode) => {
            if mode == DropMode::Close {
                lost.notify_one();
            }
            std::future::pending::<()>().await;
            Response::new(Full::new(Bytes::new()))
        }
    }
}

async fn read(
    shared: &Shared,
    req: Request<Body>,
    body_timeout: Duration,
) -> Result<Incoming, ApiError> {
    let limit = shared.lock().settings.max_body_bytes;
    let (parts, body) = req.into_parts();
    let body = tokio::time::timeout(body_timeout, Limited::new(body, limit).collect())
        .await
        .map_err(|_| ApiError::of(None, "RequestTimeout"))?
        .map_err(|e| {
            if e.downcast_ref::<LengthLimitError>().is_some() {
                ApiError::of(None, "RequestEntityTooLarge")
            } else {
                // A malformed chunked encoding, or the client went away mid-body.
                ApiError::of(None, "MalformedRequest")
            }
        })?
        .to_bytes();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_ascii_lowercase(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let is_form = parts
        .headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| {
            ct.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
    Ok(Incoming {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts
            .uri
            .query()
            .map(|q| decode_pairs(q.as_bytes()))
            .unwrap_or_default(),
        form: if is_form {
            decode_pairs(&body)
        } else {
            Vec::new()
        },
        headers,
        body,
    })
}
