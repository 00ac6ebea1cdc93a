//! The quickstart (`cargo run --bin quickstart`), run as a process in each of
//! its modes: the embedded emulator, an external endpoint (an emulator started by the
//! test) with credentials from the environment, a failing step, and Alibaba Cloud itself
//! (refused without confirmation, before any request).
//!
//! The binary is a bin target of this package, built by `cargo test` with the test. Every
//! run has a clean environment (`HOME` an empty temporary directory, so no real CLI profile or
//! credentials file is read) and a deadline.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use e2e::quickstart::{CONFIRM_ENV, EXIT_FAILED, EXIT_OK, EXIT_REFUSED, PSK_ENV, VPC_ID_ENV};
use vpn_emulator::{Emulator, FaultRule};

const ENDPOINT: &str = "ALIBABA_CLOUD_VPC_ENDPOINT";
const KEY_ID: &str = "ALIBABA_CLOUD_ACCESS_KEY_ID";
const KEY_SECRET: &str = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
const REGION: &str = "ALIBABA_CLOUD_REGION_ID";

/// The quickstart binary, built by `cargo test` with this test (a bin target of the
/// package, so cargo hands its path over).
fn example_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_quickstart"))
}

/// An empty directory to serve as `HOME`.
fn empty_home(name: &str) -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "e2e-quickstart-{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary HOME");
    dir
}

/// One finished run of the example.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

impl Run {
    #[track_caller]
    fn assert_code(&self, code: u8) {
        assert_eq!(
            self.code,
            Some(i32::from(code)),
            "unexpected exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
    }

    #[track_caller]
    fn assert_stdout_has(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.stdout.contains(needle),
                "stdout lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout,
                self.stderr
            );
        }
    }

    #[track_caller]
    fn assert_stderr_has(&self, needles: &[&str]) {
        for needle in needles {
            assert!(
                self.stderr.contains(needle),
                "stderr lacks {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout,
                self.stderr
            );
        }
    }

    #[track_caller]
    fn assert_nowhere(&self, secret: &str) {
        assert!(
            !self.stdout.contains(secret) && !self.stderr.contains(secret),
            "a secret was printed\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
    }

    /// The step lines (`[n/10] ...`), in order.
    fn steps(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|l| l.starts_with('[') && l.contains("/10] "))
            .collect()
    }
}

/// Runs the example with exactly `env` (plus `PATH` and an empty `HOME`), killing it after
/// `deadline`.
fn run_quickstart(args: &[&str], env: &[(&str, &str)], deadline: Duration) -> Run {
    let home = empty_home("home");
    let run = run_quickstart_in(&home, args, env, deadline);
    let _ = std::fs::remove_dir_all(&home);
    run
}

fn run_quickstart_in(home: &Path, args: &[&str], env: &[(&str, &str)], deadline: Duration) -> Run {
    let binary = example_binary();
    let mut command = Command::new(binary);
    command
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        // Tests never reach the ECS instance metadata address (100.100.100.200), even
        // when a credential chain falls through to it: only loopback traffic is allowed.
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(root) = std::env::var_os("SYSTEMROOT") {
        command.env("SYSTEMROOT", root); // Windows sockets need it
    }
    for (k, v) in env {
        command.env(k, v);
    }
    let started = Instant::now();
    let mut child = command.spawn().expect("the example starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the example") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the quickstart did not finish within {deadline:?}\n--- stdout\n{}\n--- stderr\n{}",
                out.join().unwrap_or_default(),
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    Run {
        code: status.code(),
        stdout: out.join().expect("stdout reader"),
        stderr: err.join().expect("stderr reader"),
        elapsed,
    }
}

/// A TCP listener standing in for an HTTP(S) proxy: with `HTTPS_PROXY` pointing at it, any
/// request to Alibaba Cloud would arrive here first. It counts connections, records the
/// first line of each and closes them without answering.
struct ProxyTrap {
    url: String,
    connections: Arc<AtomicU32>,
    first_lines: Arc<Mutex<Vec<String>>>,
}

impl ProxyTrap {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy trap");
        let url = format!("http://{}", listener.local_addr().expect("its address"));
        let connections = Arc::new(AtomicU32::new(0));
        let first_lines = Arc::new(Mutex::new(Vec::new()));
        let (count, lines) = (connections.clone(), first_lines.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                count.fetch_add(1, Ordering::SeqCst);
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut buf = [0u8; 1024];
                let n = stream.read(&mut buf).unwrap_or(0);
                let text = String::from_utf8_lossy(&buf[..n]);
                lines
                    .lock()
                    .unwrap()
                    .push(text.lines().next().unwrap_or_default().to_string());
                let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
            }
        });
        Self {
            url,
            connections,
            first_lines,
        }
    }

    /// Proxy variables sending every HTTP(S) request to the trap.
    fn env(&self) -> Vec<(&'static str, String)> {
        [
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
        ]
        .into_iter()
        .map(|k| (k, self.url.clone()))
        .collect()
    }

    fn connections(&self) -> u32 {
        self.connections.load(Ordering::SeqCst)
    }
}

fn as_refs<'a>(pairs: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    pairs.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[test]
fn with_no_configuration_it_walks_through_on_the_embedded_emulator() {
    let psk = "quickstart-test-psk-4f1c9a";
    let run = run_quickstart(&[], &[(PSK_ENV, psk)], Duration::from_secs(60));
    run.assert_code(EXIT_OK);
    run.assert_stdout_has(&[
        "Target: embedded emulator at http://127.0.0.1:",
        "no account needed",
        "Region: cn-hangzhou, VPC: vpc-quickstart",
        "waiting until active... active after ",
        r#"psk: Some("** redacted **")"#,
        "ike_version: Some(Ikev2)",
        "<- created by this run",
        "2 VPN gateway(s) on 1 page(s)",
        "deleted client certificate vsc-",
        "deleted SSL-VPN server vss-",
        "deleted policy route 172.16.1.0/24 -> 10.20.0.0/16 via vco-",
        "deleted destination route 10.10.0.0/16 via vco-",
        "deleted IPsec connection vco-",
        "deleted customer gateway cgw-",
        "deleted VPN gateway vpn-",
        "cleanup complete",
        "VPN gateway in two zones (vsw-quickstart-a, vsw-quickstart-b)... vpn-",
        "customer gateway cgw-",
        "(203.0.113.21, AS 65001)",
        "(203.0.113.22, AS 65002)",
        "IPsec connection 172.16.0.0/16 <-> 10.30.0.0/16 over two tunnels, BGP AS 65000... vco-",
        "waiting until both tunnels and BGP sessions are up... up after ",
        "(master): 47.",
        "ipsec_sa_established; BGP 169.254.10.1 AS 65000 <-> 169.254.10.2 AS 65001: success",
        "(slave): 47.",
        "ipsec_sa_established; BGP 169.254.20.1 AS 65000 <-> 169.254.20.2 AS 65002: success",
        "deleted customer gateway cgw-",
        "Summary: 11 resources created, used and deleted in cn-hangzhou",
    ]);
    let steps = run.steps();
    let expected = [
        "[1/10] Creating VPN gateway in cn-hangzhou (VPC vpc-quickstart)... vpn-",
        "[2/10] Creating customer gateway 203.0.113.10... cgw-",
        "[3/10] Creating IPsec connection vpn-",
        "[4/10] Adding destination route 10.10.0.0/16 via vco-",
        "[5/10] Adding policy route 172.16.1.0/24 -> 10.20.0.0/16 via vco-",
        "[6/10] Creating SSL-VPN server (clients 192.168.100.0/24, UDP 1194, AES-128-CBC)... vss-",
        "[7/10] Creating SSL-VPN client certificate on vss-",
        "[8/10] Setting up a dual-tunnel IPsec connection with BGP:",
        "[9/10] Listing VPN gateways in VPC vpc-quickstart through a paginator",
        "[10/10] Cleaning up, in reverse order:",
    ];
    assert_eq!(steps.len(), expected.len(), "{}", run.stdout);
    for (line, prefix) in steps.iter().zip(expected) {
        assert!(
            line.starts_with(prefix),
            "{line:?} should start with {prefix:?}"
        );
    }
    assert!(steps[0].ends_with("(status init)"), "{}", steps[0]);
    assert!(
        steps[2].contains("(status ike_sa_not_established)"),
        "{}",
        steps[2]
    );
    assert!(
        steps[3].ends_with("done (state normal, weight 100)"),
        "{}",
        steps[3]
    );
    assert!(
        steps[6].contains("(status normal, valid until "),
        "{}",
        steps[6]
    );
    run.assert_nowhere(psk);
    assert!(run.stderr.trim().is_empty(), "stderr: {}", run.stderr);
}

#[test]
fn the_emulator_flag_wins_over_credentials_and_endpoint() {
    let run = run_quickstart(
        &["--emulator"],
        &[
            (KEY_ID, "LTAIfakefakefake"),
            (KEY_SECRET, "fake-secret"),
            (ENDPOINT, "https://vpc.aliyuncs.com"),
        ],
        Duration::from_secs(60),
    );
    run.assert_code(EXIT_OK);
    run.assert_stdout_has(&[
        "Target: embedded emulator at http://127.0.0.1:",
        "--emulator given",
        "cleanup complete",
    ]);
    run.assert_nowhere("fake-secret");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_an_endpoint_it_uses_that_endpoint_and_environment_credentials() {
    let secret = "qs-secret-9d2b7e";
    let emu = Emulator::builder()
        .access_key("qs-access-key-id", secret)
        .activation_delay(Duration::from_millis(50))
        .start()
        .await
        .expect("the emulator starts");
    let endpoint = emu.endpoint();
    let env = [
        (ENDPOINT, endpoint.as_str()),
        (KEY_ID, "qs-access-key-id"),
        (KEY_SECRET, secret),
        (REGION, "cn-shanghai"),
        (VPC_ID_ENV, "vpc-e2e-endpoint"),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ]
    .map(|(k, v)| (k, v.to_string()));
    let run = tokio::task::spawn_blocking(move || {
        run_quickstart(&[], &as_refs(&env), Duration::from_secs(60))
    })
    .await
    .expect("the runner thread");
    run.assert_code(EXIT_OK);
    run.assert_stdout_has(&[
        &format!("Target: {endpoint} (from ALIBABA_CLOUD_VPC_ENDPOINT"),
        "Region: cn-shanghai, VPC: vpc-e2e-endpoint",
        "[1/10] Creating VPN gateway in cn-shanghai (VPC vpc-e2e-endpoint)... vpn-",
        "cleanup complete",
    ]);
    run.assert_nowhere(secret);

    // Every call reached this emulator, signed with the environment's key (a wrong key
    // would be refused), in the configured region, and succeeded.
    let journal = emu.journal();
    let actions: Vec<&str> = journal.iter().filter_map(|e| e.action.as_deref()).collect();
    for action in [
        "CreateVpnGateway",
        "DescribeVpnGateway",
        "CreateCustomerGateway",
        "CreateVpnConnection",
        "DescribeVpnConnection",
        "CreateVpnRouteEntry",
        "CreateVpnPbrRouteEntry",
        "CreateSslVpnServer",
        "CreateSslVpnClientCert",
        "DescribeSslVpnClientCerts",
        "DescribeVpnGateways",
        "DeleteSslVpnClientCert",
        "DeleteSslVpnServer",
        "DeleteVpnPbrRouteEntry",
        "DeleteVpnRouteEntry",
        "DeleteVpnConnection",
        "DeleteCustomerGateway",
        "DeleteVpnGateway",
    ] {
        assert!(
            actions.contains(&action),
            "{action} not called: {actions:?}"
        );
    }
    // The dual-tunnel connection: two tunnels, each to its own customer gateway, BGP on.
    let dual = journal
        .iter()
        .find(|e| {
            e.action.as_deref() == Some("CreateVpnConnection")
                && e.params
                    .contains_key("TunnelOptionsSpecification.2.CustomerGatewayId")
        })
        .expect("the dual-tunnel connection was created");
    assert_eq!(
        dual.params.get("EnableTunnelsBgp").map(String::as_str),
        Some("true")
    );
    assert_ne!(
        dual.params["TunnelOptionsSpecification.1.CustomerGatewayId"],
        dual.params["TunnelOptionsSpecification.2.CustomerGatewayId"]
    );
    let mut deleted = std::collections::BTreeSet::new();
    for entry in &journal {
        let gateway = entry.params.get("VpnGatewayId");
        if entry.action.as_deref() == Some("DescribeVpnGateway")
            && gateway.is_some_and(|g| deleted.contains(g))
        {
            // A "deleted" waiter's last poll: the gateway is gone.
            assert_eq!(
                entry.error_code.as_deref(),
                Some("InvalidVpnGatewayInstanceId.NotFound"),
                "{entry:?}"
            );
        } else {
            assert_eq!(entry.status, Some(200), "{entry:?}");
        }
        if entry.action.as_deref() == Some("DeleteVpnGateway") {
            deleted.extend(gateway.cloned());
        }
        assert_eq!(entry.region.as_deref(), Some("cn-shanghai"), "{entry:?}");
        assert_eq!(
            entry.params.get("AccessKeyId").map(String::as_str),
            Some("qs-access-key-id"),
            "{entry:?}"
        );
    }
    assert_eq!(deleted.len(), 2, "both gateways were deleted");
    // The deletions ran in reverse order of creation.
    let position = |a: &str| actions.iter().position(|x| *x == a).unwrap();
    assert!(position("DeleteSslVpnClientCert") < position("DeleteSslVpnServer"));
    assert!(position("DeleteVpnConnection") < position("DeleteCustomerGateway"));
    assert!(position("DeleteCustomerGateway") < position("DeleteVpnGateway"));
    emu.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_step_exits_1_with_code_message_and_request_id_and_still_cleans_up() {
    let emu = Emulator::builder()
        .activation_delay(Duration::ZERO)
        .start()
        .await
        .expect("the emulator starts");
    emu.add_fault(FaultRule::error("CreateSslVpnServer", "Forbidden.RAM"));
    let env = [
        (ENDPOINT, emu.endpoint()),
        (KEY_ID, emu.access_key_id()),
        (KEY_SECRET, emu.access_key_secret()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true".into()),
    ];
    let run = tokio::task::spawn_blocking(move || {
        run_quickstart(&[], &as_refs(&env), Duration::from_secs(60))
    })
    .await
    .expect("the runner thread");
    run.assert_code(EXIT_FAILED);

    let failed = emu
        .journal()
        .into_iter()
        .find(|e| e.action.as_deref() == Some("CreateSslVpnServer"))
        .expect("CreateSslVpnServer was called");
    assert_eq!(failed.error_code.as_deref(), Some("Forbidden.RAM"));
    run.assert_stdout_has(&["[6/10] Creating SSL-VPN server", "FAILED"]);
    run.assert_stderr_has(&[
        "error: creating the SSL-VPN server failed",
        "code:        Forbidden.RAM",
        "message:     User not authorized",
        &format!("request id:  {}", failed.request_id),
        "HTTP status: 403",
        "attempts:    1",
    ]);
    // Best-effort cleanup of what existed before the failure, in reverse order.
    run.assert_stdout_has(&[
        "Cleaning up what was created before the failure",
        "deleted policy route",
        "deleted destination route",
        "deleted IPsec connection",
        "deleted customer gateway",
        "deleted VPN gateway",
        "cleanup complete",
    ]);
    assert!(!run.stdout.contains("[7/10]"), "{}", run.stdout);
    assert!(!run.stdout.contains("Summary"), "{}", run.stdout);

    // Nothing is left behind.
    let client = alibabacloud_vpn::Client::builder()
        .endpoint(emu.endpoint())
        .region_id("cn-hangzhou")
        .credentials(alibabacloud_vpn::Credentials::new(
            emu.access_key_id(),
            emu.access_key_secret(),
        ))
        .build()
        .expect("a client");
    let gateways = client.describe_vpn_gateways().send().await.expect("listed");
    assert_eq!(gateways.total_count, Some(0), "{gateways:?}");
    let customers = client
        .describe_customer_gateways()
        .send()
        .await
        .expect("listed");
    assert_eq!(customers.total_count, Some(0), "{customers:?}");
    emu.shutdown().await;
}

#[test]
fn a_cleanup_failure_is_reported_and_exits_1() {
    // The walk-through succeeds against an external emulator, which then refuses to
    // delete the VPN gateways (both of them).
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let emu = rt
        .block_on(Emulator::builder().activation_delay(Duration::ZERO).start())
        .expect("the emulator starts");
    emu.add_fault(FaultRule::error("DeleteVpnGateway", "Forbidden.RAM"));
    let env = [
        (ENDPOINT, emu.endpoint()),
        (KEY_ID, emu.access_key_id()),
        (KEY_SECRET, emu.access_key_secret()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true".into()),
    ];
    let run = run_quickstart(&[], &as_refs(&env), Duration::from_secs(60));
    run.assert_code(EXIT_FAILED);
    run.assert_stdout_has(&[
        "deleted customer gateway",
        "could not delete VPN gateway vpn-",
    ]);
    run.assert_stderr_has(&[
        "error: deleting the VPN gateway failed",
        "code:        Forbidden.RAM",
        "request id:  ",
        "cleanup incomplete: 2 resource(s) could not be deleted",
    ]);
    assert!(!run.stdout.contains("cleanup complete"), "{}", run.stdout);
    rt.block_on(emu.shutdown());
}

#[test]
fn credentials_without_endpoint_are_refused_before_any_request() {
    let trap = ProxyTrap::start();
    let mut env = trap.env();
    env.extend([
        (KEY_ID, "LTAIfakefakefake".to_string()),
        (KEY_SECRET, "fake-secret-never-printed".to_string()),
    ]);
    let run = run_quickstart(&[], &as_refs(&env), Duration::from_secs(10));
    run.assert_code(EXIT_REFUSED);
    assert!(
        run.elapsed < Duration::from_secs(1),
        "took {:?}: did it try the network?",
        run.elapsed
    );
    run.assert_stderr_has(&[
        "Refusing to run against Alibaba Cloud: credentials were found (environment variable ALIBABA_CLOUD_ACCESS_KEY_ID)",
        "billable",
        "Nothing has been sent.",
        "--yes-create-billable-resources",
        "QUICKSTART_CONFIRM=yes",
        "--emulator",
    ]);
    assert!(!run.stdout.contains("[1/10]"), "{}", run.stdout);
    run.assert_nowhere("fake-secret-never-printed");
    assert_eq!(trap.connections(), 0, "a request left the process");
}

#[test]
fn other_routes_to_alibaba_cloud_are_refused_too() {
    let trap = ProxyTrap::start();
    // An Alibaba Cloud endpoint, even without credentials.
    let mut env = trap.env();
    env.push((ENDPOINT, "https://vpc.cn-shanghai.aliyuncs.com".to_string()));
    let run = run_quickstart(&[], &as_refs(&env), Duration::from_secs(10));
    run.assert_code(EXIT_REFUSED);
    run.assert_stderr_has(&["ALIBABA_CLOUD_VPC_ENDPOINT is an Alibaba Cloud endpoint"]);

    // A credentials file in the home directory (the default chain would read it).
    let home = empty_home("credentials-file");
    std::fs::create_dir_all(home.join(".alibabacloud")).unwrap();
    std::fs::write(
        home.join(".alibabacloud").join("credentials"),
        "[default]\ntype = access_key\naccess_key_id = LTAIfake\naccess_key_secret = fake\n",
    )
    .unwrap();
    let run = run_quickstart_in(&home, &[], &as_refs(&trap.env()), Duration::from_secs(10));
    run.assert_code(EXIT_REFUSED);
    run.assert_stderr_has(&["credentials were found (credentials file "]);
    let _ = std::fs::remove_dir_all(&home);

    // Confirmed, but no VPC named: still refused, nothing sent.
    let mut env = trap.env();
    env.extend([
        (KEY_ID, "LTAIfakefakefake".to_string()),
        (KEY_SECRET, "fake".to_string()),
        (CONFIRM_ENV, "yes".to_string()),
    ]);
    let run = run_quickstart(&[], &as_refs(&env), Duration::from_secs(10));
    run.assert_code(EXIT_REFUSED);
    run.assert_stderr_has(&["QUICKSTART_VPC_ID is not set", "Nothing has been sent."]);
    assert_eq!(trap.connections(), 0, "a request left the process");
}

#[test]
fn confirmed_it_goes_to_alibaba_cloud() {
    // The proxy trap stands in for the network: the confirmed run's first request goes to
    // Alibaba Cloud's endpoint through it (which also shows that the refusal tests'
    // trap would have seen any request). The trap answers 502, so the run fails at step 1.
    let trap = ProxyTrap::start();
    let mut env = trap.env();
    env.extend([
        (KEY_ID, "LTAIfakefakefake".to_string()),
        (KEY_SECRET, "fake-secret-never-printed".to_string()),
        (VPC_ID_ENV, "vpc-e2e-confirmed".to_string()),
    ]);
    let run = run_quickstart(
        &["--yes-create-billable-resources"],
        &as_refs(&env),
        Duration::from_secs(60),
    );
    run.assert_code(EXIT_FAILED);
    run.assert_stdout_has(&[
        "Target: Alibaba Cloud, vpc.aliyuncs.com",
        "[1/10] Creating VPN gateway in cn-hangzhou (VPC vpc-e2e-confirmed)... FAILED",
    ]);
    run.assert_stderr_has(&[
        "error: creating the VPN gateway failed",
        "code:        transport",
    ]);
    run.assert_nowhere("fake-secret-never-printed");
    assert!(trap.connections() >= 1, "the trap saw no request");
    let first = trap.first_lines.lock().unwrap()[0].clone();
    assert!(
        first.starts_with("CONNECT vpc.aliyuncs.com:443"),
        "first proxied line: {first:?}"
    );
}
