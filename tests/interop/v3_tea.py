"""Drives the emulator with the unmodified current Python SDK (V3 signatures, ACS3-HMAC-SHA256).

alibabacloud-vpc20160428's Client over alibabacloud-tea-openapi, pointed at the emulator
with the SDK's own Config only: `endpoint='HOST:PORT', protocol='http'`.

Covers every group (VPN gateway, customer gateway, IPsec-VPN, VPN route, SSL-VPN) with
create / describe / modify / delete calls and one documented error path each, asserting
TeaException.code (the SDK raises alibabacloud_tea_openapi.exceptions.ClientException,
a TeaException, for 4xx answers).

Usage: v3_tea.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import sys
import time
import uuid

from alibabacloud_tea_openapi.models import Config
from alibabacloud_vpc20160428 import models as m
from alibabacloud_vpc20160428.client import Client
from Tea.exceptions import TeaException

from harness import Runner, expect, expect_eq, parse_args, poll

NAME = "v3_tea"
VPC_ID = "vpc-interopv3tea00000001"


def make_client(args, *, ak=None, secret=None) -> Client:
    return Client(
        Config(
            access_key_id=ak or args.access_key_id,
            access_key_secret=secret or args.access_key_secret,
            endpoint=f"{args.host}:{args.port}",
            protocol="http",
            region_id=args.region,
            connect_timeout=5000,
            read_timeout=15000,
        )
    )


def ok(resp):
    """Checks the transport-level facts of a success and returns the typed body."""
    expect_eq(resp.status_code, 200, "HTTP status")
    body = resp.body
    expect(body is not None and bool(body.request_id), f"response has a RequestId: {resp.to_map()!r}")
    return body


def expect_error(fn, code: str, http_status: int | None = None) -> TeaException:
    try:
        resp = fn()
    except TeaException as exc:
        expect_eq(exc.code, code, f"error code (message: {exc.message!r})")
        if http_status is not None:
            expect_eq(getattr(exc, "status_code", None), http_status, "HTTP status")
        expect(bool(getattr(exc, "request_id", None)) and exc.request_id != "None", "error carries a RequestId")
        return exc
    raise AssertionError(f"expected {code}, but the call succeeded: {resp.to_map()!r}")


def retry_configuring(fn, timeout_s: float = 30.0):
    """Retries fn while the gateway answers VpnGateway.Configuring (as a real caller would)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return fn()
        except TeaException as exc:
            if exc.code != "VpnGateway.Configuring" or time.monotonic() >= deadline:
                raise
            time.sleep(0.2)


def main() -> int:
    args = parse_args(__doc__)
    c = make_client(args)
    region = args.region
    r = Runner(NAME)

    # ---------------------------------------------------------------- VPN gateway
    def create_gateway():
        body = ok(
            c.create_vpn_gateway(
                m.CreateVpnGatewayRequest(
                    region_id=region,
                    vpc_id=VPC_ID,
                    bandwidth=20,
                    enable_ipsec=True,
                    enable_ssl=True,
                    ssl_connections=10,
                    name="interop-v3-gw",
                )
            )
        )
        expect(isinstance(body.vpn_gateway_id, str) and body.vpn_gateway_id.startswith("vpn-"), "VpnGatewayId")
        return body.vpn_gateway_id

    gw = r.step("CreateVpnGateway", create_gateway)

    def describe_gateway(gw_id):
        return ok(c.describe_vpn_gateway(m.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=gw_id)))

    def wait_active():
        body = poll(
            lambda: describe_gateway(gw),
            until=lambda b: b.status == "active",
            timeout_s=60,
            what="VPN gateway active",
        )
        expect_eq(body.vpn_gateway_id, gw, "VpnGatewayId")
        expect_eq(body.vpc_id, VPC_ID, "VpcId")
        expect_eq(body.ssl_max_connections, 10, "SslMaxConnections")
        return body

    active = r.step("DescribeVpnGateway (poll until active)", wait_active, needs=[gw])

    def modify_gateway():
        body = ok(
            c.modify_vpn_gateway_attribute(
                m.ModifyVpnGatewayAttributeRequest(
                    region_id=region, vpn_gateway_id=gw, name="interop-v3-gw-renamed", description="renamed by Tea"
                )
            )
        )
        expect_eq(body.name, "interop-v3-gw-renamed", "Name in the response")
        expect_eq(describe_gateway(gw).description, "renamed by Tea", "Description after modify")

    r.step("ModifyVpnGatewayAttribute", lambda: retry_configuring(modify_gateway), needs=[active])

    def list_gateways():
        body = ok(
            c.describe_vpn_gateways(
                m.DescribeVpnGatewaysRequest(region_id=region, vpc_id=VPC_ID, page_number=1, page_size=10)
            )
        )
        ids = [g.vpn_gateway_id for g in body.vpn_gateways.vpn_gateway]
        expect_eq(ids, [gw], "gateways of the VPC")
        expect_eq(body.total_count, 1, "TotalCount")

    r.step("DescribeVpnGateways", list_gateways, needs=[gw])

    r.step(
        "error: DeleteVpnGateway unknown id -> InvalidVpnGatewayInstanceId.NotFound",
        lambda: expect_error(
            lambda: c.delete_vpn_gateway(
                m.DeleteVpnGatewayRequest(region_id=region, vpn_gateway_id="vpn-doesnotexist000000000")
            ),
            "InvalidVpnGatewayInstanceId.NotFound",
            404,
        ),
    )

    # ------------------------------------------------------------ customer gateway
    def create_cgw():
        body = ok(
            c.create_customer_gateway(
                m.CreateCustomerGatewayRequest(
                    region_id=region,
                    ip_address="198.51.100.20",
                    name="interop-v3-cgw",
                    description="on-premises end for Tea",
                    client_token=str(uuid.uuid4()),
                )
            )
        )
        expect(body.customer_gateway_id.startswith("cgw-"), "CustomerGatewayId")
        return body.customer_gateway_id

    cgw = r.step("CreateCustomerGateway", create_cgw)

    def describe_cgw():
        body = ok(
            c.describe_customer_gateway(m.DescribeCustomerGatewayRequest(region_id=region, customer_gateway_id=cgw))
        )
        expect_eq(body.ip_address, "198.51.100.20", "IpAddress")
        expect_eq(body.description, "on-premises end for Tea", "Description")

    r.step("DescribeCustomerGateway", describe_cgw, needs=[cgw])

    def modify_cgw():
        body = ok(
            c.modify_customer_gateway_attribute(
                m.ModifyCustomerGatewayAttributeRequest(
                    region_id=region, customer_gateway_id=cgw, description="described again"
                )
            )
        )
        expect_eq(body.description, "described again", "Description in the response")

    r.step("ModifyCustomerGatewayAttribute", modify_cgw, needs=[cgw])

    def list_cgws():
        body = ok(
            c.describe_customer_gateways(
                m.DescribeCustomerGatewaysRequest(region_id=region, customer_gateway_id=cgw)
            )
        )
        ids = [g.customer_gateway_id for g in body.customer_gateways.customer_gateway]
        expect_eq(ids, [cgw], "filtered by CustomerGatewayId")

    r.step("DescribeCustomerGateways", list_cgws, needs=[cgw])

    r.step(
        "error: CreateCustomerGateway same IP twice -> InvalidIpAddress.AlreadyExist",
        lambda: expect_error(
            lambda: c.create_customer_gateway(
                m.CreateCustomerGatewayRequest(region_id=region, ip_address="198.51.100.20")
            ),
            "InvalidIpAddress.AlreadyExist",
            400,
        ),
        needs=[cgw],
    )

    # ------------------------------------------------------------------ IPsec-VPN
    ike = {"IkeVersion": "ikev1", "IkeMode": "aggressive", "IkeEncAlg": "aes", "IkeAuthAlg": "md5", "Psk": "tea psk+1 /2"}

    def create_connection():
        body = ok(
            c.create_vpn_connection(
                m.CreateVpnConnectionRequest(
                    region_id=region,
                    vpn_gateway_id=gw,
                    customer_gateway_id=cgw,
                    local_subnet="172.16.0.0/16",
                    remote_subnet="192.168.10.0/24",
                    effect_immediately=True,
                    ike_config=json.dumps(ike),
                    ipsec_config=json.dumps({"IpsecEncAlg": "aes192", "IpsecPfs": "group5"}),
                    # Lower-case keys and string values, exactly as Alibaba's SDK docs write them.
                    health_check_config=json.dumps(
                        {"enable": "true", "dip": "192.168.10.1", "sip": "172.16.0.1", "interval": "3", "retry": "3"}
                    ),
                    name="interop-v3-vco",
                )
            )
        )
        expect(body.vpn_connection_id.startswith("vco-"), "VpnConnectionId")
        return body.vpn_connection_id

    vco = r.step(
        "CreateVpnConnection (IkeConfig/IpsecConfig/HealthCheckConfig as JSON strings)",
        lambda: retry_configuring(create_connection),
        needs=[active, cgw],
    )

    def describe_connection():
        body = ok(c.describe_vpn_connection(m.DescribeVpnConnectionRequest(region_id=region, vpn_connection_id=vco)))
        expect_eq(body.remote_subnet, "192.168.10.0/24", "RemoteSubnet")
        expect_eq(body.effect_immediately, True, "EffectImmediately")
        expect_eq(body.ike_config.ike_version, "ikev1", "IkeConfig.IkeVersion")
        expect_eq(body.ike_config.ike_mode, "aggressive", "IkeConfig.IkeMode")
        expect_eq(body.ike_config.psk, ike["Psk"], "IkeConfig.Psk")
        expect_eq(body.ipsec_config.ipsec_enc_alg, "aes192", "IpsecConfig.IpsecEncAlg")
        expect_eq(body.ipsec_config.ipsec_pfs, "group5", "IpsecConfig.IpsecPfs")
        expect(body.vco_health_check is not None, "VcoHealthCheck present")
        expect_eq(body.vco_health_check.dip, "192.168.10.1", "VcoHealthCheck.Dip")

    r.step("DescribeVpnConnection (typed model decode)", describe_connection, needs=[vco])

    def modify_connection():
        body = ok(
            c.modify_vpn_connection_attribute(
                m.ModifyVpnConnectionAttributeRequest(
                    region_id=region,
                    vpn_connection_id=vco,
                    ike_config=json.dumps({"IkeEncAlg": "aes256"}),
                )
            )
        )
        expect_eq(body.ike_config.ike_enc_alg, "aes256", "IkeConfig.IkeEncAlg after modify")
        expect_eq(body.ike_config.ike_mode, "aggressive", "IkeConfig.IkeMode kept")

    r.step("ModifyVpnConnectionAttribute (partial IkeConfig)", lambda: retry_configuring(modify_connection), needs=[vco])

    def list_connections():
        body = ok(
            c.describe_vpn_connections(
                m.DescribeVpnConnectionsRequest(region_id=region, customer_gateway_id=cgw, page_size=5)
            )
        )
        ids = [v.vpn_connection_id for v in body.vpn_connections.vpn_connection]
        expect_eq(ids, [vco], "connections of the customer gateway")

    r.step("DescribeVpnConnections", list_connections, needs=[vco])

    def download_config():
        body = ok(
            c.download_vpn_connection_config(
                m.DownloadVpnConnectionConfigRequest(region_id=region, vpn_connection_id=vco)
            )
        )
        cfg = body.vpn_connection_config
        expect(cfg is not None, "VpnConnectionConfig present")
        expect_eq(cfg.ike_config.psk, ike["Psk"], "VpnConnectionConfig.IkeConfig.Psk")

    r.step("DownloadVpnConnectionConfig", download_config, needs=[vco])

    r.step(
        "error: DeleteVpnConnection unknown id -> InvalidVpnConnectionInstanceId.NotFound",
        lambda: expect_error(
            lambda: c.delete_vpn_connection(
                m.DeleteVpnConnectionRequest(region_id=region, vpn_connection_id="vco-doesnotexist000000000")
            ),
            "InvalidVpnConnectionInstanceId.NotFound",
            404,
        ),
    )

    # ------------------------------------------------------------------ VPN route
    def create_route():
        body = ok(
            c.create_vpn_route_entry(
                m.CreateVpnRouteEntryRequest(
                    region_id=region,
                    vpn_gateway_id=gw,
                    route_dest="10.30.0.0/16",
                    next_hop=vco,
                    weight=0,
                    publish_vpc=True,
                    overlay_mode="Ipsec",
                )
            )
        )
        expect_eq(body.route_dest, "10.30.0.0/16", "RouteDest")
        expect_eq(body.weight, 0, "Weight")
        return True

    routed = r.step("CreateVpnRouteEntry", lambda: retry_configuring(create_route), needs=[vco])

    def list_routes():
        body = ok(
            c.describe_vpn_route_entries(m.DescribeVpnRouteEntriesRequest(region_id=region, vpn_gateway_id=gw))
        )
        found = [e for e in body.vpn_route_entries.vpn_route_entry if e.route_dest == "10.30.0.0/16"]
        expect_eq(len(found), 1, "routes to 10.30.0.0/16")
        expect_eq(found[0].next_hop, vco, "NextHop")

    r.step("DescribeVpnRouteEntries", list_routes, needs=[routed])

    def create_pbr():
        body = ok(
            c.create_vpn_pbr_route_entry(
                m.CreateVpnPbrRouteEntryRequest(
                    region_id=region,
                    vpn_gateway_id=gw,
                    route_source="172.16.1.0/24",
                    route_dest="10.40.0.0/16",
                    next_hop=vco,
                    weight=100,
                    publish_vpc=False,
                )
            )
        )
        expect_eq(body.route_source, "172.16.1.0/24", "RouteSource")
        return True

    pbr = r.step("CreateVpnPbrRouteEntry", lambda: retry_configuring(create_pbr), needs=[vco])

    def list_pbr():
        body = ok(
            c.describe_vpn_pbr_route_entries(
                m.DescribeVpnPbrRouteEntriesRequest(region_id=region, vpn_gateway_id=gw, page_size=20)
            )
        )
        found = [e for e in body.vpn_pbr_route_entries.vpn_pbr_route_entry if e.route_dest == "10.40.0.0/16"]
        expect_eq(len(found), 1, "policy routes to 10.40.0.0/16")
        expect_eq(found[0].route_source, "172.16.1.0/24", "RouteSource")

    r.step("DescribeVpnPbrRouteEntries", list_pbr, needs=[pbr])

    r.step(
        "error: CreateVpnRouteEntry unknown gateway -> InvalidVpnGatewayInstanceId.NotFound",
        lambda: expect_error(
            lambda: c.create_vpn_route_entry(
                m.CreateVpnRouteEntryRequest(
                    region_id=region,
                    vpn_gateway_id="vpn-doesnotexist000000000",
                    route_dest="10.50.0.0/16",
                    next_hop="vco-doesnotexist000000000",
                    weight=0,
                    publish_vpc=False,
                )
            ),
            "InvalidVpnGatewayInstanceId.NotFound",
            404,
        ),
    )

    # -------------------------------------------------------------------- SSL-VPN
    def create_ssl_server():
        body = ok(
            c.create_ssl_vpn_server(
                m.CreateSslVpnServerRequest(
                    region_id=region,
                    vpn_gateway_id=gw,
                    client_ip_pool="10.99.0.0/16",
                    local_subnet="172.16.0.0/16,10.1.0.0/16",
                    proto="TCP",
                    port=4433,
                    cipher="AES-256-CBC",
                    compress=True,
                    name="interop-v3-ssl",
                )
            )
        )
        expect(body.ssl_vpn_server_id.startswith("vss-"), "SslVpnServerId")
        return body.ssl_vpn_server_id

    vss = r.step("CreateSslVpnServer", lambda: retry_configuring(create_ssl_server), needs=[active])

    def list_ssl_servers():
        body = ok(
            c.describe_ssl_vpn_servers(m.DescribeSslVpnServersRequest(region_id=region, ssl_vpn_server_id=vss))
        )
        servers = body.ssl_vpn_servers.ssl_vpn_server
        expect_eq([s.ssl_vpn_server_id for s in servers], [vss], "filtered by SslVpnServerId")
        s = servers[0]
        expect_eq(s.port, 4433, "Port")
        expect_eq(s.proto, "TCP", "Proto")
        expect_eq(s.compress, True, "Compress")
        expect_eq(s.cipher, "AES-256-CBC", "Cipher")

    r.step("DescribeSslVpnServers", list_ssl_servers, needs=[vss])

    def create_cert():
        body = ok(
            c.create_ssl_vpn_client_cert(
                m.CreateSslVpnClientCertRequest(region_id=region, ssl_vpn_server_id=vss, name="interop-v3-cert")
            )
        )
        expect(body.ssl_vpn_client_cert_id.startswith("vsc-"), "SslVpnClientCertId")
        return body.ssl_vpn_client_cert_id

    vsc = r.step("CreateSslVpnClientCert", lambda: retry_configuring(create_cert), needs=[vss])

    def list_certs():
        body = ok(
            c.describe_ssl_vpn_client_certs(
                m.DescribeSslVpnClientCertsRequest(region_id=region, ssl_vpn_server_id=vss)
            )
        )
        keys = body.ssl_vpn_client_cert_keys.ssl_vpn_client_cert_key
        expect_eq([k.ssl_vpn_client_cert_id for k in keys], [vsc], "certificates of the server")
        expect_eq(keys[0].name, "interop-v3-cert", "Name")

    r.step("DescribeSslVpnClientCerts", list_certs, needs=[vsc])

    r.step(
        "error: CreateSslVpnClientCert bad Name -> InvalidName",
        lambda: expect_error(
            lambda: c.create_ssl_vpn_client_cert(
                m.CreateSslVpnClientCertRequest(region_id=region, ssl_vpn_server_id=vss, name="1-starts-with-a-digit")
            ),
            "InvalidName",
            400,
        ),
        needs=[vss],
    )

    # ---------------------------------------------------------------- signatures
    def wrong_secret():
        bad = make_client(args, secret=args.access_key_secret + "-wrong")
        expect_error(
            lambda: bad.describe_vpn_gateways(m.DescribeVpnGatewaysRequest(region_id=region)),
            "SignatureDoesNotMatch",
            400,
        )

    r.step("error: wrong AccessKeySecret -> SignatureDoesNotMatch", wrong_secret)

    # -------------------------------------------------------------------- deletes
    r.step(
        "DeleteSslVpnClientCert",
        lambda: retry_configuring(
            lambda: ok(
                c.delete_ssl_vpn_client_cert(
                    m.DeleteSslVpnClientCertRequest(region_id=region, ssl_vpn_client_cert_id=vsc)
                )
            )
        ),
        needs=[vsc],
    )
    r.step(
        "DeleteSslVpnServer",
        lambda: retry_configuring(
            lambda: ok(c.delete_ssl_vpn_server(m.DeleteSslVpnServerRequest(region_id=region, ssl_vpn_server_id=vss)))
        ),
        needs=[vss],
    )
    r.step(
        "DeleteVpnPbrRouteEntry",
        lambda: retry_configuring(
            lambda: ok(
                c.delete_vpn_pbr_route_entry(
                    m.DeleteVpnPbrRouteEntryRequest(
                        region_id=region,
                        vpn_gateway_id=gw,
                        route_source="172.16.1.0/24",
                        route_dest="10.40.0.0/16",
                        next_hop=vco,
                        weight=100,
                    )
                )
            )
        ),
        needs=[pbr],
    )
    r.step(
        "DeleteVpnRouteEntry",
        lambda: retry_configuring(
            lambda: ok(
                c.delete_vpn_route_entry(
                    m.DeleteVpnRouteEntryRequest(
                        region_id=region, vpn_gateway_id=gw, route_dest="10.30.0.0/16", next_hop=vco, weight=0
                    )
                )
            )
        ),
        needs=[routed],
    )
    r.step(
        "DeleteVpnConnection",
        lambda: retry_configuring(
            lambda: ok(c.delete_vpn_connection(m.DeleteVpnConnectionRequest(region_id=region, vpn_connection_id=vco)))
        ),
        needs=[vco],
    )
    r.step(
        "DeleteCustomerGateway",
        lambda: ok(
            c.delete_customer_gateway(m.DeleteCustomerGatewayRequest(region_id=region, customer_gateway_id=cgw))
        ),
        needs=[cgw],
    )

    def delete_gateway():
        retry_configuring(
            lambda: ok(c.delete_vpn_gateway(m.DeleteVpnGatewayRequest(region_id=region, vpn_gateway_id=gw)))
        )

        def gone():
            try:
                describe_gateway(gw)
                return False
            except TeaException as exc:
                if exc.code == "InvalidVpnGatewayInstanceId.NotFound":
                    return True
                raise

        poll(gone, until=bool, timeout_s=60, what="VPN gateway deleted")

    r.step("DeleteVpnGateway (poll until gone)", delete_gateway, needs=[gw])

    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
