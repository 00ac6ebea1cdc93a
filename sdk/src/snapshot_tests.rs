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
use crate::mini_snapshot::types::{GadgetConfig, Label, WidgetKind};
use crate::operation::Operation;
use crate::paginate::Paginated;
use crate::transport::{HttpError, HttpRequest, HttpResponse, HttpTransport};
use crate::{Client, Credentials};

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
    let e = create()
        .gadget_config(GadgetConfig::builder().lifetime(-1).build())
        .build()
        .unwrap_err();
    assert_eq!(e.parameter, "GadgetConfig.Lifetime");
    let e = create().port(22).build().unwrap_err();
    assert_eq!(e.parameter, "Port");
    let e = CreateWidgetInput::builder().build().unwrap_err();
    assert_eq!(e.parameter, "Size");
}

#[test]
fn completion_items_follow_their_dotted_path() {
    let out = DescribeWidgetLogsOutput::decode(
        &json!({"Data": {"Logs": ["a", "b"]}, "IsCompleted": "true"}),
        "",
    )
    .unwrap();
    assert_eq!(DescribeWidgetLogsInput::items(&out), ["a", "b"]);
    assert_eq!(
        DescribeWidgetLogsInput::page_info(&out).is_completed,
        Some(true)
    );
    let empty = DescribeWidgetLogsOutput::decode(&json!({}), "").unwrap();
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
