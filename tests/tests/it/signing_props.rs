//! Property: whatever parameter names and values a call carries (Unicode, reserved
//! characters, empty values), the signature the SDK computes is the one the emulator
//! computes, for V1 and V3, GET and POST: the call is never refused for its signature.
//!
//! The case budget is fixed (see [`config`]); `PROPTEST_CASES=100000 cargo test -p e2e
//! --test it signing_props` runs a longer campaign.

use std::sync::OnceLock;

use alibabacloud_vpn::Client;
use alibabacloud_vpn::operation::OperationMeta;
use alibabacloud_vpn::params::Params;
use e2e::{TestEnv, Wire};
use proptest::prelude::*;
use tokio::runtime::Runtime;

/// The cases run by default, per wire.
const CASES: u32 = 64;

const DESCRIBE: OperationMeta = OperationMeta {
    action: "DescribeVpnGateways",
    read_only: true,
    idempotency_token: None,
};

/// Names the runtime sets itself: never operation parameters.
const RESERVED: &[&str] = &[
    "Action",
    "Format",
    "Version",
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "AccessKeyId",
    "SecurityToken",
    "Signature",
];

/// The signature errors a correctly signed call must never get.
const SIGNATURE_CODES: &[&str] = &[
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "IllegalTimestamp",
    "SignatureNonceUsed",
    "InvalidAccessKeyId.NotFound",
];

fn config() -> ProptestConfig {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        ProptestConfig::default()
    } else {
        ProptestConfig::with_cases(CASES)
    }
}

struct World {
    rt: Runtime,
    env: TestEnv,
    clients: Vec<(Wire, Client)>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let env = rt.block_on(TestEnv::start(Wire::V1_GET));
        let clients = Wire::ALL.iter().map(|w| (*w, env.client_for(*w))).collect();
        World { rt, env, clients }
    })
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z][A-Za-z0-9]{0,10}",
        2 => "\\PC{1,8}",
        1 => "[ !\"#$%&'()*+,/:;<=>?@\\[\\\\\\]^_`{|}~.-]{1,6}",
        1 => prop::sample::select(vec!["Tag.1.Key", "a b", "ä", "名字", "x~y*z", "%41", "+"])
            .prop_map(str::to_string),
    ]
    .prop_filter("the runtime's own names", |n| {
        !RESERVED.contains(&n.as_str())
    })
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "\\PC{0,24}",
        1 => any::<String>(),
        1 => prop::sample::select(vec!["", " ", "+", "%", "%20", "~", "*", "=&", "\u{1F600}", "a\u{0}b", "\r\n"])
            .prop_map(str::to_string),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_emulator_accepts_every_signature_the_sdk_computes(
        pairs in prop::collection::vec((name(), value()), 0..6),
    ) {
        let w = world();
        w.env.emu.clear_journal();
        for (wire, client) in &w.clients {
            let mut params = Params::new();
            params.insert("RegionId", e2e::REGION);
            for (k, v) in &pairs {
                params.insert(k.clone(), v.clone());
            }
            let outcome = w.rt.block_on(client.invoke(&DESCRIBE, params));
            if let Err(e) = outcome {
                let code = e.code().map(str::to_string);
                prop_assert!(
                    code.as_deref().is_none_or(|c| !SIGNATURE_CODES.contains(&c)),
                    "{wire}: {e} for {pairs:?}"
                );
                prop_assert!(code.is_some(), "{wire}: not a service error: {e} for {pairs:?}");
            }
        }
        let journal = w.env.emu.journal();
        prop_assert_eq!(journal.len(), w.clients.len());
        prop_assert!(journal.iter().all(|e| e.authenticated), "the calls were verified");
    }
}
