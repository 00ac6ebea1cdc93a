//! The SDK runtime's integration tests, one test binary: the runtime over real HTTP on
//! loopback (a scripted local server in `support`), the generated API's surface,
//! redaction, credentials from the instance metadata service, and garbage answers.

mod credentials_imds;
mod garbage;
mod generated_api;
mod redaction;
mod runtime_http;
mod secret_matrix;
mod support;
