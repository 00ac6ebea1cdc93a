//! `Format=XML` answers, as the reference documents them: a success is the answer under
//! an `<Action>Response` root (`<DescribeVpnGatewaysResponse>`), an error is
//! `<Error>` with `RequestId`, `HostId`, `Code`, `Message` and `Recommend`.
//!
//! The document is written from the JSON answer, which the engine already shaped as the
//! spec's response members say: a member is an element of its wire name, a structure
//! nests its members, and a list repeats its item element, so a wrapped list
//! (`"VpnGateways": {"VpnGateway": [...]}`) becomes `<VpnGateways><VpnGateway>...
//! </VpnGateway><VpnGateway>...</VpnGateway></VpnGateways>` and a bare list repeats the
//! member's own element. Scalars are text (escaped); absent and `null` members are left
//! out. Nothing here is written per operation.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use serde_json::{Map, Value};

/// The content type of XML answers.
pub const CONTENT_TYPE: &str = "text/xml;charset=utf-8";

/// The root element of an error answer.
pub const ERROR_ROOT: &str = "Error";

/// Whether the request asks for XML: its `Format` parameter is `XML` (in any case).
pub fn requested(format: Option<&str>) -> bool {
    format.is_some_and(|f| f.eq_ignore_ascii_case("xml"))
}

/// The root element of `action`'s successful answer: `<Action>Response`.
pub fn answer_root(action: &str) -> String {
    format!("{action}Response")
}

/// `body` (a JSON object, as answered in JSON) as an XML document under `root`.
pub fn document(root: &str, body: &Map<String, Value>) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    let written = w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| {
            w.create_element(root)
                .write_inner_content(|w| members(w, body))
                .map(drop)
        });
    match written {
        Ok(()) => w.into_inner(),
        // Writing to a Vec cannot fail; an empty root is still a document.
        Err(_) => format!("<{root}/>").into_bytes(),
    }
}

fn members(w: &mut Writer<Vec<u8>>, object: &Map<String, Value>) -> std::io::Result<()> {
    for (name, value) in object {
        match value {
            Value::Array(items) => {
                for item in items {
                    element(w, name, item)?;
                }
            }
            other => element(w, name, other)?,
        }
    }
    Ok(())
}

fn element(w: &mut Writer<Vec<u8>>, name: &str, value: &Value) -> std::io::Result<()> {
    let text = match value {
        Value::Null => return Ok(()),
        Value::Object(object) => {
            w.create_element(name)
                .write_inner_content(|w| members(w, object))?;
            return Ok(());
        }
        // A list inside a list has no name of its own: its items take the outer name.
        Value::Array(items) => {
            for item in items {
                element(w, name, item)?;
            }
            return Ok(());
        }
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
    };
    w.create_element(name)
        .write_text_content(BytesText::new(&text))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn lists_repeat_their_item_element_and_text_is_escaped() {
        let body = json!({
            "RequestId": "R",
            "TotalCount": 2,
            "VpnGateways": {"VpnGateway": [{"Name": "a<b"}, {"Name": "c&d", "Tags": {"Tag": []}}]},
            "Gone": null,
        });
        let Value::Object(body) = body else {
            unreachable!()
        };
        let xml = String::from_utf8(document("DescribeVpnGatewaysResponse", &body)).unwrap();
        assert_eq!(
            xml,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><DescribeVpnGatewaysResponse>\
             <RequestId>R</RequestId><TotalCount>2</TotalCount><VpnGateways>\
             <VpnGateway><Name>a&lt;b</Name></VpnGateway>\
             <VpnGateway><Name>c&amp;d</Name><Tags></Tags></VpnGateway>\
             </VpnGateways></DescribeVpnGatewaysResponse>"
        );
    }
}
