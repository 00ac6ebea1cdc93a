//! ECS RAM-role credentials from a counting loopback metadata server, the credentials
//! cache under concurrency, and the default chain end to end.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::support::{Recorded, Reply, TestServer, serve};
use alibabacloud_vpn::credentials::{
    CredentialsCache, DefaultCredentialsChain, EcsRamRoleProvider, ProvideCredentials,
};
use alibabacloud_vpn::env::{self, Env};
use alibabacloud_vpn::operation::OperationMeta;
use alibabacloud_vpn::params::Params;
use alibabacloud_vpn::{ClientBuilder, SdkError};

const TOKEN_PATH: &str = "/latest/api/token";
const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";
const CREDS_PATH: &str = "/latest/meta-data/ram/security-credentials/my-role";

fn expiring_in(secs: u64) -> String {
    let t = time::OffsetDateTime::from(SystemTime::now() + Duration::from_secs(secs));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A metadata server: IMDSv2 token, one role, credentials valid for `lifetime_secs`.
/// Each answer is delayed a little so concurrent callers really overlap.
async fn imds(lifetime_secs: u64, token_supported: bool) -> TestServer {
    serve(move |r: &Recorded, _| {
        let delay = Duration::from_millis(30);
        let token_ok = !token_supported || r.header("x-aliyun-ecs-metadata-token") == Some("imds-token");
        match (r.method.as_str(), r.path()) {
            ("PUT", TOKEN_PATH) if token_supported => {
                assert_eq!(r.header("x-aliyun-ecs-metadata-token-ttl-seconds"), Some("21600"));
                Reply::bytes(200, b"imds-token".to_vec()).delayed(delay)
            }
            ("GET", ROLE_PATH) if token_ok => Reply::bytes(200, b"my-role".to_vec()).delayed(delay),
            ("GET", CREDS_PATH) if token_ok => Reply::json(
                200,
                &format!(
                    r#"{{"AccessKeyId":"STS.ecs-id","AccessKeySecret":"ecs-secret","Expiration":"{}","SecurityToken":"ecs-token","LastUpdated":"2024-01-01T00:00:00Z","Code":"Success"}}"#,
                    expiring_in(lifetime_secs)
                ),
            )
            .delayed(delay),
            _ => Reply::bytes(404, b"not found".to_vec()),
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_callers_share_one_refresh() {
    let server = imds(6 * 3600, true).await;
    let cache = Arc::new(CredentialsCache::new(
        EcsRamRoleProvider::new().with_endpoint(server.url()),
    ));
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.credentials().await })
        })
        .collect();
    for t in tasks {
        let c = t.await.unwrap().unwrap();
        assert_eq!(c.access_key_id(), "STS.ecs-id");
        assert_eq!(c.security_token(), Some("ecs-token"));
    }
    assert_eq!(server.count_path("PUT", TOKEN_PATH), 1);
    assert_eq!(server.count_path("GET", ROLE_PATH), 1);
    assert_eq!(server.count_path("GET", CREDS_PATH), 1);
    // Later calls hit the cache.
    cache.credentials().await.unwrap();
    assert_eq!(server.count_path("GET", CREDS_PATH), 1);
}

#[tokio::test]
async fn credentials_close_to_expiry_are_refreshed() {
    let server = imds(100, true).await; // inside the 180 s refresh window
    let cache = CredentialsCache::new(EcsRamRoleProvider::new().with_endpoint(server.url()));
    cache.credentials().await.unwrap();
    cache.credentials().await.unwrap();
    assert_eq!(server.count_path("GET", CREDS_PATH), 2);
}

#[tokio::test]
async fn configured_role_skips_discovery() {
    let server = imds(3600, true).await;
    let env = Env::from_pairs([
        (env::IMDS_ENDPOINT, server.url()),
        (env::ECS_METADATA, "my-role".to_string()),
    ]);
    EcsRamRoleProvider::from_env(&env)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(server.count_path("GET", ROLE_PATH), 0);
}

#[tokio::test]
async fn without_imdsv2_the_provider_falls_back_unless_forbidden() {
    let server = imds(3600, false).await;
    let c = EcsRamRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "STS.ecs-id");
    let err = EcsRamRoleProvider::new()
        .with_endpoint(server.url())
        .with_imdsv1_disabled(true)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.message.contains("session token"), "{err}");
}

#[tokio::test]
async fn client_signs_with_ecs_credentials_from_the_default_chain() {
    let metadata = imds(3600, true).await;
    let api = serve(|_, _| Reply::json(200, r#"{"RequestId":"r"}"#)).await;
    let home =
        std::env::temp_dir().join(format!("alibabacloud-vpn-imds-home-{}", std::process::id()));
    let env = Env::from_pairs([
        ("HOME".to_string(), home.display().to_string()),
        (env::IMDS_ENDPOINT.to_string(), metadata.url()),
        (env::REGION_ID.to_string(), "cn-hangzhou".to_string()),
        (env::VPC_ENDPOINT.to_string(), api.url()),
    ]);
    let client = ClientBuilder::from_env(env).unwrap().build().unwrap();
    let op = OperationMeta {
        action: "DescribeVpnGateways",
        read_only: true,
        idempotency_token: None,
    };
    client.invoke(&op, Params::new()).await.unwrap();
    client.invoke(&op, Params::new()).await.unwrap();
    let reqs = api.requests();
    assert_eq!(reqs[0].param("AccessKeyId").as_deref(), Some("STS.ecs-id"));
    assert_eq!(reqs[0].param("SecurityToken").as_deref(), Some("ecs-token"));
    assert_eq!(
        metadata.count_path("GET", CREDS_PATH),
        1,
        "credentials are cached"
    );
}

#[tokio::test]
async fn no_credentials_anywhere_lists_every_source() {
    let dead = crate::support::closed_port().await;
    let home = std::env::temp_dir().join(format!(
        "alibabacloud-vpn-nocreds-home-{}",
        std::process::id()
    ));
    let env = Env::from_pairs([
        ("HOME".to_string(), home.display().to_string()),
        (env::IMDS_ENDPOINT.to_string(), format!("http://{dead}")),
        (env::REGION_ID.to_string(), "cn-hangzhou".to_string()),
        (env::VPC_ENDPOINT.to_string(), format!("http://{dead}")),
    ]);
    let client = ClientBuilder::from_env(env).unwrap().build().unwrap();
    let op = OperationMeta {
        action: "DescribeVpnGateways",
        read_only: true,
        idempotency_token: None,
    };
    let err = client.invoke(&op, Params::new()).await.unwrap_err();
    let SdkError::Credentials(c) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(c.tried.len(), 6, "{c}");
    let text = err.to_string();
    for source in [
        "environment",
        "CLI profile",
        "credentials file",
        "ECS RAM role",
    ] {
        assert!(text.contains(source), "{source} missing from: {text}");
    }
    // The chain itself, with the metadata service disabled, says so.
    let env = Env::from_pairs([
        ("HOME".to_string(), home.display().to_string()),
        (env::ECS_METADATA_DISABLED.to_string(), "true".to_string()),
    ]);
    let err = DefaultCredentialsChain::from_env(&env)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(err.tried[4].contains("disabled"), "{err}");
}

/// A metadata server answering the role name and credentials given, counting requests.
async fn imds_answering(role: &'static str, credentials: String) -> TestServer {
    serve(move |r: &Recorded, _| match (r.method.as_str(), r.path()) {
        ("PUT", TOKEN_PATH) => Reply::bytes(200, b"imds-token".to_vec()),
        ("GET", ROLE_PATH) => Reply::bytes(200, role.as_bytes().to_vec()),
        ("GET", p) if p.starts_with(ROLE_PATH) => Reply::json(200, &credentials),
        _ => Reply::bytes(200, br#"{"Code":"Success","AccessKeyId":"STS.user-data","AccessKeySecret":"s","SecurityToken":"t","Expiration":"2999-01-01T00:00:00Z"}"#.to_vec()),
    })
    .await
}

fn ecs_credentials(expiration: &str) -> String {
    format!(
        r#"{{"AccessKeyId":"STS.ecs-id","AccessKeySecret":"ecs-secret","Expiration":"{expiration}","SecurityToken":"ecs-token","LastUpdated":"2024-01-01T00:00:00Z","Code":"Success"}}"#
    )
}

#[tokio::test]
async fn credentials_already_expired_when_fetched_are_an_error() {
    let server = imds_answering("my-role", ecs_credentials("2001-01-01T00:00:00Z")).await;
    let cache = CredentialsCache::new(EcsRamRoleProvider::new().with_endpoint(server.url()));
    for _ in 0..2 {
        let e = cache.credentials().await.unwrap_err();
        assert!(
            e.message
                .contains("already expired at 2001-01-01T00:00:00Z"),
            "{e}"
        );
    }
}

#[tokio::test]
async fn a_role_name_that_would_change_the_path_is_refused_before_it_is_used() {
    for role in [
        "../../../../latest/user-data?x=#frag",
        "my-role/../../user-data",
        "role name",
        "",
    ] {
        let server = imds_answering(
            Box::leak(role.to_string().into_boxed_str()),
            ecs_credentials("2999-01-01T00:00:00Z"),
        )
        .await;
        let e = EcsRamRoleProvider::new()
            .with_endpoint(server.url())
            .provide_credentials()
            .await
            .unwrap_err();
        let expected = if role.is_empty() {
            "no RAM role attached"
        } else {
            "is not a RAM role name"
        };
        assert!(e.message.contains(expected), "{role:?}: {e}");
        let paths: Vec<String> = server
            .requests()
            .iter()
            .map(|r| r.path().to_string())
            .collect();
        assert_eq!(
            paths,
            [TOKEN_PATH, ROLE_PATH],
            "{role:?}: nothing else was fetched"
        );
        // A configured name is checked the same way, before any request.
        let server = imds_answering("my-role", ecs_credentials("2999-01-01T00:00:00Z")).await;
        if !role.is_empty() {
            let e = EcsRamRoleProvider::new()
                .with_endpoint(server.url())
                .with_role_name(role)
                .provide_credentials()
                .await
                .unwrap_err();
            assert!(e.message.contains("is not a RAM role name"), "{e}");
            assert_eq!(server.count(), 0);
        }
    }
}

#[tokio::test]
async fn oversized_or_slow_metadata_answers_are_refused() {
    let huge = format!(
        r#"{{"Code":"Success","AccessKeyId":"STS.a","AccessKeySecret":"s","SecurityToken":"{}","Expiration":"2999-01-01T00:00:00Z"}}"#,
        "t".repeat(alibabacloud_vpn::credentials::MAX_CREDENTIALS_RESPONSE_BYTES)
    );
    let server = imds_answering("my-role", huge).await;
    let e = EcsRamRoleProvider::new()
        .with_endpoint(server.url())
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.message.contains("longer than 65536 bytes"), "{e}");
    let slow =
        serve(|_, _| Reply::bytes(200, b"late".to_vec()).delayed(Duration::from_secs(5))).await;
    let e = EcsRamRoleProvider::new()
        .with_endpoint(slow.url())
        .with_timeout(Duration::from_millis(100))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.message.contains("no answer within 100ms"), "{e}");
}
