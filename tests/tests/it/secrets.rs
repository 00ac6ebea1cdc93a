//! The emulator answers a wrongly signed call with `SignatureDoesNotMatch` quoting its
//! string to sign, as the service does (for V1 it holds every parameter, percent-encoded
//! twice: the security token and the `IkeConfig` JSON text with its pre-shared key).
//! Nothing of the secrets reaches the caller's error or the TRACE logs, for every wire.

use std::io::Write;
use std::sync::{Arc, Mutex};

use alibabacloud_vpn::Credentials;
use alibabacloud_vpn::config::SignatureVersion;
use alibabacloud_vpn::types::IkeConfig;
use e2e::{Wire, client_builder, emulator_builder};

const SECRET: &str = "AkSecretMARKER1 +/=&\"\\é漢";
const TOKEN: &str = "StsTokenMARKER2 +/=&\"\\é漢";
const PSK: &str = "PskMARKER3 +/=&\"\\é漢";
/// The alphanumeric cores of the markers: they survive every encoding.
const CORES: &[&str] = &["AkSecretMARKER1", "StsTokenMARKER2", "PskMARKER3"];

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn signature_mismatch_from_the_emulator_shows_no_secret() {
    let emu = emulator_builder().start().await.unwrap();
    let mut leaks = Vec::new();
    for wire in Wire::ALL {
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        // While a single dispatcher exists, tracing decides whether a callsite is wanted
        // from the subscriber of the thread that first reaches it (a test running in
        // parallel, without one); a second, silent dispatcher makes it ask them all.
        let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
        let _guard = tracing::subscriber::set_default(subscriber);
        // Callsites first reached by other tests before this subscriber existed keep a
        // cached "not interested"; ask them again.
        tracing::callsite::rebuild_interest_cache();
        let client = client_builder(&emu, wire)
            .credentials(Credentials::new(emu.access_key_id(), SECRET).with_security_token(TOKEN))
            .build()
            .unwrap();
        let err = client
            .create_vpn_connection()
            .vpn_gateway_id("vpn-secrets")
            .customer_gateway_id("cgw-secrets")
            .local_subnet("10.0.0.0/24")
            .remote_subnet("10.1.0.0/24")
            .ike_config(IkeConfig::builder().psk(PSK).build())
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("SignatureDoesNotMatch"), "{wire}: {err:?}");
        let shown = format!("{err}\n{err:?}\n{err:#?}");
        assert!(
            shown.contains("server string to sign is:"),
            "{wire}: {shown}"
        );
        if wire.signature == SignatureVersion::V1 {
            // The V1 string to sign held the secrets: they were there, and were scrubbed.
            assert!(shown.contains("** redacted **"), "{wire}: {shown}");
        }
        let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
        assert!(logs.contains("sending request"), "{wire}: no logs");
        for core in CORES {
            if shown.contains(core) {
                leaks.push(format!("{wire}: {core} in the error: {shown}"));
            }
            if logs.contains(core) {
                leaks.push(format!("{wire}: {core} in the logs: {logs}"));
            }
        }
    }
    assert!(leaks.is_empty(), "{}", leaks.join("\n\n"));
}
