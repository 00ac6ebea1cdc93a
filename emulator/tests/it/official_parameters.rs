//! Strict mode refuses nothing Alibaba's official SDKs can send: for every operation of
//! the spec, a request carrying every request parameter of the official model's snapshot
//! (`spec/upstream/vpc-2016-04-28.json`, flattened lists and structures spelled as the
//! official clients spell them: `Tags.1.Key`, `TunnelOptionsSpecification.1.TunnelIkeConfig.IkeAuthAlg`)
//! is not refused as carrying an unknown parameter. (Its dummy values may well be refused
//! by validation: that is not what is checked here.)

use serde_json::Value;

use crate::support::*;

const SNAPSHOT: &str = include_str!("../../../spec/upstream/vpc-2016-04-28.json");

/// The wire names an official client sends for parameter `name` of the snapshot.
fn wire_names(name: &str, param: &Value, out: &mut Vec<String>) {
    let flat = param["style"] == "flat";
    if !flat {
        out.push(name.to_string());
        return;
    }
    flatten(name, param, out);
}

fn flatten(prefix: &str, node: &Value, out: &mut Vec<String>) {
    match node["type"].as_str() {
        Some("array") => flatten(&format!("{prefix}.1"), &node["items"], out),
        Some("object") => match node["members"].as_object() {
            Some(members) if !members.is_empty() => {
                for (member, inner) in members {
                    flatten(&format!("{prefix}.{member}"), inner, out);
                }
            }
            _ => out.push(prefix.to_string()),
        },
        _ => out.push(prefix.to_string()),
    }
}

#[tokio::test]
async fn every_parameter_of_the_official_model_is_known_in_strict_mode() {
    let spec = vpn_emulator::spec::load().expect("the embedded spec loads");
    let snapshot: Value = serde_json::from_str(SNAPSHOT).expect("the snapshot is JSON");
    let emu = emulator().await;
    let mut refused = Vec::new();
    let mut sent = 0;
    for action in spec.operations.keys() {
        let upstream = &snapshot["operations"][action]["request"];
        let params = upstream
            .as_object()
            .unwrap_or_else(|| panic!("{action} is in the snapshot"));
        let mut names = Vec::new();
        for (name, param) in params {
            wire_names(name, param, &mut names);
        }
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .filter(|n| n.as_str() != "RegionId")
            .map(|n| (n.as_str(), "x"))
            .chain([("RegionId", REGION)])
            .collect();
        sent += pairs.len();
        let resp = call(&emu, action, &pairs).await;
        if resp.code() == "InvalidParameter"
            && resp.str("Message").contains("takes no such parameter")
        {
            refused.push(format!("{action}: {}", resp.str("Message")));
        }
        let entry = emu.journal().pop().expect("journalled");
        if !entry.unknown_params.is_empty() {
            refused.push(format!("{action}: unknown {:?}", entry.unknown_params));
        }
    }
    assert!(
        sent > spec.operations.len() * 5,
        "only {sent} parameters sent"
    );
    assert!(refused.is_empty(), "{refused:#?}");
}
