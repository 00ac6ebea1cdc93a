"""Drives the emulator with the unmodified current Python SDK (V3 signatures, ACS3-HMAC-SHA256).

alibabacloud-vpc20160428's Client over alibabacloud-tea-openapi, pointed at the emulator
with the SDK's own Config only: `endpoint='HOST:PORT', protocol='http'`.

Covers every group (VPN gateway, customer gateway, IPsec-VPN, VPN route, SSL-VPN) with
create / describe / modify / delete calls and one documented error path each, asserting
TeaException.code (the SDK raises alibabacloud_tea_openapi.exceptions.ClientException,
a TeaException, for 4xx answers). Today's parameters too, checking that the SDK's typed
models come back populated: a gateway with two vSwitches, customer gateways with Asn and
AuthKey, a dual-tunnel connection with BGP on both tunnels (the tunnel options and their
BGP settings in DescribeVpnConnection(s), DownloadVpnConnectionConfig), changed with
ModifyTunnelAttribute and ModifyVpnConnectionAttribute, and a single-tunnel connection with
BgpConfig (VpnBgpConfig).

Usage: v3_tea.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import sys
import uuid

from alibabacloud_vpc20160428 import models as m
from alibabacloud_vpc20160428.client import Client
from Tea.exceptions import TeaException

from harness import Runner, expect, expect_eq, parse_args, poll
from tea_support import make_client, ok, expect_error, retry_configuring

NAME = "v3_tea"
VPC_ID = "vpc-interopv3tea00000001"
DUAL_VPC_ID = "vpc-interopv3dual000001"

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

    # --------------------------------------------- dual-tunnel IPsec-VPN and BGP
    dual_tunnel_steps(r, c, region, gw, active)

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


def dual_tunnel_steps(r: Runner, c: Client, region: str, single_gw, single_active) -> None:
    """Today's parameters through the typed models: a gateway with two vSwitches, customer
    gateways with Asn and AuthKey, a dual-tunnel connection with BGP on both tunnels,
    ModifyTunnelAttribute and ModifyVpnConnectionAttribute on it, a single-tunnel connection
    with BgpConfig, and the documented errors. Everything is deleted at the end."""

    def create_dual_gateway():
        body = ok(
            c.create_vpn_gateway(
                m.CreateVpnGatewayRequest(
                    region_id=region,
                    vpc_id=DUAL_VPC_ID,
                    bandwidth=10,
                    v_switch_id="vsw-interopv3zonea00001",
                    disaster_recovery_vswitch_id="vsw-interopv3zoneb00001",
                    name="interop-v3-dual-gw",
                )
            )
        )
        gw = body.vpn_gateway_id
        described = poll(
            lambda: ok(c.describe_vpn_gateway(m.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=gw))),
            until=lambda b: b.status == "active",
            what="dual gateway active",
        )
        expect_eq(described.v_switch_id, "vsw-interopv3zonea00001", "VSwitchId")
        expect_eq(described.disaster_recovery_vswitch_id, "vsw-interopv3zoneb00001", "DisasterRecoveryVSwitchId")
        expect(bool(described.disaster_recovery_internet_ip), "DisasterRecoveryInternetIp present")
        return gw

    dual_gw = r.step("CreateVpnGateway (VSwitchId + DisasterRecoveryVSwitchId)", create_dual_gateway)

    peers = [("198.51.100.71", "65071"), ("198.51.100.72", "65072")]

    def create_peers():
        ids = []
        for ip, asn in peers:
            body = ok(
                c.create_customer_gateway(
                    m.CreateCustomerGatewayRequest(region_id=region, ip_address=ip, asn=asn, auth_key="tea-md5-key")
                )
            )
            described = ok(
                c.describe_customer_gateway(
                    m.DescribeCustomerGatewayRequest(region_id=region, customer_gateway_id=body.customer_gateway_id)
                )
            )
            expect_eq(str(described.asn), asn, "Asn")
            expect_eq(described.auth_key, "tea-md5-key", "AuthKey")
            ids.append(body.customer_gateway_id)
        return ids

    cgws = r.step("CreateCustomerGateway (Asn, AuthKey) x2", create_peers)

    def tunnel(i, cgw, role):
        return m.CreateVpnConnectionRequestTunnelOptionsSpecification(
            customer_gateway_id=cgw,
            role=role,
            enable_dpd=True,
            enable_nat_traversal=True,
            tunnel_ike_config=m.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelIkeConfig(
                ike_version="ikev2",
                ike_mode="main",
                ike_enc_alg="aes256",
                ike_auth_alg="sha256",
                ike_pfs="group14",
                ike_lifetime=86400,
                psk=f"tea-tunnel-{i}-psk",
            ),
            tunnel_ipsec_config=m.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelIpsecConfig(
                ipsec_enc_alg="aes256", ipsec_auth_alg="sha256", ipsec_pfs="group14", ipsec_lifetime=3600
            ),
            tunnel_bgp_config=m.CreateVpnConnectionRequestTunnelOptionsSpecificationTunnelBgpConfig(
                local_asn=65070, tunnel_cidr=f"169.254.7{i}.0/30", local_bgp_ip=f"169.254.7{i}.1"
            ),
        )

    def create_dual():
        body = ok(
            c.create_vpn_connection(
                m.CreateVpnConnectionRequest(
                    region_id=region,
                    vpn_gateway_id=dual_gw,
                    local_subnet="10.70.0.0/16",
                    remote_subnet="192.168.70.0/24",
                    name="interop-v3-dual",
                    enable_tunnels_bgp=True,
                    tunnel_options_specification=[tunnel(1, cgws[0], "master"), tunnel(2, cgws[1], "slave")],
                )
            )
        )
        expect(body.vpn_connection_id.startswith("vco-"), "VpnConnectionId")
        return body.vpn_connection_id

    dual = r.step(
        "CreateVpnConnection (TunnelOptionsSpecification x2, EnableTunnelsBgp)",
        lambda: retry_configuring(create_dual),
        needs=[dual_gw, cgws],
    )

    def describe_dual():
        return ok(c.describe_vpn_connection(m.DescribeVpnConnectionRequest(region_id=region, vpn_connection_id=dual)))

    def tunnels_of(body):
        expect(body.tunnel_options_specification is not None, "TunnelOptionsSpecification decoded")
        return sorted(body.tunnel_options_specification.tunnel_options, key=lambda t: t.tunnel_index)

    def up(body):
        return all(
            t.status == "ipsec_sa_established" and t.tunnel_bgp_config.bgp_status == "success" for t in tunnels_of(body)
        )

    def wait_dual_up():
        body = poll(describe_dual, until=up, what="both tunnels and BGP sessions up")
        expect_eq(body.enable_tunnels_bgp, True, "EnableTunnelsBgp")
        tunnels = tunnels_of(body)
        expect_eq(len(tunnels), 2, "tunnels")
        ids = []
        for i, (t, cgw, role, (_, asn)) in enumerate(zip(tunnels, cgws, ["master", "slave"], peers), start=1):
            expect_eq(t.customer_gateway_id, cgw, f"tunnel {i} CustomerGatewayId")
            expect_eq(t.role, role, f"tunnel {i} Role")
            expect_eq(t.tunnel_ike_config.psk, f"tea-tunnel-{i}-psk", f"tunnel {i} TunnelIkeConfig.Psk")
            expect_eq(t.tunnel_ike_config.ike_version, "ikev2", f"tunnel {i} TunnelIkeConfig.IkeVersion")
            expect_eq(t.tunnel_ipsec_config.ipsec_pfs, "group14", f"tunnel {i} TunnelIpsecConfig.IpsecPfs")
            expect_eq(str(t.tunnel_bgp_config.local_asn), "65070", f"tunnel {i} TunnelBgpConfig.LocalAsn")
            expect_eq(str(t.tunnel_bgp_config.peer_asn), asn, f"tunnel {i} TunnelBgpConfig.PeerAsn")
            expect_eq(t.tunnel_bgp_config.peer_bgp_ip, f"169.254.7{i}.2", f"tunnel {i} TunnelBgpConfig.PeerBgpIp")
            expect(bool(t.internet_ip) and bool(t.zone_no), f"tunnel {i} InternetIp and ZoneNo: {t.to_map()!r}")
            expect(t.tunnel_id.startswith("tun-"), f"tunnel {i} TunnelId")
            ids.append(t.tunnel_id)
        expect(tunnels[0].internet_ip != tunnels[1].internet_ip, "the tunnels end on two gateway addresses")
        return ids

    tunnel_ids = r.step("DescribeVpnConnection (typed tunnel options, poll until up)", wait_dual_up, needs=[dual])

    def list_dual():
        body = ok(c.describe_vpn_connections(m.DescribeVpnConnectionsRequest(region_id=region, vpn_gateway_id=dual_gw)))
        (conn,) = body.vpn_connections.vpn_connection
        tunnels = conn.tunnel_options_specification.tunnel_options
        expect_eq(sorted(t.tunnel_id for t in tunnels), sorted(tunnel_ids), "listed tunnels")
        expect(all(t.tunnel_bgp_config.peer_asn is not None for t in tunnels), "listed BGP settings")

    r.step("DescribeVpnConnections (typed tunnel options)", list_dual, needs=[tunnel_ids])

    def download_dual():
        body = ok(
            c.download_vpn_connection_config(m.DownloadVpnConnectionConfigRequest(region_id=region, vpn_connection_id=dual))
        )
        cfg = body.vpn_connection_config
        expect_eq([t.tunnel_id for t in cfg.tunnels_config.tunnel_config], tunnel_ids, "TunnelsConfig")
        expect_eq(cfg.tunnels_config.tunnel_config[0].ike_config.psk, "tea-tunnel-1-psk", "tunnel 1 Psk")

    r.step("DownloadVpnConnectionConfig (TunnelsConfig)", download_dual, needs=[tunnel_ids])

    def modify_one_tunnel():
        body = ok(
            c.modify_tunnel_attribute(
                m.ModifyTunnelAttributeRequest(
                    region_id=region,
                    vpn_connection_id=dual,
                    tunnel_id=tunnel_ids[1],
                    client_token=str(uuid.uuid4()),
                    tunnel_options_specification=m.ModifyTunnelAttributeRequestTunnelOptionsSpecification(
                        enable_nat_traversal=False,
                        tunnel_ike_config=m.ModifyTunnelAttributeRequestTunnelOptionsSpecificationTunnelIkeConfig(
                            ike_pfs="group5", psk="tea-tunnel-2-new"
                        ),
                        tunnel_bgp_config=m.ModifyTunnelAttributeRequestTunnelOptionsSpecificationTunnelBgpConfig(
                            local_asn=65079
                        ),
                    ),
                )
            )
        )
        expect_eq(body.tunnel_id, tunnel_ids[1], "TunnelId")
        expect_eq(body.enable_nat_traversal, False, "EnableNatTraversal")
        expect_eq(body.role, "slave", "Role kept")
        expect_eq(body.tunnel_ike_config.ike_pfs, "group5", "TunnelIkeConfig.IkePfs")
        expect_eq(body.tunnel_ike_config.ike_auth_alg, "sha256", "TunnelIkeConfig.IkeAuthAlg kept")
        expect_eq(body.tunnel_bgp_config.enable_bgp, True, "TunnelBgpConfig.EnableBgp")
        expect_eq(str(body.tunnel_bgp_config.local_asn), "65079", "TunnelBgpConfig.LocalAsn")
        expect_eq(str(body.tunnel_bgp_config.peer_asn), peers[1][1], "TunnelBgpConfig.PeerAsn")
        first, second = tunnels_of(describe_dual())
        expect_eq(first.enable_nat_traversal, True, "the other tunnel is untouched")
        expect_eq(second.tunnel_ike_config.psk, "tea-tunnel-2-new", "the new Psk")

    r.step("ModifyTunnelAttribute (one tunnel)", lambda: retry_configuring(modify_one_tunnel), needs=[tunnel_ids])

    def modify_through_connection():
        body = ok(
            c.modify_vpn_connection_attribute(
                m.ModifyVpnConnectionAttributeRequest(
                    region_id=region,
                    vpn_connection_id=dual,
                    enable_tunnels_bgp=False,
                    tunnel_options_specification=[
                        m.ModifyVpnConnectionAttributeRequestTunnelOptionsSpecification(
                            tunnel_id=tunnel_ids[0],
                            enable_dpd=False,
                            tunnel_ipsec_config=m.ModifyVpnConnectionAttributeRequestTunnelOptionsSpecificationTunnelIpsecConfig(
                                ipsec_lifetime=7200
                            ),
                        )
                    ],
                )
            )
        )
        expect_eq(body.enable_tunnels_bgp, False, "EnableTunnelsBgp in the response")
        first, second = tunnels_of(describe_dual())
        expect_eq(first.enable_dpd, False, "EnableDpd after modify")
        expect_eq(str(first.tunnel_ipsec_config.ipsec_lifetime), "7200", "IpsecLifetime after modify")
        expect_eq(second.enable_dpd, True, "the other tunnel is untouched")
        expect_eq(first.tunnel_bgp_config.bgp_status, "false", "BGP off")

    r.step(
        "ModifyVpnConnectionAttribute (TunnelOptionsSpecification, EnableTunnelsBgp)",
        lambda: retry_configuring(modify_through_connection),
        needs=[tunnel_ids],
    )

    r.step(
        "error: ModifyTunnelAttribute unknown tunnel -> InvalidTunnelId.NotFound",
        lambda: expect_error(
            lambda: c.modify_tunnel_attribute(
                m.ModifyTunnelAttributeRequest(
                    region_id=region,
                    vpn_connection_id=dual,
                    tunnel_id="tun-doesnotexist00000000",
                    tunnel_options_specification=m.ModifyTunnelAttributeRequestTunnelOptionsSpecification(enable_dpd=True),
                )
            ),
            "InvalidTunnelId.NotFound",
            404,
        ),
        needs=[dual],
    )

    def single_with_bgp():
        cg = ok(
            c.create_customer_gateway(
                m.CreateCustomerGatewayRequest(
                    region_id=region, ip_address="198.51.100.73", asn="65073", auth_key="tea-md5-single"
                )
            )
        ).customer_gateway_id
        vco = ok(
            c.create_vpn_connection(
                m.CreateVpnConnectionRequest(
                    region_id=region,
                    vpn_gateway_id=single_gw,
                    customer_gateway_id=cg,
                    local_subnet="10.72.0.0/16",
                    remote_subnet="192.168.72.0/24",
                    enable_dpd=False,
                    enable_nat_traversal=True,
                    bgp_config=json.dumps(
                        {"EnableBgp": "true", "LocalAsn": "65074", "TunnelCidr": "169.254.72.0/30", "LocalBgpIp": "169.254.72.1"}
                    ),
                )
            )
        ).vpn_connection_id
        body = ok(c.describe_vpn_connection(m.DescribeVpnConnectionRequest(region_id=region, vpn_connection_id=vco)))
        bgp = body.vpn_bgp_config
        expect(bgp is not None, "VpnBgpConfig decoded")
        expect_eq(bgp.enable_bgp, "true", "VpnBgpConfig.EnableBgp")
        expect_eq(str(bgp.local_asn), "65074", "VpnBgpConfig.LocalAsn")
        expect_eq(str(bgp.peer_asn), "65073", "VpnBgpConfig.PeerAsn")
        expect_eq(bgp.peer_bgp_ip, "169.254.72.2", "VpnBgpConfig.PeerBgpIp")
        expect_eq(bgp.auth_key, "tea-md5-single", "VpnBgpConfig.AuthKey")
        expect_eq(body.enable_dpd, False, "EnableDpd")
        ok(c.delete_vpn_connection(m.DeleteVpnConnectionRequest(region_id=region, vpn_connection_id=vco)))
        ok(c.delete_customer_gateway(m.DeleteCustomerGatewayRequest(region_id=region, customer_gateway_id=cg)))

    r.step(
        "CreateVpnConnection single-tunnel (BgpConfig, EnableDpd, EnableNatTraversal)",
        lambda: retry_configuring(single_with_bgp),
        needs=[single_active],
    )

    r.step(
        "error: single-tunnel CreateVpnConnection without CustomerGatewayId -> MissingParameter",
        lambda: retry_configuring(
            lambda: expect_error(
                lambda: c.create_vpn_connection(
                    m.CreateVpnConnectionRequest(
                        region_id=region,
                        vpn_gateway_id=single_gw,
                        local_subnet="10.73.0.0/16",
                        remote_subnet="192.168.73.0/24",
                    )
                ),
                "MissingParameter",
                400,
            )
        ),
        needs=[single_active],
    )

    def delete_dual():
        retry_configuring(
            lambda: ok(c.delete_vpn_connection(m.DeleteVpnConnectionRequest(region_id=region, vpn_connection_id=dual)))
        )
        for cg in cgws:
            ok(c.delete_customer_gateway(m.DeleteCustomerGatewayRequest(region_id=region, customer_gateway_id=cg)))
        retry_configuring(
            lambda: ok(c.delete_vpn_gateway(m.DeleteVpnGatewayRequest(region_id=region, vpn_gateway_id=dual_gw)))
        )

    r.step("Delete the dual-tunnel connection, its customer gateways and gateway", delete_dual, needs=[dual, cgws])


if __name__ == "__main__":
    sys.exit(main())
