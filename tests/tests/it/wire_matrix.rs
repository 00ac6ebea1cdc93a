//! The same behaviours under each of the four ways a request can travel: signature V1 or
//! V3, parameters in the query (GET) or in a form body (POST). Every behaviour below is
//! one test per combination (`<behaviour>::v1_get`, `::v1_post`, `::v3_get`,
//! `::v3_post`), and each checks in the emulator's journal that the request really went
//! that way.

use e2e::alibabacloud_vpn::Credentials;
use e2e::alibabacloud_vpn::operation::describe_customer_gateway::DescribeCustomerGatewayError;
use e2e::alibabacloud_vpn::operation::describe_vpn_gateways::DescribeVpnGatewaysError;
use e2e::alibabacloud_vpn::types::{IkeConfig, IkeVersion, IpsecConfig, VpnPfsGroup};
use e2e::{TestEnv, Wire, assert_resource_id, assert_service_error, client_builder};

/// Declares `mod $name` with one `#[tokio::test]` per wire combination, each running
/// `$body(wire)`.
macro_rules! for_each_wire {
    ($(#[$doc:meta])* $name:ident, $body:path) => {
        $(#[$doc])*
        mod $name {
            use super::*;

            #[tokio::test]
            async fn v1_get() {
                $body(Wire::V1_GET).await;
            }

            #[tokio::test]
            async fn v1_post() {
                $body(Wire::V1_POST).await;
            }

            #[tokio::test]
            async fn v3_get() {
                $body(Wire::V3_GET).await;
            }

            #[tokio::test]
            async fn v3_post() {
                $body(Wire::V3_POST).await;
            }
        }
    };
}

/// Values that need percent-encoding (space, `+`, `=`, `&`, `/`, `?`, `%`, `*`, `~`,
/// quotes) and non-ASCII text survive signing and sending unchanged.
async fn reserved_and_unicode_characters_round_trip(wire: Wire) {
    let env = TestEnv::start(wire).await;
    let name = "分支-office.1_B";
    let description = "Büro 北京: a+b=c&d/e?f%20g*h~i 'single' \"double\" (x)";

    let created = env
        .client
        .create_customer_gateway()
        .ip_address("198.51.100.30")
        .name(name)
        .description(description)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{wire}: CreateCustomerGateway failed: {e}"));
    let id = assert_resource_id(created.customer_gateway_id.as_deref(), "cgw-");
    assert_eq!(created.name.as_deref(), Some(name));
    assert_eq!(created.description.as_deref(), Some(description));

    let described = env
        .client
        .describe_customer_gateway()
        .customer_gateway_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(described.name.as_deref(), Some(name));
    assert_eq!(described.description.as_deref(), Some(description));

    let journal = env.journal();
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[0].params["Description"], description);
    env.assert_all_sent_as_wire();
}

for_each_wire!(
    reserved_and_unicode_characters_survive,
    reserved_and_unicode_characters_round_trip
);

/// JSON-string parameters (`IkeConfig`, `IpsecConfig`: braces, quotes, colons) arrive
/// intact and come back as typed nested objects.
async fn json_string_parameters_round_trip(wire: Wire) {
    let env = TestEnv::start(wire).await;
    let gateway = env.seed_gateway();
    let cgw = env.seed_customer_gateway("198.51.100.31");

    let id = env
        .client
        .create_vpn_connection()
        .vpn_gateway_id(&gateway)
        .customer_gateway_id(&cgw)
        .local_subnet("10.1.0.0/16")
        .remote_subnet("192.168.1.0/24,192.168.2.0/24")
        .ike_config(
            IkeConfig::builder()
                .ike_version(IkeVersion::Ikev2)
                .psk("p&s=k+/\"{}:,")
                .local_id("gw.example.com")
                .build(),
        )
        .ipsec_config(
            IpsecConfig::builder()
                .ipsec_pfs(VpnPfsGroup::Group14)
                .build(),
        )
        .send()
        .await
        .unwrap_or_else(|e| panic!("{wire}: CreateVpnConnection failed: {e}"))
        .vpn_connection_id
        .unwrap();

    let conn = env
        .client
        .describe_vpn_connection()
        .vpn_connection_id(&id)
        .send()
        .await
        .unwrap();
    let ike = conn.ike_config.unwrap();
    assert_eq!(ike.psk.as_deref(), Some("p&s=k+/\"{}:,"));
    assert_eq!(ike.local_id.as_deref(), Some("gw.example.com"));
    assert_eq!(ike.ike_version, Some(IkeVersion::Ikev2));
    assert_eq!(
        conn.ipsec_config.unwrap().ipsec_pfs,
        Some(VpnPfsGroup::Group14)
    );
    assert_eq!(
        conn.remote_subnet.as_deref(),
        Some("192.168.1.0/24,192.168.2.0/24")
    );
    env.assert_all_sent_as_wire();
}

for_each_wire!(
    json_string_parameters_survive,
    json_string_parameters_round_trip
);

/// A documented error arrives as its typed variant, with the status and the request id
/// the emulator answered with, after one attempt.
async fn documented_error_is_typed(wire: Wire) {
    let env = TestEnv::start(wire).await;

    let err = assert_service_error!(
        env.client
            .describe_customer_gateway()
            .customer_gateway_id("cgw-doesnotexist000000000")
            .send()
            .await,
        DescribeCustomerGatewayError::InvalidCustomerGatewayInstanceIdNotFound,
        "InvalidCustomerGatewayInstanceId.NotFound",
        404
    );
    let journal = env.journal();
    assert_eq!(journal.len(), 1, "not retried");
    assert_eq!(err.request_id(), Some(journal[0].request_id.as_str()));
    assert_eq!(journal[0].status, Some(404));
    env.assert_all_sent_as_wire();
}

for_each_wire!(documented_errors_are_typed, documented_error_is_typed);

/// The emulator really checks signatures: a client with the wrong secret is refused with
/// `SignatureDoesNotMatch` (not retried), so the successes above prove correct signing.
async fn wrong_secret_is_refused(wire: Wire) {
    let env = TestEnv::start(wire).await;
    let impostor = client_builder(&env.emu, wire)
        .credentials(Credentials::new(env.emu.access_key_id(), "not-the-secret"))
        .build()
        .unwrap();

    let err = assert_service_error!(
        impostor.describe_vpn_gateways().send().await,
        DescribeVpnGatewaysError::Unhandled,
        "SignatureDoesNotMatch",
        400
    );
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(env.journal().len(), 1);
    env.assert_all_sent_as_wire();
}

for_each_wire!(wrong_secrets_are_refused, wrong_secret_is_refused);
