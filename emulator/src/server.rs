//! The HTTP/1.1 server: accepts connections, turns each request into an [`Incoming`],
//! routes it to the control endpoint or the API pipeline, and writes the answer — or,
//! for a drop-after-commit fault, closes the connection without a byte of answer.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming as Body;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;

use crate::control;
use crate::errors::ApiError;
use crate::faults::DropMode;
use crate::params::{Incoming, decode_pairs};
use crate::router::{self, Reply};
use crate::shared::Shared;

/// How long open connections get to finish after a shutdown request.
const GRACE: Duration = Duration::from_secs(1);

/// Serves until `shutdown` turns `true`.
pub async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let shared = shared.clone();
                let stop = shutdown.clone();
                connections.spawn(connection(stream, shared, stop));
            }
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

async fn connection(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let lost = Arc::new(Notify::new());
    let svc_lost = lost.clone();
    let service = service_fn(move |req: Request<Body>| {
        let shared = shared.clone();
        let lost = svc_lost.clone();
        async move { Ok::<_, Infallible>(respond(&shared, req, &lost).await) }
    });
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Dropping the connection closes the socket: the client gets no answer at all.
        _ = lost.notified() => {}
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(GRACE, conn.as_mut()).await;
        }
    }
}

async fn respond(shared: &Shared, req: Request<Body>, lost: &Notify) -> Response<Full<Bytes>> {
    let reply = match read(shared, req).await {
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

async fn read(shared: &Shared, req: Request<Body>) -> Result<Incoming, ApiError> {
    let limit = shared.lock().settings.max_body_bytes;
    let (parts, body) = req.into_parts();
    let body = Limited::new(body, limit)
        .collect()
        .await
        .map_err(|_| ApiError::of(None, "RequestEntityTooLarge"))?
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
