//! `Format=XML` end to end, with raw HTTP (the SDK always asks for JSON): answers under
//! the `<Action>Response` root with their list wrappers, errors as `<Error>`, checked
//! against the XML examples of the 2019 reference (`fixtures/reference_xml/`, see its
//! README): the same root, every element path of the example, and the same values where
//! the test sets them. JSON stays the default.

use std::collections::BTreeMap;

use e2e::vpn_emulator::VpnGatewaySeed;
use e2e::{REGION, TestEnv, Wire, emulator_builder};
use quick_xml::Reader;
use quick_xml::events::Event;

/// An element: its name, its text (leaves) and its children.
#[derive(Debug, Clone, PartialEq, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    /// Every element path under the root (`VpnGateways/VpnGateway/Status`) with the texts
    /// found there (leaves) or nothing (elements with children).
    fn paths(&self) -> BTreeMap<String, Vec<String>> {
        fn walk(node: &Node, prefix: &str, out: &mut BTreeMap<String, Vec<String>>) {
            for child in &node.children {
                let path = if prefix.is_empty() {
                    child.name.clone()
                } else {
                    format!("{prefix}/{}", child.name)
                };
                let texts = out.entry(path.clone()).or_default();
                if child.children.is_empty() {
                    texts.push(child.text.clone());
                }
                walk(child, &path, out);
            }
        }
        let mut out = BTreeMap::new();
        walk(self, "", &mut out);
        out
    }

    /// The children named `name`.
    fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    /// The text of the only child named `name`.
    #[track_caller]
    fn text_of(&self, name: &str) -> &str {
        let found = self.all(name);
        assert_eq!(found.len(), 1, "one <{name}> in <{}>", self.name);
        &found[0].text
    }
}

/// Parses a whole document into its root element.
#[track_caller]
fn parse(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let event = reader.read_event().expect("well-formed XML");
        match event {
            Event::Start(start) => stack.push(Node {
                name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                ..Node::default()
            }),
            Event::Empty(start) => {
                let node = Node {
                    name: String::from_utf8_lossy(start.name().as_ref()).into_owned(),
                    ..Node::default()
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return node,
                }
            }
            Event::Text(text) => {
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&text.decode().expect("UTF-8 text"));
                }
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().expect("UTF-8 reference").into_owned();
                let resolved = match reference.resolve_char_ref().expect("a character") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&name)
                        .expect("a predefined entity")
                        .to_string(),
                };
                if let Some(node) = stack.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::End(_) => {
                let mut node = stack.pop().expect("an open element");
                if !node.children.is_empty() {
                    node.text.clear();
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => return node,
                }
            }
            Event::Eof => panic!("the document ended inside an element"),
            _ => {}
        }
    }
}

/// Element names whose values the service generates (ids, addresses, times, request
/// ids) or the reference masks: compared by presence only.
const GENERATED: &[&str] = &[
    "RequestId",
    "VpnGatewayId",
    "CustomerGatewayId",
    "VpcId",
    "VSwitchId",
    "InternetIp",
    "IpAddress",
    "CreateTime",
    "EndTime",
    "VpnInstanceId",
    "NextHop",
];

/// Asserts that `answer` has the reference example's root and every one of its element
/// paths, with the example's values except for [`GENERATED`] ones.
#[track_caller]
fn assert_like_reference(reference: &str, answer: &Node) {
    let reference = parse(reference);
    assert_eq!(answer.name, reference.name, "root element");
    let have = answer.paths();
    for (path, texts) in reference.paths() {
        let Some(found) = have.get(&path) else {
            panic!("<{}> has no {path}: {have:#?}", answer.name);
        };
        let leaf = path.rsplit('/').next().unwrap_or_default();
        if texts.is_empty() {
            assert!(found.is_empty(), "{path} has children in the reference");
        } else if !GENERATED.contains(&leaf) {
            assert_eq!(found[..1], texts[..1], "the value of {path}");
        } else {
            assert!(
                found.iter().all(|t| !t.is_empty()),
                "{path} is empty: {found:?}"
            );
        }
    }
}

/// A raw GET to the emulator (signatures off) with `params`, plus `Version`,
/// `RegionId` and `Format` when given: the status, the content type and the body.
async fn get(
    env: &TestEnv,
    params: &[(&str, &str)],
    format: Option<&str>,
) -> (u16, String, String) {
    let mut query: Vec<(&str, &str)> = vec![("Version", "2016-04-28"), ("RegionId", REGION)];
    query.extend_from_slice(params);
    if let Some(f) = format {
        query.push(("Format", f));
    }
    let resp = reqwest::Client::new()
        .get(format!("{}/", env.emu.endpoint()))
        .query(&query)
        .send()
        .await
        .expect("the emulator answers");
    let status = resp.status().as_u16();
    let content_type = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let request_id = resp
        .headers()
        .get("x-acs-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = resp.text().await.expect("a body");
    if content_type.starts_with("text/xml") {
        assert_eq!(
            parse(&body).text_of("RequestId"),
            request_id,
            "the document's RequestId is the header's"
        );
    }
    (status, content_type, body)
}

async fn unsigned() -> TestEnv {
    TestEnv::with(emulator_builder().verify_signatures(false), Wire::V1_GET).await
}

#[tokio::test]
async fn describe_vpn_gateways_in_xml_is_the_reference_document_with_its_list_wrapper() {
    let env = unsigned().await;
    let first = env.seed_gateway();
    let second = env
        .emu
        .seed_vpn_gateway(VpnGatewaySeed::active(REGION).with_tag("env", "prod"));

    let (status, content_type, body) =
        get(&env, &[("Action", "DescribeVpnGateways")], Some("XML")).await;
    assert_eq!(status, 200, "{body}");
    assert!(content_type.starts_with("text/xml"), "{content_type}");
    assert!(
        body.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{body}"
    );
    let doc = parse(&body);
    // Two gateways: the reference shows one, with a total of 1.
    assert_eq!(doc.text_of("TotalCount"), "2");
    let wrappers = doc.all("VpnGateways");
    assert_eq!(wrappers.len(), 1, "one list wrapper");
    let items = wrappers[0].all("VpnGateway");
    let ids: Vec<&str> = items.iter().map(|g| g.text_of("VpnGatewayId")).collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    // The user's tags keep their own wrapper inside each item.
    let tags = items[1].all("Tags");
    assert_eq!(tags.len(), 1);
    let tag = tags[0].all("Tag");
    assert_eq!(tag.len(), 1);
    assert_eq!(tag[0].text_of("Key"), "env");
    assert_eq!(tag[0].text_of("Value"), "prod");

    // With one gateway the document matches the reference's example.
    let env = unsigned().await;
    env.seed_gateway();
    let (_, _, body) = get(&env, &[("Action", "DescribeVpnGateways")], Some("xml")).await;
    assert_like_reference(
        include_str!("fixtures/reference_xml/describe_vpn_gateways.xml"),
        &parse(&body),
    );
}

#[tokio::test]
async fn customer_gateways_routes_and_creates_in_xml_match_the_reference_examples() {
    // Signatures are off, so the SDK's signed calls and raw unsigned ones both reach it.
    let env = unsigned().await;
    env.client
        .create_customer_gateway()
        .ip_address("139.196.32.1")
        .name("test")
        .send()
        .await
        .expect("the customer gateway is created");
    let (_, _, body) = get(&env, &[("Action", "DescribeCustomerGateways")], Some("XML")).await;
    assert_like_reference(
        include_str!("fixtures/reference_xml/describe_customer_gateways.xml"),
        &parse(&body),
    );

    let (status, _, body) = get(
        &env,
        &[
            ("Action", "CreateVpnGateway"),
            ("VpcId", "vpc-xml000000000000000000"),
            ("Bandwidth", "5"),
            ("Name", "myVpn"),
        ],
        Some("XML"),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let created = parse(&body);
    assert_like_reference(
        include_str!("fixtures/reference_xml/create_vpn_gateway.xml"),
        &created,
    );

    let gateway = created.text_of("VpnGatewayId").to_string();
    let customer_gateway = env.seed_customer_gateway("203.0.113.40");
    let connection = env.create_connection(&gateway, &customer_gateway).await;
    env.client
        .create_vpn_route_entry()
        .vpn_gateway_id(&gateway)
        .route_dest("10.0.0.0/24")
        .next_hop(&connection)
        .weight(100)
        .publish_vpc(false)
        .send()
        .await
        .expect("the route is created");
    let (_, _, body) = get(
        &env,
        &[
            ("Action", "DescribeVpnRouteEntries"),
            ("VpnGatewayId", &gateway),
        ],
        Some("XML"),
    )
    .await;
    let routes = parse(&body);
    assert_like_reference(
        include_str!("fixtures/reference_xml/describe_vpn_route_entries.xml"),
        &routes,
    );
    let route = &routes.all("VpnRouteEntries")[0].all("VpnRouteEntry")[0];
    assert_eq!(route.text_of("NextHop"), connection);
    assert_eq!(route.text_of("VpnInstanceId"), gateway);
}

#[tokio::test]
async fn errors_in_xml_are_error_documents_and_json_stays_the_default() {
    let env = unsigned().await;
    let (status, content_type, body) = get(
        &env,
        &[
            ("Action", "DescribeVpnGateway"),
            ("VpnGatewayId", "vpn-doesnotexist000000000"),
        ],
        Some("XML"),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    assert!(content_type.starts_with("text/xml"), "{content_type}");
    let doc = parse(&body);
    assert_like_reference(include_str!("fixtures/reference_xml/error.xml"), &doc);
    assert!(
        doc.text_of("Recommend")
            .contains("InvalidVpnGatewayInstanceId.NotFound")
    );

    // A dry run's answer is an error document too.
    let gateway = env.seed_gateway();
    let (status, _, body) = get(
        &env,
        &[
            ("Action", "CreateVpnRouteEntry"),
            ("VpnGatewayId", &gateway),
            ("RouteDest", "10.0.0.0/24"),
            ("NextHop", "vco-doesnotexist000000000"),
            ("Weight", "0"),
            ("PublishVpc", "false"),
            ("DryRun", "true"),
        ],
        Some("XML"),
    )
    .await;
    assert_eq!(status, 404, "the next hop is checked first: {body}");
    assert_eq!(parse(&body).name, "Error");

    for format in [None, Some("JSON"), Some("json")] {
        let (status, content_type, body) =
            get(&env, &[("Action", "DescribeVpnGateways")], format).await;
        assert_eq!(status, 200);
        assert!(
            content_type.starts_with("application/json"),
            "{format:?}: {content_type}"
        );
        let json: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(json["TotalCount"], 1, "{format:?}");
        assert!(json["VpnGateways"]["VpnGateway"].is_array());
    }
}
