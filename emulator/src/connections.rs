//! Connection bookkeeping for the server: the limits ([`ConnectionLimits`]), the set of
//! open connections with when each last moved a byte and whether a request is being
//! handled on it, and the choice of which idle connection to close when the emulator runs
//! out of connection slots or file descriptors.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

/// How many connections the emulator serves and how long it waits for clients. The
/// defaults follow the service's load-balancer front ends (15-second idle and
/// header timeouts, 60 seconds for a request body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// Open connections at most. At the limit, the connection idle the longest is
    /// closed to make room; when every connection is busy, a new one is answered
    /// `503 ServiceUnavailable` and closed.
    pub max_connections: usize,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout: Duration,
    /// How long a connection may stay open with no request in progress and no byte
    /// moving.
    pub idle_timeout: Duration,
    /// How long a client may take to send a request's body.
    pub body_read_timeout: Duration,
}

impl Default for ConnectionLimits {
    fn default() -> Self {
        Self {
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(15),
            idle_timeout: Duration::from_secs(15),
            body_read_timeout: Duration::from_secs(60),
        }
    }
}

/// One open connection, as the registry and the connection's task share it.
#[derive(Debug)]
pub struct Conn {
    /// Requests being handled on it.
    busy: AtomicUsize,
    /// When it last read or wrote a byte, milliseconds since the registry's start.
    last_io_ms: AtomicU64,
    /// Notified when the registry wants it closed.
    close: Notify,
    start: Instant,
}

impl Conn {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Records that a byte moved.
    fn touch(&self) {
        self.last_io_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    /// Marks a request as being handled until the guard is dropped.
    pub fn busy(self: &Arc<Self>) -> BusyGuard {
        self.busy.fetch_add(1, Ordering::Relaxed);
        self.touch();
        BusyGuard(self.clone())
    }

    /// Whether no request is being handled.
    pub fn is_idle(&self) -> bool {
        self.busy.load(Ordering::Relaxed) == 0
    }

    /// How long since a byte last moved.
    pub fn quiet_for(&self) -> Duration {
        let last = self.last_io_ms.load(Ordering::Relaxed);
        Duration::from_millis(self.now_ms().saturating_sub(last))
    }

    /// Completes when the registry asks for the connection to be closed.
    pub async fn closed(&self) {
        self.close.notified().await;
    }
}

/// Ends a request's busy mark.
#[derive(Debug)]
pub struct BusyGuard(Arc<Conn>);

impl Drop for BusyGuard {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// The open connections.
#[derive(Debug)]
pub struct Registry {
    conns: Mutex<HashMap<u64, Arc<Conn>>>,
    next_id: AtomicU64,
    start: Instant,
}

impl Default for Registry {
    fn default() -> Self {
        Self {
            conns: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            start: Instant::now(),
        }
    }
}

/// Removes a connection from the registry when its task ends.
#[derive(Debug)]
pub struct Registration {
    registry: Arc<Registry>,
    id: u64,
    /// The connection.
    pub conn: Arc<Conn>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.registry.lock().remove(&self.id);
    }
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
        match self.conns.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Open connections.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no connection is open.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    /// Registers a new connection (unregistered when the result is dropped). The accept
    /// loop registers each connection as it accepts it, so that ids follow the accept
    /// order and the count is right when the next connection is accepted.
    pub fn register(self: &Arc<Self>) -> Registration {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(Conn {
            busy: AtomicUsize::new(0),
            last_io_ms: AtomicU64::new(0),
            close: Notify::new(),
            start: self.start,
        });
        conn.touch();
        self.lock().insert(id, conn.clone());
        Registration {
            registry: self.clone(),
            id,
            conn,
        }
    }

    /// Asks the connection that has been idle the longest (no request in progress) to
    /// close; `false` when every connection is busy.
    pub fn close_idlest(&self) -> bool {
        let conns = self.lock();
        let idlest = conns
            .iter()
            .filter(|(_, c)| c.is_idle())
            .max_by_key(|(id, c)| (c.quiet_for(), std::cmp::Reverse(**id)));
        match idlest {
            Some((_, c)) => {
                c.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// A stream that records on its [`Conn`] when it reads or writes a byte.
#[derive(Debug)]
pub struct Tracked<S> {
    inner: S,
    conn: Arc<Conn>,
}

impl<S> Tracked<S> {
    /// Wraps `inner`.
    pub fn new(inner: S, conn: Arc<Conn>) -> Self {
        Self { inner, conn }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Tracked<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let out = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.conn.touch();
        }
        out
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Tracked<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let out = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(out, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.touch();
        }
        out
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let out = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(out, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.touch();
        }
        out
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Whether an accept error means the process (or system) is out of file descriptors.
pub fn out_of_descriptors(e: &io::Error) -> bool {
    // EMFILE and ENFILE (the same numbers on Linux, the BSDs and macOS).
    matches!(e.raw_os_error(), Some(23 | 24))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn the_idlest_idle_connection_is_chosen() {
        let registry = Arc::new(Registry::default());
        let a = registry.register();
        tokio::time::advance(Duration::from_secs(5)).await;
        let b = registry.register();
        tokio::time::advance(Duration::from_secs(5)).await;
        let busy = a.conn.busy();
        // `a` is the oldest but busy: `b` goes.
        assert!(registry.close_idlest());
        tokio::time::timeout(Duration::from_secs(1), b.conn.closed())
            .await
            .expect("b was asked to close");
        drop(busy);
        drop(b);
        assert_eq!(registry.len(), 1);
        let _still_busy = a.conn.busy();
        assert!(!registry.close_idlest(), "nothing idle to close");
    }
}
