//! Quickstart: a realistic walk through the VPN Gateway API with this SDK.
//!
//! ```text
//! cargo run --bin quickstart                 # embedded emulator, no account needed
//! cargo run --bin quickstart -- --help       # options, environment, exit codes
//! ```
//!
//! It creates a VPN gateway (and waits until it is active), a customer gateway, an IPsec
//! connection with typed IKE/IPsec settings, a destination route and a policy route, an
//! SSL-VPN server and a client certificate; then a second VPN gateway in two zones (two
//! vSwitches) with a dual-tunnel IPsec connection running BGP on both tunnels, each to
//! its own customer gateway, and waits until both tunnels and BGP sessions are up; lists
//! the VPC's VPN gateways through a paginator; then deletes everything it created, in
//! reverse order, even when a step fails (best effort, failures reported).
//!
//! Where it runs is decided before any request (see `e2e::quickstart::decide_mode`):
//!
//! * nothing configured (or `--emulator`): an emulator embedded in this process;
//! * `ALIBABA_CLOUD_VPC_ENDPOINT=http://127.0.0.1:PORT`: that endpoint (for example a
//!   `cargo run -p vpn-emulator` in another terminal), credentials from the default chain;
//! * credentials but no endpoint: Alibaba Cloud itself. That creates billable resources,
//!   so it is refused (exit code 2, nothing sent) unless confirmed with
//!   `--yes-create-billable-resources` or `QUICKSTART_CONFIRM=yes`; `QUICKSTART_VPC_ID`
//!   must then name one of your VPCs.
//!
//! Any failure exits with code 1 after printing the error's code, message, request id
//! and attempts to stderr.

use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use alibabacloud_vpn::error::{ProvideServiceError, SdkError};
use alibabacloud_vpn::types::{
    IkeConfig, IkeVersion, IpsecConfig, SslVpnCipher, SslVpnProto, TunnelBgpConfig, TunnelOptions,
    TunnelOptionsSpecification, TunnelRole, VpnAuthenticationAlgorithm, VpnConnectionStatus,
    VpnEncryptionAlgorithm, VpnPfsGroup,
};
use alibabacloud_vpn::waiter::WaiterError;
use alibabacloud_vpn::{Client, ClientBuilder, Credentials, env::Env};
use e2e::quickstart::{
    CONFIRM_ENV, CONFIRM_FLAG, DEFAULT_REGION, DR_VSWITCH_ID_ENV, EMULATOR_VPC_ID,
    EMULATOR_VSWITCH_IDS, EXIT_FAILED, EXIT_OK, EXIT_REFUSED, Mode, Options, PSK_ENV, USAGE,
    VPC_ID_ENV, VSWITCH_ID_ENV, decide_mode, refusal_message,
};
use vpn_emulator::Emulator;

/// The first line of the output.
const TITLE: &str = "Alibaba Cloud VPN Gateway SDK quickstart";
/// Steps shown as `[n/10]`.
const STEPS: u32 = 10;
/// How long the embedded emulator takes to bring a gateway or a tunnel up.
const EMBEDDED_ACTIVATION_DELAY: Duration = Duration::from_millis(100);
/// Indentation of the lines under a step.
const PAD: &str = "      ";

// The network plan: the VPC side, the office behind the customer gateway, a second
// office network reached through a policy route, and the SSL-VPN clients' pool.
const VPC_CIDR: &str = "172.16.0.0/16";
const POLICY_SOURCE_CIDR: &str = "172.16.1.0/24";
const OFFICE_CIDR: &str = "10.10.0.0/16";
const BRANCH_CIDR: &str = "10.20.0.0/16";
const CLIENT_POOL_CIDR: &str = "192.168.100.0/24";
/// The office router's public address (a documentation address, RFC 5737).
const OFFICE_PUBLIC_IP: &str = "203.0.113.10";
const ROUTE_WEIGHT: i32 = 100;
/// The data centre reached over the dual-tunnel connection, its two routers' public
/// addresses (RFC 5737) and autonomous system numbers, the gateway side's ASN, and the
/// /30 block of each tunnel's BGP session (the gateway takes the first host).
const DATA_CENTRE_CIDR: &str = "10.30.0.0/16";
const DATA_CENTRE_ROUTERS: [(&str, u32); 2] = [("203.0.113.21", 65001), ("203.0.113.22", 65002)];
const LOCAL_ASN: i64 = 65000;
const TUNNEL_BGP: [(&str, &str); 2] = [
    ("169.254.10.0/30", "169.254.10.1"),
    ("169.254.20.0/30", "169.254.20.1"),
];
const PAGE_SIZE: i32 = 10;

#[tokio::main]
async fn main() -> ExitCode {
    let options = match Options::parse(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(problem) => {
            eprintln!("quickstart: {problem}\n\n{USAGE}");
            return ExitCode::from(EXIT_REFUSED);
        }
    };
    if options.help {
        println!("{USAGE}");
        return ExitCode::from(EXIT_OK);
    }
    let env = Env::process();
    let mode = decide_mode(&options, &env, &|path| path.is_file());
    let target = match Target::connect(mode, env).await {
        Ok(target) => target,
        Err(Stop::Refused(text)) => {
            eprintln!("{text}");
            return ExitCode::from(EXIT_REFUSED);
        }
        Err(Stop::Failed(failure)) => {
            failure.report();
            return ExitCode::from(EXIT_FAILED);
        }
    };
    let code = target.run().await;
    ExitCode::from(code)
}

/// Why the quickstart stops before the walk-through.
enum Stop {
    /// Refused (exit 2): the text says why; nothing was sent.
    Refused(String),
    /// A setup failure (exit 1).
    Failed(Failure),
}

/// How long to wait for a gateway, and how often to look.
#[derive(Clone, Copy)]
struct Timing {
    min_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
}

/// The client and where it points.
struct Target {
    client: Client,
    region: String,
    vpc_id: String,
    /// The two vSwitches of the dual-tunnel gateway; `None` skips that step.
    vswitch_ids: Option<[String; 2]>,
    timing: Timing,
    /// The embedded emulator, when that is the target (stopped at the end).
    emulator: Option<Emulator>,
}

impl Target {
    /// Builds the client for `mode`, starting the embedded emulator when needed.
    async fn connect(mode: Mode, env: Env) -> Result<Self, Stop> {
        let config_failure = |e: alibabacloud_vpn::error::ConfigError| {
            Stop::Failed(Failure::local("configuring the client", "config", e))
        };
        // Region: ALIBABA_CLOUD_REGION_ID, else the CLI profile's region, else cn-hangzhou.
        let configured = ClientBuilder::from_env(env.clone())
            .and_then(ClientBuilder::build_config)
            .map_err(config_failure)?;
        let region = configured.region_id().unwrap_or(DEFAULT_REGION).to_string();
        // Against an emulator (or a test double): look every 50 ms.
        let quick = Timing {
            min_delay: Duration::from_millis(50),
            max_delay: Duration::from_millis(50),
            max_wait: Duration::from_secs(60),
        };

        match mode {
            Mode::Embedded { reason } => {
                // Gateways and tunnels come up after 100 ms, a stand-in for the service's
                // minutes that keeps the walk-through well under a second.
                let emulator = Emulator::builder()
                    .activation_delay(EMBEDDED_ACTIVATION_DELAY)
                    .start()
                    .await
                    .map_err(|e| {
                        Stop::Failed(Failure::local(
                            "starting the embedded emulator",
                            "emulator",
                            e,
                        ))
                    })?;
                println!(
                    "{TITLE}\nTarget: embedded emulator at {} ({reason}; no account needed, nothing leaves this machine)",
                    emulator.endpoint()
                );
                // Everything from the environment except where to go and who we are.
                let client = ClientBuilder::from_env(env.clone())
                    .map_err(config_failure)?
                    .endpoint(emulator.endpoint())
                    .region_id(&region)
                    .credentials(Credentials::new(
                        emulator.access_key_id(),
                        emulator.access_key_secret(),
                    ))
                    .build()
                    .map_err(config_failure)?;
                let vpc_id = env
                    .get(VPC_ID_ENV)
                    .unwrap_or_else(|| EMULATOR_VPC_ID.into());
                let vswitch_ids = Some(emulator_vswitches(&env));
                Ok(Self::announce(
                    client,
                    region,
                    vpc_id,
                    vswitch_ids,
                    quick,
                    Some(emulator),
                ))
            }
            Mode::Endpoint { endpoint } => {
                println!(
                    "{TITLE}\nTarget: {endpoint} (from ALIBABA_CLOUD_VPC_ENDPOINT; credentials from the default chain)"
                );
                let client = ClientBuilder::from_env(env.clone())
                    .map_err(config_failure)?
                    .region_id(&region)
                    .build()
                    .map_err(config_failure)?;
                let vpc_id = env
                    .get(VPC_ID_ENV)
                    .unwrap_or_else(|| EMULATOR_VPC_ID.into());
                let vswitch_ids = Some(emulator_vswitches(&env));
                Ok(Self::announce(
                    client,
                    region,
                    vpc_id,
                    vswitch_ids,
                    quick,
                    None,
                ))
            }
            Mode::AlibabaCloud { why, confirmed } => {
                let endpoint = configured.endpoint().map_or_else(
                    || alibabacloud_vpn::endpoint::host_for_region(&region).unwrap_or_default(),
                    |e| e.url(),
                );
                if !confirmed {
                    return Err(Stop::Refused(refusal_message(&why, &region, &endpoint)));
                }
                let Some(vpc_id) = env.get(VPC_ID_ENV) else {
                    return Err(Stop::Refused(format!(
                        "Creating billable resources was confirmed, but {VPC_ID_ENV} is not set: \
                         name the VPC (in {region}) to create the VPN gateway in, e.g.\n\
                         \x20   {VPC_ID_ENV}=vpc-... cargo run --bin quickstart -- {CONFIRM_FLAG}\n\
                         Nothing has been sent."
                    )));
                };
                println!(
                    "{TITLE}\nTarget: Alibaba Cloud, {endpoint} ({why}; billable resources confirmed by \
                     {CONFIRM_FLAG} or {CONFIRM_ENV}=yes)"
                );
                let vswitch_ids = env
                    .get(VSWITCH_ID_ENV)
                    .zip(env.get(DR_VSWITCH_ID_ENV))
                    .map(|(a, b)| [a, b]);
                let client = ClientBuilder::from_env(env)
                    .map_err(config_failure)?
                    .region_id(&region)
                    .build()
                    .map_err(config_failure)?;
                let patient = Timing {
                    min_delay: Duration::from_secs(2),
                    max_delay: Duration::from_secs(10),
                    max_wait: Duration::from_secs(15 * 60),
                };
                Ok(Self::announce(
                    client,
                    region,
                    vpc_id,
                    vswitch_ids,
                    patient,
                    None,
                ))
            }
        }
    }

    fn announce(
        client: Client,
        region: String,
        vpc_id: String,
        vswitch_ids: Option<[String; 2]>,
        timing: Timing,
        emulator: Option<Emulator>,
    ) -> Self {
        println!("Region: {region}, VPC: {vpc_id}\n");
        Self {
            client,
            region,
            vpc_id,
            vswitch_ids,
            timing,
            emulator,
        }
    }

    /// Walks through the API, cleans up, reports; returns the exit code.
    async fn run(self) -> u8 {
        let started = Instant::now();
        let mut created = Vec::new();
        let walked = tokio::select! {
            result = self.walk(&mut created) => result,
            _ = tokio::signal::ctrl_c() => Err(Failure::interrupted()),
        };
        if let Err(failure) = &walked {
            println!("FAILED");
            failure.report();
            if failure.code == "credentials" && self.emulator.is_none() {
                eprintln!(
                    "hint: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (a \
                     `vpn-emulator` trusts testid / testsecret unless started with other keys)"
                );
            }
            println!("\nCleaning up what was created before the failure...");
        }
        let cleanup = self.cleanup(&created).await;
        let embedded = self.emulator.is_some();
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await;
        }
        match (walked, cleanup) {
            (Ok(()), Ok(())) => {
                println!(
                    "\nSummary: {} resources created, used and deleted in {} in {:.1} s:",
                    created.len(),
                    self.region,
                    started.elapsed().as_secs_f64()
                );
                for resource in &created {
                    println!("  {:<22} {}", resource.kind(), resource.label());
                }
                if embedded {
                    println!(
                        "Next: read tests/src/bin/quickstart.rs, or run the same against a standalone \
                     emulator: start `cargo run -p vpn-emulator` (it prints its URL), then\n  \
                     ALIBABA_CLOUD_VPC_ENDPOINT=<URL> ALIBABA_CLOUD_ACCESS_KEY_ID=testid \
                     ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret cargo run --bin quickstart"
                    );
                }
                EXIT_OK
            }
            (Ok(()), Err(())) => {
                eprintln!(
                    "error: the walk-through succeeded but cleanup did not complete (see above)"
                );
                EXIT_FAILED
            }
            (Err(_), _) => EXIT_FAILED,
        }
    }

    /// The walk-through. Every resource is pushed to `created` as soon as it exists, so
    /// that cleanup can delete it whatever happens next.
    async fn walk(&self, created: &mut Vec<Resource>) -> Result<(), Failure> {
        let client = &self.client;

        // 1. A VPN gateway with IPsec-VPN and SSL-VPN, then wait until it is active.
        step(
            1,
            format!(
                "Creating VPN gateway in {} (VPC {})",
                self.region, self.vpc_id
            ),
        );
        let gateway = client
            .create_vpn_gateway()
            .vpc_id(&self.vpc_id)
            .bandwidth(5)
            .enable_ipsec(true)
            .enable_ssl(true)
            .ssl_connections(5)
            .name("quickstart-gateway")
            .send()
            .await
            .context("creating the VPN gateway")?;
        let gateway_id = required(gateway.vpn_gateway_id, "CreateVpnGateway", "VpnGatewayId")?;
        created.push(Resource::VpnGateway(gateway_id.clone()));
        let described = client
            .describe_vpn_gateway()
            .vpn_gateway_id(&gateway_id)
            .send()
            .await
            .context("describing the VPN gateway")?;
        println!("{gateway_id} (status {})", shown(described.status.as_ref()));
        print_flush(format!("{PAD}waiting until active... "));
        let waiting = Instant::now();
        let active = self
            .wait_active(&gateway_id)
            .await
            .context("waiting for the VPN gateway to become active")?;
        println!(
            "active after {:.1} s (public IP {})",
            waiting.elapsed().as_secs_f64(),
            shown(active.internet_ip.as_ref())
        );

        // 2. The customer gateway: the office router's public address.
        step(2, format!("Creating customer gateway {OFFICE_PUBLIC_IP}"));
        let customer = client
            .create_customer_gateway()
            .ip_address(OFFICE_PUBLIC_IP)
            .name("quickstart-office")
            .description("Office router (quickstart)")
            .send()
            .await
            .context("creating the customer gateway")?;
        let customer_id = required(
            customer.customer_gateway_id,
            "CreateCustomerGateway",
            "CustomerGatewayId",
        )?;
        created.push(Resource::CustomerGateway(customer_id.clone()));
        println!("{customer_id}");

        // 3. The IPsec connection, with typed phase 1 and phase 2 settings. The pre-shared
        //    key must match the office router's; `{:?}` never shows it.
        step(
            3,
            format!(
                "Creating IPsec connection {gateway_id} <-> {customer_id} ({VPC_CIDR} <-> {OFFICE_CIDR})"
            ),
        );
        let psk = std::env::var(PSK_ENV)
            .ok()
            .filter(|p| !p.trim().is_empty())
            .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
        let ike = IkeConfig::builder()
            .ike_version(IkeVersion::Ikev2)
            .ike_enc_alg(VpnEncryptionAlgorithm::Aes256)
            .ike_auth_alg(VpnAuthenticationAlgorithm::Sha1)
            .ike_pfs(VpnPfsGroup::Group14)
            .ike_lifetime(86_400)
            .psk(psk.clone())
            .build();
        let ipsec = IpsecConfig::builder()
            .ipsec_enc_alg(VpnEncryptionAlgorithm::Aes256)
            .ipsec_auth_alg(VpnAuthenticationAlgorithm::Sha1)
            .ipsec_pfs(VpnPfsGroup::Group14)
            .ipsec_lifetime(86_400)
            .build();
        let connection = client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway_id)
            .customer_gateway_id(&customer_id)
            .local_subnet(VPC_CIDR)
            .remote_subnet(OFFICE_CIDR)
            .name("quickstart-ipsec")
            .ike_config(ike.clone())
            .ipsec_config(ipsec.clone())
            .send()
            .await
            .context("creating the IPsec connection")?;
        let connection_id = required(
            connection.vpn_connection_id,
            "CreateVpnConnection",
            "VpnConnectionId",
        )?;
        created.push(Resource::VpnConnection {
            id: connection_id.clone(),
            gateway_id: gateway_id.clone(),
        });
        let reported = client
            .describe_vpn_connection()
            .vpn_connection_id(&connection_id)
            .send()
            .await
            .context("describing the IPsec connection")?;
        println!(
            "{connection_id} (status {})",
            shown(reported.status.as_ref())
        );
        println!("{PAD}sent IKE settings:   {ike:?}");
        println!("{PAD}sent IPsec settings: {ipsec:?}");
        if let Some(ike) = &reported.ike_config {
            println!("{PAD}as described:        {ike:?}");
        }
        self.settle(&gateway_id).await?;

        // 4. A destination-based route: traffic to the office goes through the tunnel.
        step(
            4,
            format!("Adding destination route {OFFICE_CIDR} via {connection_id}"),
        );
        let route = client
            .create_vpn_route_entry()
            .vpn_gateway_id(&gateway_id)
            .route_dest(OFFICE_CIDR)
            .next_hop(&connection_id)
            .weight(ROUTE_WEIGHT)
            .publish_vpc(false)
            .send()
            .await
            .context("adding the destination route")?;
        created.push(Resource::DestinationRoute {
            gateway_id: gateway_id.clone(),
            dest: OFFICE_CIDR.into(),
            next_hop: connection_id.clone(),
        });
        println!(
            "done (state {}, weight {})",
            shown(route.state.as_ref()),
            shown(route.weight.as_ref())
        );
        self.settle(&gateway_id).await?;

        // 5. A policy-based route: only traffic from one subnet to the branch office.
        step(
            5,
            format!(
                "Adding policy route {POLICY_SOURCE_CIDR} -> {BRANCH_CIDR} via {connection_id}"
            ),
        );
        let policy = client
            .create_vpn_pbr_route_entry()
            .vpn_gateway_id(&gateway_id)
            .route_source(POLICY_SOURCE_CIDR)
            .route_dest(BRANCH_CIDR)
            .next_hop(&connection_id)
            .weight(ROUTE_WEIGHT)
            .publish_vpc(false)
            .send()
            .await
            .context("adding the policy route")?;
        created.push(Resource::PolicyRoute {
            gateway_id: gateway_id.clone(),
            source: POLICY_SOURCE_CIDR.into(),
            dest: BRANCH_CIDR.into(),
            next_hop: connection_id.clone(),
        });
        println!(
            "done (state {}, weight {})",
            shown(policy.state.as_ref()),
            shown(policy.weight.as_ref())
        );
        self.settle(&gateway_id).await?;

        // 6. An SSL-VPN server for remote clients.
        step(
            6,
            format!("Creating SSL-VPN server (clients {CLIENT_POOL_CIDR}, UDP 1194, AES-128-CBC)"),
        );
        let server = client
            .create_ssl_vpn_server()
            .vpn_gateway_id(&gateway_id)
            .name("quickstart-ssl")
            .client_ip_pool(CLIENT_POOL_CIDR)
            .local_subnet(VPC_CIDR)
            .proto(SslVpnProto::Udp)
            .port(1194)
            .cipher(SslVpnCipher::Aes128Cbc)
            .compress(false)
            .send()
            .await
            .context("creating the SSL-VPN server")?;
        let server_id = required(
            server.ssl_vpn_server_id,
            "CreateSslVpnServer",
            "SslVpnServerId",
        )?;
        created.push(Resource::SslVpnServer(server_id.clone()));
        println!("{server_id}");
        self.settle(&gateway_id).await?;

        // 7. A client certificate for one laptop.
        step(
            7,
            format!("Creating SSL-VPN client certificate on {server_id}"),
        );
        let cert = client
            .create_ssl_vpn_client_cert()
            .ssl_vpn_server_id(&server_id)
            .name("quickstart-laptop")
            .send()
            .await
            .context("creating the SSL-VPN client certificate")?;
        let cert_id = required(
            cert.ssl_vpn_client_cert_id,
            "CreateSslVpnClientCert",
            "SslVpnClientCertId",
        )?;
        created.push(Resource::SslVpnClientCert(cert_id.clone()));
        let certs = client
            .describe_ssl_vpn_client_certs()
            .ssl_vpn_client_cert_id(&cert_id)
            .send()
            .await
            .context("describing the SSL-VPN client certificate")?;
        match certs.ssl_vpn_client_cert_keys.first() {
            Some(key) => println!(
                "{cert_id} (status {}, valid until {})",
                shown(key.status.as_ref()),
                shown(key.end_time.as_ref())
            ),
            None => println!("{cert_id}"),
        }

        // 8. A dual-tunnel connection with BGP, on a second gateway in two zones.
        heading(8, "Setting up a dual-tunnel IPsec connection with BGP");
        match &self.vswitch_ids {
            Some(vswitch_ids) => self.dual_tunnel(vswitch_ids, &psk, created).await?,
            None => println!(
                "{PAD}skipped: set {VSWITCH_ID_ENV} and {DR_VSWITCH_ID_ENV} to two vSwitches of {} \
                 in two zones",
                self.vpc_id
            ),
        }

        // 9. Listing through a paginator: it asks for page after page until done.
        heading(
            9,
            format!(
                "Listing VPN gateways in VPC {} through a paginator ({PAGE_SIZE} per page)",
                self.vpc_id
            ),
        );
        let mut pages = client
            .describe_vpn_gateways()
            .vpc_id(&self.vpc_id)
            .into_paginator()
            .page_size(PAGE_SIZE)
            .send();
        let (mut page_count, mut gateway_count) = (0, 0);
        while let Some(page) = pages.next().await {
            let page = page.context("listing the VPN gateways")?;
            page_count += 1;
            for listed in &page.vpn_gateways {
                gateway_count += 1;
                let id = shown(listed.vpn_gateway_id.as_ref());
                let ours = created.iter().any(|r| {
                    matches!(r, Resource::VpnGateway(id) if listed.vpn_gateway_id.as_ref() == Some(id))
                });
                let mine = if ours { "  <- created by this run" } else { "" };
                println!(
                    "{PAD}{id}  {}  {}{mine}",
                    shown(listed.name.as_ref()),
                    shown(listed.status.as_ref())
                );
            }
        }
        println!("{PAD}{gateway_count} VPN gateway(s) on {page_count} page(s)");
        Ok(())
    }

    /// Deletes `created` in reverse order, best effort; every failure is reported.
    async fn cleanup(&self, created: &[Resource]) -> Result<(), ()> {
        heading(STEPS, "Cleaning up, in reverse order");
        if created.is_empty() {
            println!("{PAD}nothing was created; cleanup complete");
            return Ok(());
        }
        // On Alibaba Cloud a gateway is briefly `updating` after each change: before each
        // deletion that reconfigures it, wait until it is `active` again (the resource's
        // own gateway, else the first one).
        let first_gateway = created.iter().find_map(|r| match r {
            Resource::VpnGateway(id) => Some(id.as_str()),
            _ => None,
        });
        let interrupted = tokio::signal::ctrl_c();
        tokio::pin!(interrupted);
        let mut failures = 0;
        for (i, resource) in created.iter().enumerate().rev() {
            let deleted = async {
                let gateway_id = resource.gateway().or(first_gateway);
                if let Some(gateway_id) = gateway_id.filter(|_| resource.reconfigures_gateway()) {
                    let _ = self.wait_active(gateway_id).await;
                }
                self.delete(resource).await
            };
            let deleted = tokio::select! {
                deleted = deleted => deleted,
                _ = &mut interrupted => {
                    println!("{PAD}interrupted");
                    eprintln!("error: cleanup interrupted (Ctrl-C); left behind:");
                    for left in created[..=i].iter().rev() {
                        eprintln!("  {} {}", left.kind(), left.label());
                    }
                    return Err(());
                }
            };
            match deleted {
                Ok(()) => println!("{PAD}deleted {} {}", resource.kind(), resource.label()),
                Err(failure) => {
                    failures += 1;
                    println!(
                        "{PAD}could not delete {} {}",
                        resource.kind(),
                        resource.label()
                    );
                    failure.report();
                }
            }
        }
        if failures == 0 {
            println!("{PAD}cleanup complete");
            Ok(())
        } else {
            eprintln!(
                "error: cleanup incomplete: {failures} resource(s) could not be deleted; delete \
                 them in the console or with the SDK (ids above)"
            );
            Err(())
        }
    }

    async fn delete(&self, resource: &Resource) -> Result<(), Failure> {
        let c = &self.client;
        match resource {
            Resource::SslVpnClientCert(id) => c
                .delete_ssl_vpn_client_cert()
                .ssl_vpn_client_cert_id(id)
                .send()
                .await
                .map(drop)
                .context("deleting the SSL-VPN client certificate"),
            Resource::SslVpnServer(id) => c
                .delete_ssl_vpn_server()
                .ssl_vpn_server_id(id)
                .send()
                .await
                .map(drop)
                .context("deleting the SSL-VPN server"),
            Resource::PolicyRoute {
                gateway_id,
                source,
                dest,
                next_hop,
            } => c
                .delete_vpn_pbr_route_entry()
                .vpn_gateway_id(gateway_id)
                .route_source(source)
                .route_dest(dest)
                .next_hop(next_hop)
                .weight(ROUTE_WEIGHT)
                .send()
                .await
                .map(drop)
                .context("deleting the policy route"),
            Resource::DestinationRoute {
                gateway_id,
                dest,
                next_hop,
            } => c
                .delete_vpn_route_entry()
                .vpn_gateway_id(gateway_id)
                .route_dest(dest)
                .next_hop(next_hop)
                .weight(ROUTE_WEIGHT)
                .send()
                .await
                .map(drop)
                .context("deleting the destination route"),
            Resource::VpnConnection { id, .. } => c
                .delete_vpn_connection()
                .vpn_connection_id(id)
                .send()
                .await
                .map(drop)
                .context("deleting the IPsec connection"),
            Resource::CustomerGateway(id) => c
                .delete_customer_gateway()
                .customer_gateway_id(id)
                .send()
                .await
                .map(drop)
                .context("deleting the customer gateway"),
            Resource::VpnGateway(id) => {
                c.delete_vpn_gateway()
                    .vpn_gateway_id(id)
                    .send()
                    .await
                    .context("deleting the VPN gateway")?;
                c.wait_until_vpn_gateway_deleted(id)
                    .min_delay(self.timing.min_delay)
                    .max_delay(self.timing.max_delay)
                    .max_wait(self.timing.max_wait)
                    .await
                    .map(drop)
                    .context("waiting for the VPN gateway to be deleted")
            }
        }
    }

    /// Step 8: a VPN gateway with a vSwitch in each of two zones (so a public address in
    /// each), a customer gateway with its ASN for each of the data centre's two routers,
    /// and a connection whose two tunnels (master and slave) run BGP; then waits until
    /// both tunnels and both BGP sessions are up and shows them.
    async fn dual_tunnel(
        &self,
        vswitch_ids: &[String; 2],
        psk: &str,
        created: &mut Vec<Resource>,
    ) -> Result<(), Failure> {
        let client = &self.client;
        print_flush(format!(
            "{PAD}VPN gateway in two zones ({}, {})... ",
            vswitch_ids[0], vswitch_ids[1]
        ));
        let gateway = client
            .create_vpn_gateway()
            .vpc_id(&self.vpc_id)
            .bandwidth(10)
            .enable_ipsec(true)
            .vswitch_id(&vswitch_ids[0])
            .disaster_recovery_vswitch_id(&vswitch_ids[1])
            .name("quickstart-dual-gateway")
            .send()
            .await
            .context("creating the dual-tunnel VPN gateway")?;
        let gateway_id = required(gateway.vpn_gateway_id, "CreateVpnGateway", "VpnGatewayId")?;
        created.push(Resource::VpnGateway(gateway_id.clone()));
        let waiting = Instant::now();
        let active = self
            .wait_active(&gateway_id)
            .await
            .context("waiting for the dual-tunnel VPN gateway to become active")?;
        println!(
            "{gateway_id}, active after {:.1} s (public IPs {} and {})",
            waiting.elapsed().as_secs_f64(),
            shown(active.internet_ip.as_ref()),
            shown(active.disaster_recovery_internet_ip.as_ref())
        );

        let mut routers = Vec::new();
        for (i, (ip, asn)) in DATA_CENTRE_ROUTERS.into_iter().enumerate() {
            let customer = client
                .create_customer_gateway()
                .ip_address(ip)
                .asn(asn.to_string())
                .name(format!("quickstart-dc-router-{}", i + 1))
                .send()
                .await
                .context("creating a data-centre customer gateway")?;
            let id = required(
                customer.customer_gateway_id,
                "CreateCustomerGateway",
                "CustomerGatewayId",
            )?;
            created.push(Resource::CustomerGateway(id.clone()));
            println!("{PAD}customer gateway {id} ({ip}, AS {asn})");
            routers.push(id);
        }

        print_flush(format!(
            "{PAD}IPsec connection {VPC_CIDR} <-> {DATA_CENTRE_CIDR} over two tunnels, BGP AS {LOCAL_ASN}... "
        ));
        let mut request = client
            .create_vpn_connection()
            .vpn_gateway_id(&gateway_id)
            .local_subnet(VPC_CIDR)
            .remote_subnet(DATA_CENTRE_CIDR)
            .name("quickstart-dual-tunnel")
            .enable_tunnels_bgp(true);
        for (i, router) in routers.iter().enumerate() {
            let (tunnel_cidr, local_bgp_ip) = TUNNEL_BGP[i];
            let role = if i == 0 {
                TunnelRole::Master
            } else {
                TunnelRole::Slave
            };
            request = request.tunnel_options_specification(
                TunnelOptionsSpecification::builder()
                    .customer_gateway_id(router)
                    .role(role)
                    .tunnel_ike_config(
                        IkeConfig::builder()
                            .ike_version(IkeVersion::Ikev2)
                            .ike_enc_alg(VpnEncryptionAlgorithm::Aes256)
                            .ike_auth_alg(VpnAuthenticationAlgorithm::Sha256)
                            .ike_pfs(VpnPfsGroup::Group14)
                            .psk(psk)
                            .build(),
                    )
                    .tunnel_ipsec_config(
                        IpsecConfig::builder()
                            .ipsec_enc_alg(VpnEncryptionAlgorithm::Aes256)
                            .ipsec_auth_alg(VpnAuthenticationAlgorithm::Sha256)
                            .ipsec_pfs(VpnPfsGroup::Group14)
                            .build(),
                    )
                    .tunnel_bgp_config(
                        TunnelBgpConfig::builder()
                            .local_asn(LOCAL_ASN)
                            .tunnel_cidr(tunnel_cidr)
                            .local_bgp_ip(local_bgp_ip)
                            .build(),
                    )
                    .build(),
            );
        }
        let connection = request
            .send()
            .await
            .context("creating the dual-tunnel IPsec connection")?;
        let connection_id = required(
            connection.vpn_connection_id,
            "CreateVpnConnection",
            "VpnConnectionId",
        )?;
        created.push(Resource::VpnConnection {
            id: connection_id.clone(),
            gateway_id: gateway_id.clone(),
        });
        println!("{connection_id}");

        print_flush(format!(
            "{PAD}waiting until both tunnels and BGP sessions are up... "
        ));
        let waiting = Instant::now();
        let tunnels = self.wait_tunnels_up(&connection_id).await?;
        println!("up after {:.1} s", waiting.elapsed().as_secs_f64());
        for t in &tunnels {
            let bgp = t.tunnel_bgp_config.as_ref();
            println!(
                "{PAD}tunnel {} {} ({}): {} <-> {}, {}; BGP {} AS {} <-> {} AS {}: {}",
                shown(t.tunnel_index.as_ref()),
                shown(t.tunnel_id.as_ref()),
                shown(t.role.as_ref()),
                shown(t.internet_ip.as_ref()),
                shown(t.customer_gateway_id.as_ref()),
                shown(t.status.as_ref()),
                shown(bgp.and_then(|b| b.local_bgp_ip.as_ref())),
                shown(bgp.and_then(|b| b.local_asn.as_ref())),
                shown(bgp.and_then(|b| b.peer_bgp_ip.as_ref())),
                shown(bgp.and_then(|b| b.peer_asn.as_ref())),
                shown(bgp.and_then(|b| b.bgp_status.as_ref())),
            );
        }
        self.settle(&gateway_id).await
    }

    /// Polls the connection, with a growing delay, until every tunnel is
    /// `ipsec_sa_established` with its BGP session up; the tunnels, first one first.
    async fn wait_tunnels_up(&self, connection_id: &str) -> Result<Vec<TunnelOptions>, Failure> {
        let up = |t: &TunnelOptions| {
            t.status == Some(VpnConnectionStatus::IpsecSaEstablished)
                && t.tunnel_bgp_config
                    .as_ref()
                    .and_then(|b| b.bgp_status.as_deref())
                    == Some("success")
        };
        let started = Instant::now();
        let mut delay = self.timing.min_delay;
        loop {
            let described = self
                .client
                .describe_vpn_connection()
                .vpn_connection_id(connection_id)
                .send()
                .await
                .context("describing the dual-tunnel IPsec connection")?;
            let mut tunnels = described.tunnel_options_specification;
            if !tunnels.is_empty() && tunnels.iter().all(up) {
                tunnels.sort_by_key(|t| t.tunnel_index);
                return Ok(tunnels);
            }
            if started.elapsed() + delay > self.timing.max_wait {
                return Err(Failure::local(
                    "waiting for the tunnels",
                    "timeout",
                    format!(
                        "the tunnels of {connection_id} were not up after {:.0} s",
                        started.elapsed().as_secs_f64()
                    ),
                ));
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(self.timing.max_delay);
        }
    }

    /// Waits until the gateway is `active`.
    async fn wait_active(
        &self,
        gateway_id: &str,
    ) -> Result<
        alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayOutput,
        WaiterError<alibabacloud_vpn::operation::describe_vpn_gateway::DescribeVpnGatewayError>,
    > {
        self.client
            .wait_until_vpn_gateway_active(gateway_id)
            .min_delay(self.timing.min_delay)
            .max_delay(self.timing.max_delay)
            .max_wait(self.timing.max_wait)
            .await
    }

    /// After a change the gateway is briefly `updating` on Alibaba Cloud: wait until it
    /// is `active` again before the next change (one quick poll on an emulator).
    async fn settle(&self, gateway_id: &str) -> Result<(), Failure> {
        self.wait_active(gateway_id)
            .await
            .map(drop)
            .context("waiting for the VPN gateway to apply the change")
    }
}

/// Something the walk-through created, with what it takes to delete it.
enum Resource {
    VpnGateway(String),
    CustomerGateway(String),
    VpnConnection {
        id: String,
        gateway_id: String,
    },
    DestinationRoute {
        gateway_id: String,
        dest: String,
        next_hop: String,
    },
    PolicyRoute {
        gateway_id: String,
        source: String,
        dest: String,
        next_hop: String,
    },
    SslVpnServer(String),
    SslVpnClientCert(String),
}

impl Resource {
    fn kind(&self) -> &'static str {
        match self {
            Self::VpnGateway(_) => "VPN gateway",
            Self::CustomerGateway(_) => "customer gateway",
            Self::VpnConnection { .. } => "IPsec connection",
            Self::DestinationRoute { .. } => "destination route",
            Self::PolicyRoute { .. } => "policy route",
            Self::SslVpnServer(_) => "SSL-VPN server",
            Self::SslVpnClientCert(_) => "client certificate",
        }
    }

    fn label(&self) -> String {
        match self {
            Self::VpnGateway(id)
            | Self::CustomerGateway(id)
            | Self::VpnConnection { id, .. }
            | Self::SslVpnServer(id)
            | Self::SslVpnClientCert(id) => id.clone(),
            Self::DestinationRoute { dest, next_hop, .. } => format!("{dest} via {next_hop}"),
            Self::PolicyRoute {
                source,
                dest,
                next_hop,
                ..
            } => format!("{source} -> {dest} via {next_hop}"),
        }
    }

    /// The VPN gateway the resource is (or belongs to), when it names one.
    fn gateway(&self) -> Option<&str> {
        match self {
            Self::VpnGateway(id) => Some(id),
            Self::VpnConnection { gateway_id, .. }
            | Self::DestinationRoute { gateway_id, .. }
            | Self::PolicyRoute { gateway_id, .. } => Some(gateway_id),
            Self::CustomerGateway(_) | Self::SslVpnServer(_) | Self::SslVpnClientCert(_) => None,
        }
    }

    /// Whether deleting this resource reconfigures the VPN gateway (so the gateway must be
    /// `active` first).
    fn reconfigures_gateway(&self) -> bool {
        !matches!(self, Self::CustomerGateway(_))
    }
}

/// A failed step: what was being done and the error's details, ready to print.
struct Failure {
    doing: String,
    /// The service's error code, or the kind of local error (`transport`, `timeout`...).
    code: String,
    message: String,
    request_id: Option<String>,
    http_status: Option<u16>,
    attempts: Option<u32>,
}

impl Failure {
    fn from_sdk<E: ProvideServiceError>(doing: &str, error: SdkError<E>) -> Self {
        let error = error.into_generic();
        let (request_id, http_status, attempts) = (
            error.request_id().map(str::to_string),
            error.http_status(),
            error.attempts(),
        );
        let (code, message) = match &error {
            SdkError::Service(e) => (e.code.clone(), e.message.clone()),
            SdkError::Validation(e) => ("validation (nothing sent)".into(), e.to_string()),
            SdkError::Config(e) => ("config".into(), e.to_string()),
            SdkError::Credentials(e) => ("credentials".into(), e.to_string()),
            SdkError::Transport(e) => ("transport".into(), e.to_string()),
            SdkError::Timeout(e) => ("timeout".into(), e.to_string()),
            SdkError::Decode(e) => ("decode".into(), e.to_string()),
            other => ("error".into(), other.to_string()),
        };
        Self {
            doing: doing.into(),
            code,
            message,
            request_id,
            http_status,
            attempts,
        }
    }

    fn local(doing: &str, code: &str, error: impl Display) -> Self {
        Self {
            doing: doing.into(),
            code: code.into(),
            message: error.to_string(),
            request_id: None,
            http_status: None,
            attempts: None,
        }
    }

    fn interrupted() -> Self {
        Self::local(
            "the walk-through",
            "interrupted",
            "stopped by Ctrl-C; cleaning up (press Ctrl-C again to stop the cleanup)",
        )
    }

    /// Prints the failure to stderr.
    fn report(&self) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "error: {} failed", self.doing);
        let _ = writeln!(err, "  code:        {}", self.code);
        let _ = writeln!(err, "  message:     {}", self.message);
        let _ = writeln!(
            err,
            "  request id:  {}",
            self.request_id
                .as_deref()
                .unwrap_or("(none: no answer from the service)")
        );
        if let Some(status) = self.http_status {
            let _ = writeln!(err, "  HTTP status: {status}");
        }
        if let Some(attempts) = self.attempts {
            let _ = writeln!(err, "  attempts:    {attempts}");
        }
    }
}

/// Adds "what was being done" to an SDK or waiter error.
trait Context<T> {
    fn context(self, doing: &str) -> Result<T, Failure>;
}

impl<T, E: ProvideServiceError> Context<T> for Result<T, SdkError<E>> {
    fn context(self, doing: &str) -> Result<T, Failure> {
        self.map_err(|e| Failure::from_sdk(doing, e))
    }
}

impl<T, E: ProvideServiceError> Context<T> for Result<T, WaiterError<E>> {
    fn context(self, doing: &str) -> Result<T, Failure> {
        self.map_err(|e| match e {
            WaiterError::Sdk(e) => Failure::from_sdk(doing, e),
            other => Failure::local(doing, "waiter", other),
        })
    }
}

/// An id the service must return; its absence is a failure.
fn required(value: Option<String>, action: &str, member: &str) -> Result<String, Failure> {
    value.ok_or_else(|| Failure::local(action, "decode", format!("the answer has no `{member}`")))
}

fn shown<T: Display>(value: Option<&T>) -> String {
    value.map_or_else(|| "-".into(), ToString::to_string)
}

/// Prints `[n/9] what:` on a line of its own (details follow, indented).
fn heading(n: u32, what: impl Display) {
    println!("[{n}/{STEPS}] {what}:");
}

/// Prints `[n/9] what... ` and leaves the line open for the result.
fn step(n: u32, what: impl Display) {
    print_flush(format!("[{n}/{STEPS}] {what}... "));
}

fn print_flush(text: String) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// The dual-tunnel gateway's vSwitches against an emulator: the environment's, else
/// made-up ids (an emulator accepts any).
fn emulator_vswitches(env: &Env) -> [String; 2] {
    let [a, b] = EMULATOR_VSWITCH_IDS;
    [
        env.get(VSWITCH_ID_ENV).unwrap_or_else(|| a.to_string()),
        env.get(DR_VSWITCH_ID_ENV).unwrap_or_else(|| b.to_string()),
    ]
}
