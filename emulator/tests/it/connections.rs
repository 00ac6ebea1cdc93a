//! Connection abuse: idle and slow clients are cut off, a full house makes room by closing
//! the idlest connection (or refuses cleanly when every connection is busy), and running
//! out of file descriptors neither stops the emulator answering nor makes it spin.
//!
//! No test asserts a duration: each waits (with a generous bound, about liveness) for the
//! event the mechanism must bring about.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vpn_emulator::{ConnectionLimits, Emulator, FaultRule};

use crate::support::*;

/// The bound on waiting for something that must happen (liveness, not speed).
const PATIENCE: Duration = Duration::from_secs(20);

async fn with_limits(limits: ConnectionLimits) -> Emulator {
    Emulator::builder()
        .activation_delay(Duration::ZERO)
        .connection_limits(limits)
        .start()
        .await
        .unwrap()
}

/// Reads until the server closes the connection; the bytes it sent.
async fn until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let read = tokio::time::timeout(PATIENCE, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(read.is_ok(), "the server kept the connection open");
    got
}

#[tokio::test]
async fn idle_connections_are_closed() {
    let emu = with_limits(ConnectionLimits {
        idle_timeout: Duration::from_millis(200),
        ..ConnectionLimits::default()
    })
    .await;
    let mut idle = TcpStream::connect(emu.local_addr()).await.unwrap();
    assert!(until_closed(&mut idle).await.is_empty());
    // A kept-alive connection after its answer is idle too.
    let mut kept = TcpStream::connect(emu.local_addr()).await.unwrap();
    kept.write_all(b"GET /_emulator/health HTTP/1.1\r\nhost: x\r\n\r\n")
        .await
        .unwrap();
    let answer = String::from_utf8(until_closed(&mut kept).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let emu = with_limits(ConnectionLimits {
        header_read_timeout: Duration::from_millis(300),
        ..ConnectionLimits::default()
    })
    .await;
    let stream = TcpStream::connect(emu.local_addr()).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    // Slowloris: a byte of header every 50 ms, so the connection is never quiet.
    let drip = tokio::spawn(async move {
        wr.write_all(b"GET / HTTP/1.1\r\nx-slow: ").await?;
        loop {
            tokio::time::sleep(Duration::from_millis(50)).await;
            wr.write_all(b"a").await?;
        }
        #[allow(unreachable_code)]
        Ok::<_, std::io::Error>(())
    });
    let closed = tokio::time::timeout(PATIENCE, async {
        let mut buf = [0u8; 1024];
        while let Ok(n) = rd.read(&mut buf).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
    drip.abort();
    assert!(
        closed.is_ok(),
        "a client dripping headers was never cut off"
    );
}

#[tokio::test]
async fn slow_bodies_get_request_timeout() {
    let emu = with_limits(ConnectionLimits {
        body_read_timeout: Duration::from_millis(300),
        ..ConnectionLimits::default()
    })
    .await;
    let mut stream = TcpStream::connect(emu.local_addr()).await.unwrap();
    stream
        .write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 100\r\n\r\nAction=")
        .await
        .unwrap();
    let answer = String::from_utf8_lossy(&until_closed(&mut stream).await).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"Code\":\"RequestTimeout\""), "{answer}");
    assert!(answer.contains("\"RequestId\""), "{answer}");
}

#[tokio::test]
async fn a_full_house_closes_the_idlest_connection_to_serve_a_new_one() {
    let emu = with_limits(ConnectionLimits {
        max_connections: 2,
        ..ConnectionLimits::default()
    })
    .await;
    let mut first = TcpStream::connect(emu.local_addr()).await.unwrap();
    let mut second = TcpStream::connect(emu.local_addr()).await.unwrap();
    call(&emu, "DescribeVpnGateways", &[("RegionId", REGION)])
        .await
        .ok();
    // The oldest idle connection made room.
    assert!(until_closed(&mut first).await.is_empty());
    second
        .write_all(b"GET /_emulator/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = String::from_utf8(until_closed(&mut second).await).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn with_every_connection_busy_a_new_one_is_refused_cleanly() {
    let emu = with_limits(ConnectionLimits {
        max_connections: 1,
        ..ConnectionLimits::default()
    })
    .await;
    // A connection is busy while its request's body is awaited. Each round waits longer
    // before the second connection, in case the first was not yet read (then it was the
    // idlest and made room instead).
    for round in 1..=10u64 {
        let mut busy = TcpStream::connect(emu.local_addr()).await.unwrap();
        busy.write_all(b"POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 10\r\n\r\n")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(100 * round)).await;
        let mut refused = TcpStream::connect(emu.local_addr()).await.unwrap();
        refused
            .write_all(b"GET /_emulator/health HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        let answer = String::from_utf8_lossy(&until_closed(&mut refused).await).into_owned();
        if answer.starts_with("HTTP/1.1 503") {
            assert!(
                answer.contains("\"Code\":\"ServiceUnavailable\""),
                "{answer}"
            );
            assert!(answer.contains("\"RequestId\""), "{answer}");
            // The busy one is still served.
            busy.write_all(b"Action=Ping").await.unwrap();
            let answer = String::from_utf8_lossy(&until_closed(&mut busy).await).into_owned();
            assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
            return;
        }
    }
    panic!("a new connection was never refused while the only slot was busy");
}

/// The `vpn-emulator` binary in a shell limited to 128 file descriptors, killed on drop.
#[cfg(target_os = "linux")]
struct Limited {
    child: std::process::Child,
    endpoint: String,
}

#[cfg(target_os = "linux")]
impl Limited {
    async fn start() -> Self {
        use std::io::{BufRead, BufReader};
        use std::process::{Command, Stdio};
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("ulimit -n 128 && exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_vpn-emulator"))
            .args(["--bind", "127.0.0.1:0", "--activation-delay-ms", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn vpn-emulator under ulimit -n 128");
        let stdout = child.stdout.take().unwrap();
        let line = tokio::task::spawn_blocking(move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        })
        .await
        .unwrap()
        .unwrap();
        Self {
            child,
            endpoint: line.trim().to_string(),
        }
    }

    fn addr(&self) -> std::net::SocketAddr {
        self.endpoint.trim_start_matches("http://").parse().unwrap()
    }

    /// User plus system CPU time of the process so far.
    fn cpu_time(&self) -> Duration {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        let fields: Vec<u64> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .filter_map(|f| f.parse().ok())
            .collect();
        // After the command name: state (not a number), then ppid... utime and stime
        // are the 14th and 15th fields of the line, the 11th and 12th numbers here.
        let ticks = fields[10] + fields[11];
        let per_sec: u64 = std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100);
        Duration::from_millis(ticks * 1000 / per_sec)
    }
}

#[cfg(target_os = "linux")]
impl Drop for Limited {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn out_of_descriptors_the_emulator_still_answers_and_does_not_spin() {
    let emu = Limited::start().await;
    // 200 idle connections against 128 descriptors.
    let mut idle = Vec::new();
    for _ in 0..200 {
        idle.push(TcpStream::connect(emu.addr()).await.unwrap());
    }
    let query = signed_v1_query(
        vpn_emulator::DEFAULT_ACCESS_KEY_ID,
        vpn_emulator::DEFAULT_ACCESS_KEY_SECRET,
        "DescribeVpnGateways",
        &[("RegionId", REGION)],
    );
    let started = Instant::now();
    let answer = tokio::time::timeout(
        PATIENCE,
        http().get(format!("{}/?{query}", emu.endpoint)).send(),
    )
    .await
    .expect("no answer while idle connections held the descriptors")
    .expect("transport");
    assert_eq!(answer.status().as_u16(), 200);
    eprintln!(
        "answered in {:?} with 200 idle connections held",
        started.elapsed()
    );

    // Now every descriptor is held by a busy connection (a request waiting on a 60 s
    // latency fault), so nothing can be closed to make room: accepting keeps failing,
    // and the emulator must wait between attempts instead of spinning.
    let rule = serde_json::to_string(&FaultRule::latency(
        "DescribeVpnGateways",
        Duration::from_secs(60),
    ))
    .unwrap();
    let r = http()
        .post(format!("{}/_emulator/faults", emu.endpoint))
        .body(rule)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    drop(idle);
    let mut busy = Vec::new();
    for _ in 0..160 {
        let query = signed_v1_query(
            vpn_emulator::DEFAULT_ACCESS_KEY_ID,
            vpn_emulator::DEFAULT_ACCESS_KEY_SECRET,
            "DescribeVpnGateways",
            &[("RegionId", REGION)],
        );
        let mut s = TcpStream::connect(emu.addr()).await.unwrap();
        s.write_all(format!("GET /?{query} HTTP/1.1\r\nhost: x\r\n\r\n").as_bytes())
            .await
            .unwrap();
        busy.push(s);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (cpu0, wall0) = (emu.cpu_time(), Instant::now());
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (cpu, wall) = (emu.cpu_time() - cpu0, wall0.elapsed());
    eprintln!("out of descriptors, all busy: {cpu:?} of CPU in {wall:?}");
    assert!(
        cpu < wall / 2,
        "the emulator spun on failing accepts: {cpu:?} of CPU in {wall:?}"
    );
    drop(busy);
}
