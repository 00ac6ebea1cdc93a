# Shared by the bench scripts (sourced, not run).

# The bench crate's peer (aliyun-openapi-core-rust-sdk) pulls reqwest 0.11 with native-tls,
# i.e. the openssl-sys crate, which needs OpenSSL's headers and pkg-config to build.
require_openssl_dev() {
    if ! pkg-config --exists openssl 2>/dev/null; then
        printf '%s\n' \
            "bench: OpenSSL development files not found (pkg-config openssl)." \
            "bench: the peer crate aliyun-openapi-core-rust-sdk needs them (reqwest 0.11 + native-tls)." \
            "bench: on Debian/Ubuntu: apt-get install -y libssl-dev pkg-config" >&2
        exit 1
    fi
}

# One line describing the machine: cores, CPU model, rustc, load average.
machine_info() {
    printf 'nproc: %s\n' "$(nproc)"
    printf 'cpu: %s\n' "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' ||
        lscpu | sed -n 's/^Model name: *//p')"
    printf 'memory: %s\n' "$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
    printf 'rustc: %s\n' "$(rustc --version)"
    printf 'cargo: %s\n' "$(cargo --version)"
    printf 'kernel: %s\n' "$(uname -r)"
    printf 'load average at start: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
}
