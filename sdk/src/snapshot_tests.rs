//! Behaviour of the generator's mini snapshot (compiled into this crate's tests): the
//! features the VPN spec itself does not use — flattened list parameters, a plain
//! secret parameter, a keyword-named member, a waiter that succeeds on an error code.

use std::sync::{Arc, Mutex};

use futures_util::future::BoxFuture;
use serde_json::json;

use crate::decode::Decode;
use crate::mini_snapshot::operation::create_widget::CreateWidgetInput;
use crate::mini_snapshot::operation::describe_widget_logs::{
    DescribeWidgetLogsInput, DescribeWidgetLogsOutput,
};
use crate::mini_snapshot::types::{
    GadgetConfig, Label, Placement, TunnelIke, TunnelSpec, WidgetKind,
};
use crate::operation::Operation;
use crate::paginate::Paginated;
use crate::transport::{HttpError, HttpRequest, HttpResponse, HttpTransport};
use crate::validate::Checks;
use crate::{Client, Credentials};

/// Builds the input (which checks required members only), then runs every rule, as
/// sending through a client with value checks on does.
fn checked(
    builder: crate::mini_snapshot::operation::create_widget::CreateWidgetInputBuilder,
) -> Result<CreateWidgetInput, crate::error::ValidationError> {
    let input = builder.build()?;
    Operation::validate(&input, Checks::ALL)?;
    Ok(input)
}

fn create() -> crate::mini_snapshot::operation::create_widget::CreateWidgetInputBuilder {
    CreateWidgetInput::builder().size(4)
}

#[test]
fn flattened_list_parameters_are_numbered_from_one() {
    let params = create()
        .labels(Label::builder().key("env").value("prod").build())
        .labels(Label::builder().key("team").build())
        .build()
        .unwrap()
        .to_params();
    assert_eq!(params.get("Labels.1.Key"), Some("env"));
    assert_eq!(params.get("Labels.1.Value"), Some("prod"));
    assert_eq!(params.get("Labels.2.Key"), Some("team"));
    assert!(!params.contains("Labels.2.Value"));
}

/// Nested flattening, checked against the official SDK's own: the expected pairs below
/// are what `alibabacloud_tea_openapi.utils.Utils.query` (alibabacloud-tea-openapi 0.4.6,
/// the flattening of alibabacloud-vpc20160428 7.2.2) returns for the same values, with
/// `{"Tunnels": [...], "Placement": {...}}` as input. One deliberate difference: Python's
/// SDK writes booleans as `True`/`False` (Python's `str`); this SDK writes `true`/`false`
/// like the legacy Python SDK, Node.js and Java SDKs, which the service reads the same.
#[test]
fn nested_structures_and_lists_flatten_as_the_official_sdk_does() {
    let params = create()
        .tunnels(
            TunnelSpec::builder()
                .role("master")
                .dpd(true)
                .ike(
                    TunnelIke::builder()
                        .auth_alg("sha256")
                        .lifetime(86400)
                        .build(),
                )
                .subnets("10.0.0.0/24")
                .subnets("10.0.1.0/24")
                .build(),
        )
        .tunnels(TunnelSpec::builder().role("slave").build())
        .placement(
            Placement::builder()
                .zone("z-1")
                .labels(Label::builder().key("a").value("b").build())
                .build(),
        )
        .build()
        .unwrap()
        .to_params();
    let expected = [
        ("Placement.Labels.1.Key", "a"),
        ("Placement.Labels.1.Value", "b"),
        ("Placement.Zone", "z-1"),
        ("Tunnels.1.Dpd", "true"),
        ("Tunnels.1.Ike.AuthAlg", "sha256"),
        ("Tunnels.1.Ike.Lifetime", "86400"),
        ("Tunnels.1.Role", "master"),
        ("Tunnels.1.Subnets.1", "10.0.0.0/24"),
        ("Tunnels.1.Subnets.2", "10.0.1.0/24"),
        ("Tunnels.2.Role", "slave"),
    ];
    for (key, value) in expected {
        assert_eq!(params.get(key), Some(value), "{key}");
    }
    let sent: Vec<&str> = params
        .iter()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("Tunnels") || k.starts_with("Placement"))
        .collect();
    assert_eq!(sent.len(), expected.len(), "{sent:?}");
}

#[test]
fn nested_values_are_validated_with_their_path() {
    let builder = create().tunnels(
        TunnelSpec::builder()
            .ike(TunnelIke::builder().lifetime(90000).build())
            .build(),
    );
    let err = checked(builder.clone()).unwrap_err();
    assert_eq!(err.parameter, "Tunnels.1.Ike.Lifetime", "{err}");
    // A value rule is the client's to check (or not) when sending, not `build()`'s.
    let input = builder.build().unwrap();
    Operation::validate(&input, Checks::REQUIRED).unwrap();
}

#[test]
fn a_plain_secret_parameter_is_redacted() {
    let input = create().token("tok-123").build().unwrap();
    let params = input.to_params();
    assert_eq!(params.get("Token"), Some("tok-123"));
    assert!(params.is_secret("Token"));
    assert!(!format!("{params:?}").contains("tok-123"));
    assert!(!format!("{input:?}").contains("tok-123"));
    let with_gadget = create()
        .gadget_config(GadgetConfig::builder().psk("psk-9").lifetime(10).build())
        .build()
        .unwrap();
    assert!(!format!("{with_gadget:?}").contains("psk-9"));
    assert!(with_gadget.to_params().is_secret("GadgetConfig"));
}

#[test]
fn keyword_and_acronym_members_keep_their_wire_names() {
    let input = create()
        .r#type("basic")
        .vswitch_id("vsw-1")
        .kind(WidgetKind::TripleDes)
        .build()
        .unwrap();
    assert_eq!(input.r#type.as_deref(), Some("basic"));
    let params = input.to_params();
    assert_eq!(params.get("Type"), Some("basic"));
    assert_eq!(params.get("VSwitchId"), Some("vsw-1"));
    assert_eq!(params.get("Kind"), Some("3des"));
}

#[test]
fn nested_rules_and_list_rules_are_checked() {
    let e =
        checked(create().gadget_config(GadgetConfig::builder().lifetime(-1).build())).unwrap_err();
    assert_eq!(e.parameter, "GadgetConfig.Lifetime");
    let e = checked(create().port(22)).unwrap_err();
    assert_eq!(e.parameter, "Port");
    assert!(
        create().port(22).build().is_ok(),
        "value rules wait for sending"
    );
    // A required member is missing: `build()` says so, whatever the value checks.
    let e = CreateWidgetInput::builder().build().unwrap_err();
    assert_eq!(e.parameter, "Size");
    let e = checked(CreateWidgetInput::builder()).unwrap_err();
    assert_eq!(e.parameter, "Size");
}

#[test]
fn completion_items_follow_their_dotted_path() {
    let out = DescribeWidgetLogsOutput::decode(
        &json!({"RequestId": "r", "Data": {"Logs": ["a", "b"]}, "IsCompleted": "true"}),
        "",
    )
    .unwrap();
    assert_eq!(DescribeWidgetLogsInput::items(&out), ["a", "b"]);
    assert_eq!(
        DescribeWidgetLogsInput::page_info(&out).is_completed,
        Some(true)
    );
    let empty = DescribeWidgetLogsOutput::decode(&json!({"RequestId": "r"}), "").unwrap();
    assert!(DescribeWidgetLogsInput::items(&empty).is_empty());
    assert!(DescribeWidgetLogsInput::into_items(empty).is_empty());
}

#[derive(Debug)]
struct Gone(Mutex<u32>);

impl HttpTransport for Gone {
    fn send(&self, _: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, HttpError>> {
        let mut calls = self.0.lock().unwrap();
        *calls += 1;
        let answer = if *calls < 3 {
            HttpResponse::new(
                200,
                json!({"RequestId": "r", "Status": "ready"}).to_string(),
            )
        } else {
            HttpResponse::new(
                404,
                json!({"Code": "InvalidWidgetId.NotFound", "Message": "gone", "RequestId": "r"})
                    .to_string(),
            )
        };
        Box::pin(async move { Ok(answer) })
    }
}

#[tokio::test(start_paused = true)]
async fn a_waiter_can_succeed_on_an_error_code() {
    let transport = Arc::new(Gone(Mutex::new(0)));
    let client = Client::builder()
        .region_id("cn-hangzhou")
        .endpoint("https://mini.example.test")
        .credentials(Credentials::new("ak", "sk"))
        .retry(crate::retry::RetryConfig::disabled())
        .transport(transport.clone())
        .build()
        .unwrap();
    let () = client.wait_until_widget_gone("w-1").await.unwrap();
    assert_eq!(*transport.0.lock().unwrap(), 3);
    // The ready waiter turns the same answer into a failure state.
    let err = client.wait_until_widget_ready("w-1").await.unwrap_err();
    assert!(
        matches!(err, crate::waiter::WaiterError::FailureState { ref state, .. } if state == "InvalidWidgetId.NotFound")
    );
}
