//! Where the quickstart (`cargo run --bin quickstart`) runs, decided before any
//! request is made.
//!
//! The example's SDK walk-through is in `tests/src/bin/quickstart.rs`; this module holds
//! the part worth unit-testing: the command line ([`Options::parse`]) and the choice of
//! target ([`decide_mode`]), a pure function of the options, an environment lookup and a
//! file-existence check.
//!
//! | situation | mode |
//! |---|---|
//! | `--emulator` | [`Mode::Embedded`] (forced) |
//! | `ALIBABA_CLOUD_VPC_ENDPOINT` names a host outside Alibaba Cloud (`http://127.0.0.1:8080`) | [`Mode::Endpoint`], credentials from the default chain |
//! | `ALIBABA_CLOUD_VPC_ENDPOINT` names an Alibaba Cloud host (`*.aliyuncs.com`) | [`Mode::AlibabaCloud`] |
//! | no endpoint, credentials configured | [`Mode::AlibabaCloud`] |
//! | no endpoint, no credentials | [`Mode::Embedded`] |
//!
//! [`Mode::AlibabaCloud`] creates billable resources, so the quickstart refuses it (exit
//! code [`EXIT_REFUSED`], nothing sent) unless `--yes-create-billable-resources` or
//! `QUICKSTART_CONFIRM=yes` confirms it.
//!
//! "Credentials configured" is decided without the network: the access key variables, an
//! explicit ECS role name (`ALIBABA_CLOUD_ECS_METADATA`), or the presence of the CLI config
//! or credentials file that the default chain would read. The chain's last resort, asking
//! the ECS instance metadata service for a role, is not probed (that would be a request).

#![deny(missing_docs)]

use std::fmt;
use std::path::{Path, PathBuf};

use alibabacloud_vpn::env::{self, Env};

/// The flag that confirms creating billable resources on Alibaba Cloud.
pub const CONFIRM_FLAG: &str = "--yes-create-billable-resources";
/// The flag that forces the embedded emulator.
pub const EMULATOR_FLAG: &str = "--emulator";
/// The environment variable that confirms creating billable resources (value `yes`).
pub const CONFIRM_ENV: &str = "QUICKSTART_CONFIRM";
/// The VPC to create the VPN gateway in (required on Alibaba Cloud).
pub const VPC_ID_ENV: &str = "QUICKSTART_VPC_ID";
/// The IPsec pre-shared key to use instead of a random one.
pub const PSK_ENV: &str = "QUICKSTART_PSK";
/// The vSwitch of the dual-tunnel VPN gateway's first zone (with
/// [`DR_VSWITCH_ID_ENV`]; on Alibaba Cloud the dual-tunnel step is skipped without them).
pub const VSWITCH_ID_ENV: &str = "QUICKSTART_VSWITCH_ID";
/// The vSwitch of the dual-tunnel VPN gateway's second zone.
pub const DR_VSWITCH_ID_ENV: &str = "QUICKSTART_DR_VSWITCH_ID";
/// The region used when neither the environment nor the CLI profile names one.
pub const DEFAULT_REGION: &str = "cn-hangzhou";
/// The VPC id used against an emulator when [`VPC_ID_ENV`] is unset (emulators accept
/// any id).
pub const EMULATOR_VPC_ID: &str = "vpc-quickstart";
/// The vSwitch ids used against an emulator when [`VSWITCH_ID_ENV`] and
/// [`DR_VSWITCH_ID_ENV`] are unset.
pub const EMULATOR_VSWITCH_IDS: [&str; 2] = ["vsw-quickstart-a", "vsw-quickstart-b"];

/// Exit code of a successful run.
pub const EXIT_OK: u8 = 0;
/// Exit code when a call failed (or cleanup did not complete).
pub const EXIT_FAILED: u8 = 1;
/// Exit code when the quickstart refused to run (unconfirmed billable run, bad usage);
/// nothing was sent.
pub const EXIT_REFUSED: u8 = 2;

/// The usage text.
pub const USAGE: &str = "\
usage: cargo run --bin quickstart [-- [--emulator] [--yes-create-billable-resources]]

Walks through the VPN Gateway API: a VPN gateway, a customer gateway, an IPsec connection,
a destination and a policy route, an SSL-VPN server and client certificate, a dual-tunnel
IPsec connection with BGP (on a second gateway in two zones), a paginated listing, and
cleanup.

Where it runs:
  no ALIBABA_CLOUD_VPC_ENDPOINT, no credentials  an embedded emulator (no account needed)
  ALIBABA_CLOUD_VPC_ENDPOINT=http://host:port     that endpoint, credentials from the default
                                                  chain (ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET,
                                                  ~/.aliyun/config.json, ~/.alibabacloud/credentials)
  credentials but no endpoint                     Alibaba Cloud itself: billable, refused
                                                  unless confirmed

Options:
  --emulator                       always use the embedded emulator
  --yes-create-billable-resources  allow creating billable resources on Alibaba Cloud
                                   (same as QUICKSTART_CONFIRM=yes)
  -h, --help                       show this text

Environment:
  ALIBABA_CLOUD_REGION_ID  region (else the CLI profile's, else cn-hangzhou)
  QUICKSTART_VPC_ID        VPC to create the VPN gateway in (required on Alibaba Cloud;
                           vpc-quickstart against an emulator)
  QUICKSTART_PSK           IPsec pre-shared key (default: a random one; never printed)
  QUICKSTART_VSWITCH_ID, QUICKSTART_DR_VSWITCH_ID
                           two vSwitches of the VPC in two zones, for the dual-tunnel
                           gateway (vsw-quickstart-a and -b against an emulator; on
                           Alibaba Cloud the dual-tunnel step is skipped without them)

Exit codes: 0 success, 1 a call failed (code, message and request id on stderr),
2 refused or bad usage (nothing was sent).";

/// The parsed command line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// `--emulator`: use the embedded emulator whatever the environment says.
    pub force_emulator: bool,
    /// `--yes-create-billable-resources`.
    pub confirm_billable: bool,
    /// `-h` / `--help`.
    pub help: bool,
}

impl Options {
    /// Parses the arguments (without the program name).
    ///
    /// # Errors
    ///
    /// The usage problem, for an unknown argument.
    pub fn parse<I, S>(args: I) -> Result<Self, String>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut options = Self::default();
        for arg in args {
            match arg.as_ref() {
                EMULATOR_FLAG => options.force_emulator = true,
                CONFIRM_FLAG => options.confirm_billable = true,
                "-h" | "--help" => options.help = true,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        Ok(options)
    }
}

/// Where the quickstart runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// An emulator started inside the process; no account, nothing leaves the machine.
    Embedded {
        /// Why: `--emulator`, or nothing configured.
        reason: EmbeddedReason,
    },
    /// The endpoint in `ALIBABA_CLOUD_VPC_ENDPOINT` (an emulator or a test double),
    /// with credentials from the default chain.
    Endpoint {
        /// The endpoint, as configured.
        endpoint: String,
    },
    /// Alibaba Cloud itself: real, billable resources.
    AlibabaCloud {
        /// What points at Alibaba Cloud (credentials found, or an `aliyuncs.com` endpoint).
        why: String,
        /// Whether creating billable resources was confirmed.
        confirmed: bool,
    },
}

/// Why the embedded emulator was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbeddedReason {
    /// The `--emulator` flag.
    Forced,
    /// No endpoint and no credentials are configured.
    NothingConfigured,
}

impl fmt::Display for EmbeddedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Forced => "--emulator given",
            Self::NothingConfigured => {
                "no ALIBABA_CLOUD_VPC_ENDPOINT and no credentials configured"
            }
        })
    }
}

/// Decides where the quickstart runs, from the options, the environment `env` and
/// `file_exists` (which answers for the CLI config and the credentials file). Pure: no
/// request is made and nothing else is read.
pub fn decide_mode(options: &Options, env: &Env, file_exists: &dyn Fn(&Path) -> bool) -> Mode {
    if options.force_emulator {
        return Mode::Embedded {
            reason: EmbeddedReason::Forced,
        };
    }
    let confirmed = options.confirm_billable
        || env
            .get(CONFIRM_ENV)
            .is_some_and(|v| v.eq_ignore_ascii_case("yes"));
    if let Some(endpoint) = env.get(env::VPC_ENDPOINT) {
        return if is_alibaba_cloud_endpoint(&endpoint) {
            Mode::AlibabaCloud {
                why: format!("{} is an Alibaba Cloud endpoint", env::VPC_ENDPOINT),
                confirmed,
            }
        } else {
            Mode::Endpoint { endpoint }
        };
    }
    match credentials_source(env, file_exists) {
        Some(source) => Mode::AlibabaCloud {
            why: format!("credentials were found ({source}) and no endpoint is set"),
            confirmed,
        },
        None => Mode::Embedded {
            reason: EmbeddedReason::NothingConfigured,
        },
    }
}

/// Where the default credentials chain would find credentials, as far as can be told
/// without a request: the first of the access key variables, an explicit ECS role name,
/// the CLI config file and the credentials file. `None` when none is configured.
pub fn credentials_source(env: &Env, file_exists: &dyn Fn(&Path) -> bool) -> Option<String> {
    for var in [env::ACCESS_KEY_ID, env::ACCESS_KEY_SECRET] {
        if env.get(var).is_some() {
            return Some(format!("environment variable {var}"));
        }
    }
    if !env.is_true(env::ECS_METADATA_DISABLED) && env.get(env::ECS_METADATA).is_some() {
        return Some(format!("ECS RAM role named by {}", env::ECS_METADATA));
    }
    if !env.is_true(env::CLI_PROFILE_DISABLED) {
        let path = env.get(env::CONFIG_FILE).map(PathBuf::from).or_else(|| {
            env.home_dir()
                .map(|h| h.join(".aliyun").join("config.json"))
        });
        if let Some(path) = path.filter(|p| file_exists(p)) {
            return Some(format!("CLI config {}", path.display()));
        }
    }
    let path = env
        .get(env::CREDENTIALS_FILE)
        .map(PathBuf::from)
        .or_else(|| {
            env.home_dir()
                .map(|h| h.join(".alibabacloud").join("credentials"))
        });
    path.filter(|p| file_exists(p))
        .map(|p| format!("credentials file {}", p.display()))
}

/// Whether an endpoint (a host or a URL) is one of Alibaba Cloud's own (`aliyuncs.com`,
/// `aliyun.com` and their subdomains).
pub fn is_alibaba_cloud_endpoint(endpoint: &str) -> bool {
    let rest = endpoint
        .split_once("://")
        .map_or(endpoint, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    ["aliyuncs.com", "aliyun.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// The explanation printed when an unconfirmed run would use Alibaba Cloud.
pub fn refusal_message(why: &str, region: &str, endpoint: &str) -> String {
    format!(
        "Refusing to run against Alibaba Cloud: {why}.\n\
         This walk-through creates real, billable resources: a VPN gateway is charged for as\n\
         long as it exists. Region: {region}, endpoint: {endpoint}. Nothing has been sent.\n\
         \n\
         To try it without an account, use the embedded emulator:\n\
         \x20   cargo run --bin quickstart -- {EMULATOR_FLAG}\n\
         To run it against your account anyway (it deletes what it creates at the end):\n\
         \x20   {VPC_ID_ENV}=vpc-... cargo run --bin quickstart -- {CONFIRM_FLAG}\n\
         \x20   (or set {CONFIRM_ENV}=yes instead of the flag)"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(_: &Path) -> bool {
        false
    }

    fn opts(args: &[&str]) -> Options {
        Options::parse(args).unwrap()
    }

    #[test]
    fn nothing_configured_is_the_embedded_emulator() {
        let env = Env::from_pairs([("HOME", "/home/newcomer")]);
        assert_eq!(
            decide_mode(&opts(&[]), &env, &no_files),
            Mode::Embedded {
                reason: EmbeddedReason::NothingConfigured
            }
        );
    }

    #[test]
    fn an_endpoint_is_used_with_the_default_chain() {
        let env = Env::from_pairs([
            (env::VPC_ENDPOINT, "http://127.0.0.1:8080"),
            (env::ACCESS_KEY_ID, "testid"),
        ]);
        assert_eq!(
            decide_mode(&opts(&[]), &env, &no_files),
            Mode::Endpoint {
                endpoint: "http://127.0.0.1:8080".into()
            }
        );
    }

    #[test]
    fn credentials_without_endpoint_is_alibaba_cloud_unconfirmed() {
        let env = Env::from_pairs([
            (env::ACCESS_KEY_ID, "LTAIfake"),
            (env::ACCESS_KEY_SECRET, "fake"),
        ]);
        match decide_mode(&opts(&[]), &env, &no_files) {
            Mode::AlibabaCloud { why, confirmed } => {
                assert!(!confirmed);
                assert!(why.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn confirmation_by_flag_or_environment() {
        let creds = [(env::ACCESS_KEY_ID, "LTAIfake")];
        let by_flag = decide_mode(&opts(&[CONFIRM_FLAG]), &Env::from_pairs(creds), &no_files);
        assert!(matches!(
            by_flag,
            Mode::AlibabaCloud {
                confirmed: true,
                ..
            }
        ));
        let by_env = Env::from_pairs([creds[0], (CONFIRM_ENV, "YES")]);
        assert!(matches!(
            decide_mode(&opts(&[]), &by_env, &no_files),
            Mode::AlibabaCloud {
                confirmed: true,
                ..
            }
        ));
        let not_yes = Env::from_pairs([creds[0], (CONFIRM_ENV, "1")]);
        assert!(matches!(
            decide_mode(&opts(&[]), &not_yes, &no_files),
            Mode::AlibabaCloud {
                confirmed: false,
                ..
            }
        ));
    }

    #[test]
    fn an_alibaba_cloud_endpoint_needs_confirmation_too() {
        for endpoint in [
            "vpc.aliyuncs.com",
            "https://vpc.cn-shanghai.aliyuncs.com/",
            "https://VPC.ALIYUNCS.COM:443",
        ] {
            let env = Env::from_pairs([(env::VPC_ENDPOINT, endpoint)]);
            assert!(
                matches!(
                    decide_mode(&opts(&[]), &env, &no_files),
                    Mode::AlibabaCloud {
                        confirmed: false,
                        ..
                    }
                ),
                "{endpoint}"
            );
        }
        assert!(!is_alibaba_cloud_endpoint("http://127.0.0.1:9000"));
        assert!(!is_alibaba_cloud_endpoint("https://notaliyuncs.com"));
        assert!(!is_alibaba_cloud_endpoint(
            "http://aliyuncs.com.example.org"
        ));
    }

    #[test]
    fn the_emulator_flag_wins_over_everything() {
        let env = Env::from_pairs([
            (env::VPC_ENDPOINT, "vpc.aliyuncs.com"),
            (env::ACCESS_KEY_ID, "LTAIfake"),
        ]);
        assert_eq!(
            decide_mode(&opts(&[EMULATOR_FLAG]), &env, &no_files),
            Mode::Embedded {
                reason: EmbeddedReason::Forced
            }
        );
    }

    #[test]
    fn credential_files_and_ecs_role_count_as_configured() {
        let env = Env::from_pairs([("HOME", "/home/me")]);
        let cli = |p: &Path| p == Path::new("/home/me/.aliyun/config.json");
        assert_eq!(
            credentials_source(&env, &cli).as_deref(),
            Some("CLI config /home/me/.aliyun/config.json")
        );
        let ini = |p: &Path| p == Path::new("/home/me/.alibabacloud/credentials");
        assert!(
            credentials_source(&env, &ini)
                .unwrap()
                .contains("credentials file")
        );
        let disabled = Env::from_pairs([("HOME", "/home/me"), (env::CLI_PROFILE_DISABLED, "true")]);
        assert_eq!(credentials_source(&disabled, &cli), None);
        let explicit = Env::from_pairs([(env::CONFIG_FILE, "/etc/aliyun.json")]);
        assert!(
            credentials_source(&explicit, &|p: &Path| p == Path::new("/etc/aliyun.json")).is_some()
        );
        let role = Env::from_pairs([(env::ECS_METADATA, "my-role")]);
        assert!(
            credentials_source(&role, &no_files)
                .unwrap()
                .contains("ECS RAM role")
        );
        let role_off = Env::from_pairs([
            (env::ECS_METADATA, "my-role"),
            (env::ECS_METADATA_DISABLED, "true"),
        ]);
        assert_eq!(credentials_source(&role_off, &no_files), None);
        let blank = Env::from_pairs([(env::ACCESS_KEY_ID, "  ")]);
        assert_eq!(credentials_source(&blank, &no_files), None);
    }

    #[test]
    fn arguments_parse_and_unknown_ones_are_refused() {
        assert_eq!(
            opts(&["--emulator", "--yes-create-billable-resources"]),
            Options {
                force_emulator: true,
                confirm_billable: true,
                help: false
            }
        );
        assert!(opts(&["-h"]).help);
        assert!(
            Options::parse(["--yes"])
                .unwrap_err()
                .contains("unknown argument `--yes`")
        );
    }

    #[test]
    fn the_refusal_says_why_and_how_to_go_ahead() {
        let text = refusal_message("credentials were found", "cn-hangzhou", "vpc.aliyuncs.com");
        assert!(text.contains("Refusing"), "{text}");
        assert!(text.contains("billable"), "{text}");
        assert!(text.contains("Nothing has been sent"), "{text}");
        assert!(
            text.contains(CONFIRM_FLAG) && text.contains(CONFIRM_ENV),
            "{text}"
        );
        assert!(text.contains(EMULATOR_FLAG), "{text}");
    }
}
