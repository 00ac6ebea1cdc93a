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

/// The members of an error document, in the order the service's documentation shows
/// them; any other member of the error body follows.
pub const ERROR_ORDER: &[&str] = &["RequestId", "HostId", "Code", "Message", "Recommend"];

/// Whether the request asks for XML: its `Format` parameter is `XML` (in any case).
pub fn requested(format: Option<&str>) -> bool {
    format.is_some_and(|f| f.eq_ignore_ascii_case("xml"))
}

/// The root element of `action`'s successful answer: `<Action>Response`.
pub fn answer_root(action: &str) -> String {
    format!("{action}Response")
}

/// An error body (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`) as an `<Error>`
/// document, its members in [`ERROR_ORDER`].
pub fn error_document(body: &Map<String, Value>) -> Vec<u8> {
    let rank = |k: &str| {
        ERROR_ORDER
            .iter()
            .position(|o| *o == k)
            .unwrap_or(usize::MAX)
    };
    let mut ordered: Vec<(&String, &Value)> = body.iter().collect();
    ordered.sort_by_key(|(k, _)| rank(k));
    write(ERROR_ROOT, ordered)
}

/// `body` (a JSON object, as answered in JSON) as an XML document under `root`.
pub fn document(root: &str, body: &Map<String, Value>) -> Vec<u8> {
    write(root, body.iter().collect())
}

fn write(root: &str, members: Vec<(&String, &Value)>) -> Vec<u8> {
    let mut w = Writer::new(Vec::new());
    let written = w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| {
            w.create_element(root)
                .write_inner_content(|w| {
                    members
                        .iter()
                        .try_for_each(|(name, value)| member(w, name, value))
                })
                .map(drop)
        });
    match written {
        Ok(()) => w.into_inner(),
        // Writing to a Vec cannot fail; an empty root is still a document.
        Err(_) => format!("<{root}/>").into_bytes(),
    }
}

fn members(w: &mut Writer<Vec<u8>>, object: &Map<String, Value>) -> std::io::Result<()> {
    object
        .iter()
        .try_for_each(|(name, value)| member(w, name, value))
}

/// One member: an element, or one element per item of a list.
fn member(w: &mut Writer<Vec<u8>>, name: &str, value: &Value) -> std::io::Result<()> {
    match value {
        Value::Array(items) => items.iter().try_for_each(|item| element(w, name, item)),
        other => element(w, name, other),
    }
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
        Value::Array(_) => return member(w, name, value),
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
