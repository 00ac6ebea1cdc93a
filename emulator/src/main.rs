//! `vpn-emulator`: the emulator as a standalone server. The first line on stdout is the
//! endpoint URL; logs go to stderr (`RUST_LOG` filters them). Stops on Ctrl-C or SIGTERM.

use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use vpn_emulator::{
    ConnectionLimits, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, Emulator, Quirks,
};

/// A local Alibaba Cloud VPN Gateway API (VPC 2016-04-28) emulator.
///
/// Serves, on one loopback port: the VPN Gateway API (RPC over GET or POST, signature V1
/// or V3 verified, input validated from the spec, state per region); STS
/// (`Version=2015-04-01`: `AssumeRole`, `AssumeRoleWithOIDC`), whose temporary
/// credentials every signed call then has its `SecurityToken` checked against; and a
/// control endpoint under `/_emulator/` (health, reset, journal, faults, quirks, seeding,
/// a credentials URI at `/_emulator/credentials` and an ECS metadata service at
/// `/_emulator/imds`).
///
/// The first line on stdout is the endpoint URL; logs go to stderr (filter with
/// `RUST_LOG`). Stops on Ctrl-C or SIGTERM.
#[derive(Debug, Parser)]
#[command(name = "vpn-emulator", version)]
struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    bind: SocketAddr,
    /// The AccessKey ID the emulator trusts.
    #[arg(long, default_value = DEFAULT_ACCESS_KEY_ID)]
    access_key_id: String,
    /// The AccessKey secret the emulator trusts.
    #[arg(long, default_value = DEFAULT_ACCESS_KEY_SECRET, hide_default_value = true)]
    access_key_secret: String,
    /// How long new VPN gateways stay `init`, in milliseconds.
    #[arg(long, default_value_t = 200)]
    activation_delay_ms: u64,
    /// Answer with the reference's variants: numbers/booleans as strings, one object for
    /// a one-item list, an `<Action>Response` envelope.
    #[arg(long)]
    quirks: bool,
    /// Seed for ids and fault probabilities (reproducible runs).
    #[arg(long)]
    seed: Option<u64>,
    /// Accept any signature (and unsigned requests).
    #[arg(long)]
    no_verify_signatures: bool,
    /// Make every STS credential last this many seconds, whatever `DurationSeconds`
    /// asked (to exercise clients' refresh).
    #[arg(long)]
    sts_credential_lifetime_secs: Option<u64>,
    /// Open connections at most (at the limit the longest-idle one is closed; with all
    /// busy, a new one is answered 503).
    #[arg(long, default_value_t = ConnectionLimits::default().max_connections)]
    max_connections: usize,
    /// Seconds a client may take to send a request's headers.
    #[arg(long, default_value_t = ConnectionLimits::default().header_read_timeout.as_secs())]
    header_read_timeout_secs: u64,
    /// Seconds a connection may stay open with nothing happening on it.
    #[arg(long, default_value_t = ConnectionLimits::default().idle_timeout.as_secs())]
    idle_timeout_secs: u64,
    /// Seconds a client may take to send a request's body.
    #[arg(long, default_value_t = ConnectionLimits::default().body_read_timeout.as_secs())]
    body_read_timeout_secs: u64,
    /// Seconds a ClientToken is remembered.
    #[arg(long, default_value_t = vpn_emulator::idempotency::DEFAULT_WINDOW.as_secs())]
    idempotency_window_secs: u64,
    /// Journal entries kept at most.
    #[arg(long, default_value_t = vpn_emulator::journal::CAPACITY)]
    journal_max_entries: usize,
    /// Journal bytes kept at most (an estimate).
    #[arg(long, default_value_t = vpn_emulator::journal::CAPACITY_BYTES)]
    journal_max_bytes: usize,
    /// Refuse parameters the operation does not declare (InvalidParameter naming them)
    /// instead of only recording them in the journal.
    #[arg(long)]
    strict: bool,
    /// A certificate id of the account's Certificate Management Service that VPN
    /// gateways can be bound to (repeat for several).
    #[arg(long = "certificate", value_name = "ID")]
    certificates: Vec<String>,
    /// How long a VPN gateway diagnosis takes to run its checks, in milliseconds.
    #[arg(long, default_value_t = 500)]
    diagnosis_delay_ms: u64,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let mut builder = Emulator::builder()
        .bind(args.bind)
        .access_key(args.access_key_id, args.access_key_secret)
        .activation_delay(Duration::from_millis(args.activation_delay_ms))
        .verify_signatures(!args.no_verify_signatures)
        .connection_limits(ConnectionLimits {
            max_connections: args.max_connections,
            header_read_timeout: Duration::from_secs(args.header_read_timeout_secs),
            idle_timeout: Duration::from_secs(args.idle_timeout_secs),
            body_read_timeout: Duration::from_secs(args.body_read_timeout_secs),
        })
        .idempotency_window(Duration::from_secs(args.idempotency_window_secs))
        .journal_limits(args.journal_max_entries, args.journal_max_bytes)
        .strict(args.strict)
        .diagnosis_delay(Duration::from_millis(args.diagnosis_delay_ms))
        .quirks(if args.quirks {
            Quirks::all()
        } else {
            Quirks::none()
        });
    for id in args.certificates {
        builder = builder.certificate(id);
    }
    if let Some(seed) = args.seed {
        builder = builder.seed(seed);
    }
    if let Some(secs) = args.sts_credential_lifetime_secs {
        builder = builder.sts_credential_lifetime(Duration::from_secs(secs));
    }
    let emulator = match builder.start().await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("vpn-emulator: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "{}", emulator.endpoint())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    wait_for_stop().await;
    tracing::info!("stopping");
    emulator.shutdown().await;
    ExitCode::SUCCESS
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
