//! Every credentials provider end to end: the SDK obtains temporary credentials from the
//! emulator over HTTP (its STS endpoint, its credentials URI, its ECS metadata service),
//! signs VPN Gateway calls with them, and the emulator verifies signature and
//! `SecurityToken` on every call. Refresh before expiry, one shared refresh for
//! concurrent callers, and the service's codes for expired, unknown and mismatched
//! tokens.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use alibabacloud_vpn::credentials::{
    CliProfileProvider, OidcRoleArnProvider, ProfileFileProvider, ProvideCredentials,
    RamRoleArnProvider,
};
use alibabacloud_vpn::env::{self, Env};
use alibabacloud_vpn::{Client, ClientBuilder, Credentials, SdkError};
use base64::Engine as _;
use e2e::{REGION, Wire, client_builder, emulator_builder};
use vpn_emulator::{Emulator, JournalEntry};

const ROLE: &str = "acs:ram::1234567890123456:role/vpn-operator";
const SECOND_ROLE: &str = "acs:ram::1234567890123456:role/vpn-auditor";
const OIDC_PROVIDER: &str = "acs:ram::1234567890123456:oidc-provider/ack-rrsa";

fn entries(emu: &Emulator, action: &str) -> Vec<JournalEntry> {
    emu.journal()
        .into_iter()
        .filter(|e| e.action.as_deref() == Some(action))
        .collect()
}

fn param<'a>(entry: &'a JournalEntry, name: &str) -> &'a str {
    entry
        .params
        .get(name)
        .map(String::as_str)
        .unwrap_or_else(|| panic!("request #{} has no {name}: {:?}", entry.seq, entry.params))
}

/// The `DescribeVpnGateways` calls. V1 calls journal the key they were signed with as
/// `AccessKeyId`; V3 calls carry it in the (unjournaled) `Authorization` header.
fn describe_calls(emu: &Emulator) -> Vec<JournalEntry> {
    entries(emu, "DescribeVpnGateways")
}

/// The emulator's key, as a provider.
fn root_key(emu: &Emulator) -> Credentials {
    Credentials::new(emu.access_key_id(), emu.access_key_secret())
}

fn role_provider(emu: &Emulator, source: impl ProvideCredentials + 'static) -> RamRoleArnProvider {
    RamRoleArnProvider::new(source, ROLE)
        .with_sts_endpoint(emu.endpoint())
        .with_env(Env::from_pairs([("HOME", "/nonexistent")]))
}

fn client_with(emu: &Emulator, wire: Wire, provider: impl ProvideCredentials + 'static) -> Client {
    client_builder(emu, wire)
        .credentials(provider)
        .build()
        .expect("the client builds")
}

/// An empty directory for one test (its own `HOME`, token files, config files).
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "alibabacloud-vpn-e2e-creds-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An OIDC token (a JWT; the emulator reads its claims, it does not check the signature)
/// expiring `exp_from_now` seconds from now (negative: already expired).
fn jwt(exp_from_now: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let b64 = |s: String| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b64(r#"{"alg":"RS256","kid":"e2e"}"#.to_string()),
        b64(format!(
            r#"{{"iss":"https://oidc-ack.cn-hangzhou.aliyuncs.com/c1","sub":"system:serviceaccount:vpn:operator","aud":"sts.aliyuncs.com","exp":{}}}"#,
            now + exp_from_now
        ))
    )
}

fn write_token(dir: &Path, exp_from_now: i64) -> PathBuf {
    let path = dir.join("token");
    std::fs::write(&path, jwt(exp_from_now)).unwrap();
    path
}

/// The environment of a process that finds nothing on its own (`HOME` empty, no ECS),
/// plus `extra`.
fn bare_env(emu: &Emulator, home: &Path, extra: &[(&str, String)]) -> Env {
    let mut pairs = vec![
        ("HOME".to_string(), home.display().to_string()),
        (env::ECS_METADATA_DISABLED.to_string(), "true".to_string()),
        (env::REGION_ID.to_string(), REGION.to_string()),
        (env::VPC_ENDPOINT.to_string(), emu.endpoint()),
    ];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
    Env::from_pairs(pairs)
}

async fn describe(client: &Client) {
    client
        .describe_vpn_gateways()
        .send()
        .await
        .expect("the call is signed with accepted credentials");
}

fn service_code<E: alibabacloud_vpn::error::ProvideServiceError>(e: &SdkError<E>) -> (String, u16) {
    let s = e
        .as_service_error()
        .expect("a service error")
        .service_error();
    (s.code().to_string(), s.http_status())
}

#[tokio::test]
async fn ram_role_arn_sends_every_setting_and_signs_calls_with_the_role() {
    for wire in Wire::ALL {
        let emu = emulator_builder().start().await.unwrap();
        let provider = role_provider(&emu, root_key(&emu))
            .with_role_session_name("e2e-session")
            .with_duration(Duration::from_secs(900))
            .with_policy(r#"{"Version":"1","Statement":[{"Effect":"Allow","Action":"vpc:Describe*","Resource":"*"}]}"#)
            .with_external_id("ext-4242");
        let client = client_with(&emu, wire, provider);
        describe(&client).await;

        let assume = entries(&emu, "AssumeRole");
        assert_eq!(assume.len(), 1, "{wire}");
        let a = &assume[0];
        assert_eq!(a.status, Some(200), "{wire}");
        assert_eq!(param(a, "RoleArn"), ROLE);
        assert_eq!(param(a, "RoleSessionName"), "e2e-session");
        assert_eq!(param(a, "DurationSeconds"), "900");
        assert_eq!(param(a, "ExternalId"), "ext-4242");
        assert!(param(a, "Policy").contains("vpc:Describe*"));
        assert_eq!(param(a, "Version"), "2015-04-01");
        assert_eq!(
            param(a, "AccessKeyId"),
            emu.access_key_id(),
            "signed by the source key"
        );

        let call = &describe_calls(&emu)[0];
        assert_eq!(call.status, Some(200), "{wire}");
        wire.assert_used_by(call);
        if wire.signature == alibabacloud_vpn::config::SignatureVersion::V1 {
            assert!(param(call, "AccessKeyId").starts_with("STS."), "{wire}");
            assert_eq!(param(call, "SecurityToken"), "***", "journaled redacted");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_assume_role() {
    let emu = emulator_builder().start().await.unwrap();
    let client = client_with(&emu, Wire::V3_POST, role_provider(&emu, root_key(&emu)));
    let calls: Vec<_> = (0..16)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { describe(&client).await })
        })
        .collect();
    for c in calls {
        c.await.unwrap();
    }
    assert_eq!(entries(&emu, "AssumeRole").len(), 1);
    assert_eq!(describe_calls(&emu).len(), 16);
    assert_eq!(emu.sts_credentials_issued(), 1);
}

#[tokio::test]
async fn credentials_are_refreshed_before_expiry_and_expired_tokens_are_refused() {
    // 100 s of lifetime is inside the 180 s refresh window: every call refreshes first.
    let emu = emulator_builder()
        .sts_credential_lifetime(Duration::from_secs(100))
        .start()
        .await
        .unwrap();
    let client = client_with(&emu, Wire::V1_POST, role_provider(&emu, root_key(&emu)));
    for _ in 0..3 {
        describe(&client).await;
    }
    assert_eq!(entries(&emu, "AssumeRole").len(), 3);
    let keys: std::collections::BTreeSet<_> = describe_calls(&emu)
        .iter()
        .map(|e| param(e, "AccessKeyId").to_string())
        .collect();
    assert_eq!(keys.len(), 3, "a fresh key for every call: {keys:?}");

    // Long-lived credentials are fetched once more, then reused.
    emu.set_sts_credential_lifetime(None);
    for _ in 0..3 {
        describe(&client).await;
    }
    assert_eq!(entries(&emu, "AssumeRole").len(), 4);

    // Credentials that expire behind the client's back are refused with the service's
    // code; dropping the cached ones recovers.
    emu.expire_sts_credentials();
    let err = client.describe_vpn_gateways().send().await.unwrap_err();
    assert_eq!(
        service_code(&err),
        ("InvalidSecurityToken.Expired".into(), 400)
    );
    assert_eq!(err.attempts(), Some(1), "not retried: retrying cannot help");
    client.config().credentials().invalidate();
    describe(&client).await;
    assert_eq!(entries(&emu, "AssumeRole").len(), 5);
}

#[tokio::test]
async fn tokens_the_emulator_did_not_issue_or_for_another_key_are_refused() {
    let emu = emulator_builder().start().await.unwrap();
    let issued = role_provider(&emu, root_key(&emu))
        .provide_credentials()
        .await
        .unwrap();
    let other = role_provider(&emu, root_key(&emu))
        .provide_credentials()
        .await
        .unwrap();
    let cases = [
        (
            root_key(&emu).with_security_token("CAISforged0123456789"),
            "InvalidSecurityToken.Malformed",
        ),
        (
            Credentials::new(issued.access_key_id(), issued.access_key_secret()),
            "MissingSecurityToken",
        ),
        (
            Credentials::new(issued.access_key_id(), issued.access_key_secret())
                .with_security_token(other.security_token().unwrap()),
            "InvalidSecurityToken.MismatchWithAccessKey",
        ),
    ];
    for wire in Wire::ALL {
        for (creds, code) in &cases {
            let client = client_with(&emu, wire, creds.clone());
            let err = client.describe_vpn_gateways().send().await.unwrap_err();
            assert_eq!(service_code(&err), (code.to_string(), 400), "{wire}: {err}");
            let text = format!("{err} {err:?}");
            for secret in [issued.access_key_secret(), issued.security_token().unwrap()] {
                assert!(!text.contains(secret), "{wire}: a secret leaked: {text}");
            }
        }
        // The genuine pair works on every wire.
        describe(&client_with(&emu, wire, issued.clone())).await;
    }
}

#[tokio::test]
async fn chained_roles_sign_the_second_assume_role_with_the_first_roles_token() {
    let emu = emulator_builder().start().await.unwrap();
    let first = role_provider(&emu, root_key(&emu));
    let second = RamRoleArnProvider::new(first, SECOND_ROLE).with_sts_endpoint(emu.endpoint());
    let client = client_with(&emu, Wire::V1_GET, second);
    describe(&client).await;
    let assume = entries(&emu, "AssumeRole");
    assert_eq!(assume.len(), 2);
    assert_eq!(param(&assume[0], "RoleArn"), ROLE);
    assert_eq!(param(&assume[1], "RoleArn"), SECOND_ROLE);
    assert!(param(&assume[1], "AccessKeyId").starts_with("STS."));
    assert_eq!(param(&assume[1], "SecurityToken"), "***");
    assert_eq!(assume[1].status, Some(200));
}

#[tokio::test]
async fn sts_refusals_and_bad_settings_are_credentials_errors() {
    let emu = emulator_builder().start().await.unwrap();
    let bad_arn =
        RamRoleArnProvider::new(root_key(&emu), "not-an-arn").with_sts_endpoint(emu.endpoint());
    let err = client_with(&emu, Wire::V3_GET, bad_arn)
        .describe_vpn_gateways()
        .send()
        .await
        .unwrap_err();
    let SdkError::Credentials(e) = &err else {
        panic!("expected a credentials error, got {err:?}")
    };
    assert!(
        e.message.contains("InvalidParameter.RoleArn (HTTP 400)"),
        "{e}"
    );
    assert!(e.message.contains("[request id: "), "{e}");
    assert!(
        describe_calls(&emu).is_empty(),
        "nothing was signed with nothing"
    );

    let too_short = role_provider(&emu, root_key(&emu)).with_duration(Duration::from_secs(899));
    let e = too_short.provide_credentials().await.unwrap_err();
    assert!(e.message.contains("at least 900 s"), "{e}");
    let wrong_source = role_provider(&emu, Credentials::new(emu.access_key_id(), "wrong-secret"));
    let e = wrong_source.provide_credentials().await.unwrap_err();
    assert!(e.message.contains("SignatureDoesNotMatch"), "{e}");
    assert!(!e.message.contains("wrong-secret"), "{e}");
    assert_eq!(
        entries(&emu, "AssumeRole").len(),
        2,
        "the short session was refused locally"
    );
}

#[tokio::test]
async fn oidc_role_from_the_environment_through_the_default_chain() {
    let emu = emulator_builder().start().await.unwrap();
    let dir = scratch("oidc");
    let token_file = write_token(&dir, 3600);
    let env = bare_env(
        &emu,
        &dir,
        &[
            (env::ROLE_ARN, ROLE.to_string()),
            (env::OIDC_PROVIDER_ARN, OIDC_PROVIDER.to_string()),
            (env::OIDC_TOKEN_FILE, token_file.display().to_string()),
            (env::STS_ENDPOINT, emu.endpoint()),
        ],
    );
    let client = ClientBuilder::from_env(env.clone())
        .unwrap()
        .build()
        .unwrap();
    describe(&client).await;
    describe(&client).await;
    let assume = entries(&emu, "AssumeRoleWithOIDC");
    assert_eq!(assume.len(), 1, "cached for the second call");
    let a = &assume[0];
    assert_eq!(a.status, Some(200));
    assert_eq!(param(a, "RoleArn"), ROLE);
    assert_eq!(param(a, "OIDCProviderArn"), OIDC_PROVIDER);
    assert_eq!(param(a, "OIDCToken"), "***", "the token is never journaled");
    assert!(param(a, "RoleSessionName").starts_with("alibabacloud-vpn-rust-"));
    assert!(
        !a.params.contains_key("Signature"),
        "AssumeRoleWithOIDC is unsigned"
    );
    assert!(param(&describe_calls(&emu)[0], "AccessKeyId").starts_with("STS."));

    // The token file is read again at the next refresh: an expired token is refused.
    write_token(&dir, -60);
    let provider = OidcRoleArnProvider::from_env(&env).unwrap();
    let e = provider.provide_credentials().await.unwrap_err();
    assert!(
        e.message.contains("AuthenticationFail.OIDCToken.Expired"),
        "{e}"
    );
    std::fs::write(&token_file, "not a jwt").unwrap();
    let e = provider.provide_credentials().await.unwrap_err();
    assert!(
        e.message.contains("AuthenticationFail.OIDCToken.Invalid"),
        "{e}"
    );
    assert!(
        !e.message.contains("not a jwt"),
        "the token is not echoed: {e}"
    );
}

#[tokio::test]
async fn credentials_uri_through_the_default_chain() {
    let emu = emulator_builder().start().await.unwrap();
    let dir = scratch("uri");
    let env = bare_env(&emu, &dir, &[(env::CREDENTIALS_URI, emu.credentials_uri())]);
    let client = ClientBuilder::from_env(env).unwrap().build().unwrap();
    for _ in 0..3 {
        describe(&client).await;
    }
    assert_eq!(emu.sts_credentials_issued(), 1, "fetched once, then cached");
    assert!(param(&describe_calls(&emu)[0], "AccessKeyId").starts_with("STS."));
}

#[tokio::test]
async fn ecs_ram_role_through_the_default_chain() {
    let emu = emulator_builder().start().await.unwrap();
    let dir = scratch("ecs");
    let env = Env::from_pairs([
        ("HOME".to_string(), dir.display().to_string()),
        (env::IMDS_ENDPOINT.to_string(), emu.imds_endpoint()),
        (env::REGION_ID.to_string(), REGION.to_string()),
        (env::VPC_ENDPOINT.to_string(), emu.endpoint()),
    ]);
    let client = ClientBuilder::from_env(env).unwrap().build().unwrap();
    describe(&client).await;
    describe(&client).await;
    assert_eq!(emu.sts_credentials_issued(), 1);
    let calls = describe_calls(&emu);
    assert!(param(&calls[0], "AccessKeyId").starts_with("STS."));
    assert_eq!(
        param(&calls[0], "AccessKeyId"),
        param(&calls[1], "AccessKeyId")
    );
}

/// Every mode the CLI writes, each profile used by a client against the emulator.
#[tokio::test]
async fn every_cli_profile_mode_signs_accepted_calls() {
    let emu = emulator_builder().start().await.unwrap();
    let dir = scratch("cli");
    let token_file = write_token(&dir, 3600);
    let sts = role_provider(&emu, root_key(&emu))
        .provide_credentials()
        .await
        .unwrap();
    let config = serde_json_text(&[
        format!(
            r#"{{"name":"ak","mode":"AK","access_key_id":"{}","access_key_secret":"{}"}}"#,
            emu.access_key_id(),
            emu.access_key_secret()
        ),
        format!(
            r#"{{"name":"sts","mode":"StsToken","access_key_id":"{}","access_key_secret":"{}","sts_token":"{}"}}"#,
            sts.access_key_id(),
            sts.access_key_secret(),
            sts.security_token().unwrap()
        ),
        format!(
            r#"{{"name":"role","mode":"RamRoleArn","access_key_id":"{}","access_key_secret":"{}","ram_role_arn":"{ROLE}","ram_session_name":"cli-role","expired_seconds":1800,"external_id":"cli-ext"}}"#,
            emu.access_key_id(),
            emu.access_key_secret()
        ),
        format!(
            r#"{{"name":"chained","mode":"ChainableRamRoleArn","source_profile":"role","ram_role_arn":"{SECOND_ROLE}"}}"#
        ),
        r#"{"name":"ecs","mode":"EcsRamRole","ram_role_name":"EmulatorEcsRole"}"#.to_string(),
        format!(
            r#"{{"name":"oidc","mode":"OIDC","ram_role_arn":"{ROLE}","oidc_provider_arn":"{OIDC_PROVIDER}","oidc_token_file":"{}"}}"#,
            token_file.display()
        ),
        format!(
            r#"{{"name":"uri","mode":"CredentialsURI","credentials_uri":"{}"}}"#,
            emu.credentials_uri()
        ),
    ]);
    let path = dir.join("config.json");
    std::fs::write(&path, config).unwrap();
    let env = bare_env(
        &emu,
        &dir,
        &[
            (env::STS_ENDPOINT, emu.endpoint()),
            (env::IMDS_ENDPOINT, emu.imds_endpoint()),
        ],
    );
    // (profile, role actions it causes, whether the call is signed with an STS key)
    let modes = [
        ("ak", 0, false),
        ("sts", 0, true),
        ("role", 1, true),
        ("chained", 2, true),
        ("ecs", 0, true),
        ("oidc", 1, true),
        ("uri", 0, true),
    ];
    for (profile, role_calls, temporary) in modes {
        emu.clear_journal();
        let provider = CliProfileProvider::with_env(env.clone())
            .with_path(&path)
            .with_profile(profile);
        let client = client_with(&emu, Wire::V1_POST, provider);
        describe(&client).await;
        let assumed = entries(&emu, "AssumeRole").len() + entries(&emu, "AssumeRoleWithOIDC").len();
        assert_eq!(assumed, role_calls, "profile {profile}");
        let key = param(&describe_calls(&emu)[0], "AccessKeyId").to_string();
        assert_eq!(
            key.starts_with("STS."),
            temporary,
            "profile {profile}: {key}"
        );
    }
    emu.clear_journal();
    let role = CliProfileProvider::with_env(env.clone())
        .with_path(&path)
        .with_profile("role");
    describe(&client_with(&emu, Wire::V1_POST, role)).await;
    let a = &entries(&emu, "AssumeRole")[0];
    assert_eq!(
        (
            param(a, "RoleSessionName"),
            param(a, "DurationSeconds"),
            param(a, "ExternalId")
        ),
        ("cli-role", "1800", "cli-ext")
    );
}

/// The role types of `~/.alibabacloud/credentials`.
#[tokio::test]
async fn credentials_file_role_types_sign_accepted_calls() {
    let emu = emulator_builder().start().await.unwrap();
    let dir = scratch("ini");
    let token_file = write_token(&dir, 3600);
    let ini = format!(
        "[role]\ntype = ram_role_arn\naccess_key_id = {}\naccess_key_secret = {}\nrole_arn = {ROLE}\nrole_session_name = ini-role\n\n\
         [oidc]\ntype = oidc_role_arn\nrole_arn = {ROLE}\noidc_provider_arn = {OIDC_PROVIDER}\noidc_token_file_path = {}\n\n\
         [ecs]\ntype = ecs_ram_role\n",
        emu.access_key_id(),
        emu.access_key_secret(),
        token_file.display()
    );
    let path = dir.join("credentials");
    std::fs::write(&path, ini).unwrap();
    let env = bare_env(
        &emu,
        &dir,
        &[
            (env::STS_ENDPOINT, emu.endpoint()),
            (env::IMDS_ENDPOINT, emu.imds_endpoint()),
        ],
    );
    for (section, action) in [
        ("role", Some("AssumeRole")),
        ("oidc", Some("AssumeRoleWithOIDC")),
        ("ecs", None),
    ] {
        emu.clear_journal();
        let provider = ProfileFileProvider::with_env(env.clone())
            .with_path(&path)
            .with_profile(section);
        describe(&client_with(&emu, Wire::V3_POST, provider)).await;
        if let Some(action) = action {
            assert_eq!(entries(&emu, action).len(), 1, "[{section}]");
        }
        assert_eq!(describe_calls(&emu)[0].status, Some(200), "[{section}]");
    }
}

/// The profiles of a CLI config, as JSON text.
fn serde_json_text(profiles: &[String]) -> String {
    format!(r#"{{"current":"ak","profiles":[{}]}}"#, profiles.join(","))
}
