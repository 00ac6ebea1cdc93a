//! Turns an HTTP answer into a [`RawResponse`] or an error.
//!
//! * 2xx: the body must be a JSON object (an `<Action>Response` envelope is stripped,
//!   here and nowhere else: [`strip_envelope`]); anything else is [`SdkError::Decode`]
//!   carrying the raw body.
//! * any other status: the body must be a JSON object with `Code`/`code` (optionally
//!   inside an `<Action>Response` or `Error` wrapper); it becomes a [`ServiceError`] with
//!   `Message`/`message`, `RequestId`/`requestId`, `HostId`/`hostId`,
//!   `Recommend`/`recommend`, the HTTP status and, for throttling, the `TimeLeft` the
//!   service asked for. A body that is not such an object is [`SdkError::Decode`].
//!
//! Nothing here panics, whatever the bytes.

use serde_json::{Map, Value};

use crate::error::{DecodeError, Error, SdkError, ServiceError};
use crate::operation::RawResponse;
use crate::retry::throttle_time_left;
use crate::transport::HttpResponse;

fn text(map: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| match map.get(*k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::Bool(b)) => Some(b.to_string()),
        _ => None,
    })
}

fn request_id(json: Option<&Map<String, Value>>, response: &HttpResponse) -> Option<String> {
    json.and_then(|m| text(m, &["RequestId", "requestId"]))
        .or_else(|| response.header("x-acs-request-id").map(str::to_string))
}

fn decode_error(
    response: &HttpResponse,
    message: impl Into<String>,
    request_id: Option<String>,
) -> Error {
    let mut e = DecodeError::at("", message);
    e.http_status = response.status;
    e.request_id = request_id;
    e.body = String::from_utf8_lossy(&response.body).into_owned();
    SdkError::Decode(e)
}

/// The content of an `<Action>Response` envelope when `value` is exactly one (an object
/// whose only member is that key, holding an object), else `value` itself. By value: the
/// parsed tree is never copied.
pub(crate) fn strip_envelope(value: Value, action: &str) -> Value {
    let is_envelope = |key: &str, inner: &Value| {
        key.strip_suffix("Response") == Some(action) && inner.is_object()
    };
    match value {
        Value::Object(map)
            if map.len() == 1 && map.iter().next().is_some_and(|(k, v)| is_envelope(k, v)) =>
        {
            map.into_iter()
                .next()
                .map(|(_, inner)| inner)
                .unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// Interprets `response` to operation `action`.
// `Error` is the seam's public error type; boxing it here would only move the cost.
#[allow(clippy::result_large_err)]
pub(crate) fn interpret(action: &str, response: &HttpResponse) -> Result<RawResponse, Error> {
    let parsed: Result<Value, _> = serde_json::from_slice(&response.body);
    if (200..300).contains(&response.status) {
        let value = match parsed {
            Ok(v) => v,
            Err(e) => {
                let rid = request_id(None, response);
                return Err(decode_error(
                    response,
                    format!("success body is not JSON: {e}"),
                    rid,
                ));
            }
        };
        let mut json = strip_envelope(value, action);
        let Value::Object(map) = &mut json else {
            let rid = request_id(None, response);
            return Err(decode_error(
                response,
                "success body is not a JSON object",
                rid,
            ));
        };
        let rid = request_id(Some(map), response);
        // Outputs always carry the request id: a body without one gets the header's.
        if let Some(id) = &rid {
            if !map.contains_key("RequestId") {
                map.insert("RequestId".into(), Value::String(id.clone()));
            }
        }
        return Ok(RawResponse {
            status: response.status,
            request_id: rid,
            body: response.body.clone(),
            json,
            attempts: 1,
            scrubber: Default::default(),
        });
    }
    let status = response.status;
    let value = match parsed {
        Ok(v) => v,
        Err(_) => {
            let rid = request_id(None, response);
            return Err(decode_error(
                response,
                format!("HTTP {status} answer whose body is not JSON"),
                rid,
            ));
        }
    };
    let value = strip_envelope(value, action);
    let mut map = match &value {
        Value::Object(m) => m,
        _ => {
            let rid = request_id(None, response);
            return Err(decode_error(
                response,
                format!("HTTP {status} answer whose body is not a JSON object"),
                rid,
            ));
        }
    };
    // `{"Error": {...}}` wrapper (the XML error shape, converted).
    match map.get("Error") {
        Some(Value::Object(inner)) if map.len() == 1 || text(map, &["Code", "code"]).is_none() => {
            map = inner;
        }
        _ => {}
    }
    let Some(code) = text(map, &["Code", "code"]) else {
        let rid = request_id(Some(map), response);
        return Err(decode_error(
            response,
            format!("HTTP {status} answer without an error code"),
            rid,
        ));
    };
    let mut error = ServiceError::new(
        status,
        code,
        text(map, &["Message", "message"]).unwrap_or_default(),
    );
    error.request_id = request_id(Some(map), response);
    error.host_id = text(map, &["HostId", "hostId"]);
    error.recommend = text(map, &["Recommend", "recommend"]);
    if error.is_throttling() {
        error.retry_after = throttle_time_left(
            response
                .headers
                .iter()
                .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?))),
        );
    }
    Err(SdkError::Service(error))
}

/// A success answer decoded into an operation's output: `Ok` with the output and the
/// request id when it decodes, `Ok` with the decode error (an answer that came, but does
/// not fit the output) when it does not.
pub(crate) type Decoded<O> = (Result<O, DecodeError>, Option<String>);

/// Interprets `response` to operation `action` and decodes a success straight into `O`.
/// The body is decoded in one pass ([`decode::from_body`]); only when that fails is it
/// parsed into a tree and decoded again, by [`interpret`] and [`Decode::decode`], which
/// name the offending value's path (or decode what the fast pass refused).
///
/// [`decode::from_body`]: crate::decode::from_body
/// [`Decode::decode`]: crate::decode::Decode::decode
#[allow(clippy::result_large_err)]
pub(crate) fn decode<O: crate::decode::Structure>(
    action: &str,
    response: &HttpResponse,
) -> Result<Decoded<O>, Error> {
    if (200..300).contains(&response.status) {
        let header = response.header("x-acs-request-id");
        if let Some((output, request_id)) =
            crate::decode::from_body::<O>(&response.body, action, header)
        {
            return Ok((Ok(output), request_id));
        }
    }
    let raw = interpret(action, response)?;
    let output =
        <O as crate::decode::Decode>::decode(&raw.json, "").map_err(|e| raw.decode_error(e));
    Ok((output, raw.request_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> HttpResponse {
        HttpResponse::new(status, body.to_string())
    }

    #[test]
    fn success_strips_the_envelope_and_reads_the_request_id() {
        let r = interpret(
            "DescribeVpnGateways",
            &answer(
                200,
                r#"{"DescribeVpnGatewaysResponse":{"RequestId":"r1","TotalCount":0}}"#,
            ),
        )
        .unwrap();
        assert_eq!(r.request_id.as_deref(), Some("r1"));
        assert_eq!(r.json["TotalCount"], 0);
    }

    #[test]
    fn the_envelope_is_stripped_only_when_it_is_the_whole_body() {
        use serde_json::json;
        let inner = json!({"RequestId": "r"});
        let wrapped = json!({"DescribeVpnGatewaysResponse": inner.clone()});
        assert_eq!(
            strip_envelope(wrapped.clone(), "DescribeVpnGateways"),
            inner
        );
        for kept in [
            inner.clone(),
            wrapped.clone(),
            json!({"DescribeVpnGatewaysResponse": inner.clone(), "RequestId": "r"}),
            json!({"DescribeVpnGatewaysResponse": "not an object"}),
            json!([1]),
        ] {
            let action = if kept == wrapped {
                "Other"
            } else {
                "DescribeVpnGateways"
            };
            assert_eq!(strip_envelope(kept.clone(), action), kept);
        }
    }

    #[test]
    fn error_answers_in_an_envelope_are_read() {
        let e = interpret(
            "DeleteVpnGateway",
            &answer(
                400,
                r#"{"DeleteVpnGatewayResponse":{"Code":"Forbidden","Message":"m","RequestId":"r"}}"#,
            ),
        )
        .unwrap_err();
        let SdkError::Service(s) = e else {
            panic!("{e:?}")
        };
        assert_eq!(
            (s.code.as_str(), s.request_id.as_deref()),
            ("Forbidden", Some("r"))
        );
    }

    #[test]
    fn error_fields_are_read_in_either_case() {
        let e = interpret(
            "X",
            &answer(
                404,
                r#"{"code":"InvalidVpnGatewayInstanceId.NotFound","message":"m","requestId":"r","HostId":"vpc.aliyuncs.com","Recommend":"https://diag"}"#,
            ),
        )
        .unwrap_err();
        let SdkError::Service(s) = e else {
            panic!("{e:?}")
        };
        assert_eq!(s.code, "InvalidVpnGatewayInstanceId.NotFound");
        assert_eq!(s.message, "m");
        assert_eq!(s.request_id.as_deref(), Some("r"));
        assert_eq!(s.host_id.as_deref(), Some("vpc.aliyuncs.com"));
        assert_eq!(s.recommend.as_deref(), Some("https://diag"));
        assert_eq!(s.http_status, 404);
    }

    #[test]
    fn throttling_records_time_left() {
        let r = answer(400, r#"{"Code":"Throttling.User","Message":"slow down"}"#).with_header(
            crate::transport::HeaderName::from_static("x-ratelimit-user-api"),
            crate::transport::HeaderValue::from_static("Limit:1,Remain:0,TimeLeft:750"),
        );
        let SdkError::Service(s) = interpret("X", &r).unwrap_err() else {
            panic!()
        };
        assert_eq!(s.retry_after, Some(std::time::Duration::from_millis(750)));
    }

    #[test]
    fn malformed_bodies_are_decode_errors_with_the_raw_body() {
        for (status, body) in [
            (200, "<html>oops</html>"),
            (200, "[1,2]"),
            (200, ""),
            (500, "Internal Server Error"),
            (400, r#"{"Message":"no code"}"#),
            (503, "null"),
        ] {
            match interpret("X", &answer(status, body)) {
                Err(SdkError::Decode(d)) => {
                    assert_eq!(d.body, body);
                    assert_eq!(d.http_status, status);
                }
                other => panic!("{status} {body}: {other:?}"),
            }
        }
    }

    #[test]
    fn request_id_falls_back_to_the_header() {
        let r = answer(502, "bad gateway").with_header(
            crate::transport::HeaderName::from_static("x-acs-request-id"),
            crate::transport::HeaderValue::from_static("hdr-id"),
        );
        let Err(SdkError::Decode(d)) = interpret("X", &r) else {
            panic!()
        };
        assert_eq!(d.request_id.as_deref(), Some("hdr-id"));
    }
}

#[cfg(test)]
mod one_pass_tests {
    use super::*;
    use crate::decode::agrees;
    use crate::operation::describe_vpn_gateways::DescribeVpnGatewaysOutput;

    const ACTION: &str = "DescribeVpnGateways";

    fn typed(
        body: &str,
        header: Option<&str>,
    ) -> (
        Result<DescribeVpnGatewaysOutput, DecodeError>,
        Option<String>,
    ) {
        let mut r = HttpResponse::new(200, body.to_string());
        if let Some(h) = header {
            r = r.with_header(
                crate::transport::HeaderName::from_static("x-acs-request-id"),
                crate::transport::HeaderValue::from_str(h).unwrap(),
            );
        }
        decode::<DescribeVpnGatewaysOutput>(ACTION, &r).unwrap()
    }

    #[test]
    fn the_lenient_forms_are_decoded_in_one_pass_to_what_the_tree_path_gives() {
        for body in [
            r#"{"RequestId":"r","TotalCount":2,"VpnGateways":{"VpnGateway":[{"VpnGatewayId":"a","Spec":"5M"},{"VpnGatewayId":"b"}]}}"#,
            // numbers and booleans as strings, the other way round too
            r#"{"RequestId":"r","TotalCount":"2","PageNumber":" 1 ","VpnGateways":{"VpnGateway":[{"VpnGatewayId":7,"EnableBgp":"true","AutoPropagate":1,"EndTime":"2019-09-12T08:00:00Z"}]}}"#,
            // one object for a one-item list, inside and outside the wrapper
            r#"{"RequestId":"r","VpnGateways":{"VpnGateway":{"VpnGatewayId":"a"}}}"#,
            r#"{"RequestId":"r","VpnGateways":{"VpnGatewayId":"a","Tags":{"Tag":{"Key":"k","Value":"v"}}}}"#,
            // missing wrappers, empty wrappers, null and empty lists
            r#"{"RequestId":"r","VpnGateways":[{"VpnGatewayId":"a","Tags":[{"Key":"k"}]}]}"#,
            r#"{"RequestId":"r","VpnGateways":{}}"#,
            r#"{"RequestId":"r","VpnGateways":null}"#,
            r#"{"RequestId":"r","VpnGateways":""}"#,
            // the envelope, unknown members, unknown enum values, escapes in keys
            r#"{"DescribeVpnGatewaysResponse":{"RequestId":"r","TotalCount":1,"Extra":{"a":[1,{}]}}}"#,
            r#"{"RequestId":"r","VpnGateways":{"VpnGateway":[{"Status":"hibernating","Unknown":[null]}]}}"#,
            "{\"Request\\u0049d\":\"r\",\"TotalCount\":1}",
            // the request id in lower camel case
            r#"{"requestId":"lower","TotalCount":0}"#,
        ] {
            assert_eq!(
                agrees::<DescribeVpnGatewaysOutput>(ACTION, body.as_bytes()),
                Some(true),
                "{body}"
            );
        }
    }

    #[test]
    fn the_request_id_comes_from_the_body_or_the_header() {
        let (out, id) = typed(r#"{"TotalCount":0}"#, Some("hdr"));
        assert_eq!(out.unwrap().request_id, "hdr");
        assert_eq!(id.as_deref(), Some("hdr"));
        let (out, id) = typed(r#"{"requestId":"lower"}"#, Some("hdr"));
        assert_eq!(out.unwrap().request_id, "lower");
        assert_eq!(id.as_deref(), Some("lower"));
        let (out, id) = typed(r#"{"RequestId":"body"}"#, Some("hdr"));
        assert_eq!(out.unwrap().request_id, "body");
        assert_eq!(id.as_deref(), Some("body"));
        let (out, _) = typed(r#"{"TotalCount":0}"#, None);
        assert_eq!(out.unwrap_err().path, "RequestId");
    }

    #[test]
    fn failures_name_their_path_from_the_tree_path() {
        let (out, id) = typed(
            r#"{"RequestId":"r","VpnGateways":{"VpnGateway":[{},{"CreateTime":"soon"}]}}"#,
            None,
        );
        let e = out.unwrap_err();
        assert_eq!(e.path, "VpnGateways.VpnGateway[1].CreateTime");
        assert!(e.message.contains("\"soon\""), "{}", e.message);
        assert_eq!(e.request_id.as_deref(), Some("r"));
        assert_eq!(id.as_deref(), Some("r"));
        // An envelope with siblings is no envelope; the tree path takes what one pass left.
        let body =
            r#"{"DescribeVpnGatewaysResponse":{"TotalCount":"x"},"RequestId":"r","TotalCount":3}"#;
        let (out, _) = typed(body, None);
        assert_eq!(out.unwrap().total_count, Some(3));
        for body in ["[1]", "nope", r#"{"RequestId":"r"} trailing"#] {
            let r = HttpResponse::new(200, body.to_string());
            assert!(
                matches!(
                    decode::<DescribeVpnGatewaysOutput>(ACTION, &r),
                    Err(SdkError::Decode(_))
                ),
                "{body}"
            );
        }
    }
}
