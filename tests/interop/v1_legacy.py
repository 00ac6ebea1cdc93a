"""Drives the emulator with the unmodified legacy Python SDK (V1 signatures, HMAC-SHA1).

aliyun-python-sdk-core's AcsClient plus the aliyun-python-sdk-vpc request classes, pointed
at the emulator with the SDK's own public knobs only: `AcsClient(port=...)` and
`AcsClient.add_endpoint(region, 'Vpc', host)` (requests default to plain http).

Covers every group (VPN gateway, customer gateway, IPsec-VPN, VPN route, SSL-VPN) with a
create / describe / modify / delete round trip and one documented error path each,
asserting the error code through ServerException.get_error_code(). Today's parameters
too: a gateway with two vSwitches, customer gateways with Asn and AuthKey, a dual-tunnel
connection (TunnelOptionsSpecification with nested IKE, IPsec and BGP settings,
EnableTunnelsBgp) changed with ModifyVpnConnectionAttribute and ModifyTunnelAttribute, and
a single-tunnel connection with BgpConfig, EnableDpd and EnableNatTraversal.

Usage: v1_legacy.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import logging
import sys
import uuid

from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkvpc.request.v20160428 import (
    CreateCustomerGatewayRequest,
    CreateSslVpnClientCertRequest,
    CreateSslVpnServerRequest,
    CreateVpnConnectionRequest,
    CreateVpnGatewayRequest,
    CreateVpnRouteEntryRequest,
    DeleteCustomerGatewayRequest,
    DeleteSslVpnClientCertRequest,
    DeleteSslVpnServerRequest,
    DeleteVpnConnectionRequest,
    DeleteVpnGatewayRequest,
    DeleteVpnRouteEntryRequest,
    DescribeCustomerGatewayRequest,
    DescribeCustomerGatewaysRequest,
    DescribeSslVpnClientCertsRequest,
    DescribeSslVpnServersRequest,
    DescribeVpnConnectionRequest,
    DescribeVpnConnectionsRequest,
    DescribeVpnGatewayRequest,
    DescribeVpnGatewaysRequest,
    DescribeVpnRouteEntriesRequest,
    DownloadVpnConnectionConfigRequest,
    ModifyCustomerGatewayAttributeRequest,
    ModifySslVpnClientCertRequest,
    ModifySslVpnServerRequest,
    ModifyVpnConnectionAttributeRequest,
    ModifyVpnGatewayAttributeRequest,
    ModifyTunnelAttributeRequest,
    ModifyVpnRouteEntryWeightRequest,
)

from harness import Runner, expect, expect_eq, parse_args, poll
from legacy_support import make_client, call, expect_error, retry_configuring, items

NAME = "v1_legacy"
VPC_ID = "vpc-interopv1legacy0001"
PREPAID_VPC_ID = "vpc-interopv1prepaid0001"
DUAL_VPC_ID = "vpc-interopv1dual000001"

def main() -> int:
    args = parse_args(__doc__)
    # aliyunsdkcore logs every ServerException at ERROR on its own loggers, which would
    # otherwise reach stderr through logging's last-resort handler; the steps report them.
    logging.getLogger("aliyunsdkcore").addHandler(logging.NullHandler())
    c = make_client(args)
    r = Runner(NAME)

    # ---------------------------------------------------------------- VPN gateway
    def create_gateway():
        req = CreateVpnGatewayRequest.CreateVpnGatewayRequest()
        req.set_VpcId(VPC_ID)
        req.set_Bandwidth(10)
        req.set_EnableIpsec(True)
        req.set_EnableSsl(True)
        req.set_SslConnections(5)
        req.set_Name("interop-v1-gw")
        data = call(c, req)
        gw = data.get("VpnGatewayId")
        expect(isinstance(gw, str) and gw.startswith("vpn-"), f"VpnGatewayId: {data!r}")
        return gw

    gw = r.step("CreateVpnGateway", create_gateway)

    def describe_gateway(gw_id):
        req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
        req.set_VpnGatewayId(gw_id)
        return call(c, req)

    def wait_active():
        data = poll(
            lambda: describe_gateway(gw),
            until=lambda d: d.get("Status") == "active",
            timeout_s=60,
            what="VPN gateway active",
        )
        expect_eq(data.get("VpnGatewayId"), gw, "VpnGatewayId")
        expect_eq(data.get("VpcId"), VPC_ID, "VpcId")
        expect_eq(data.get("Name"), "interop-v1-gw", "Name")
        return data

    active = r.step("DescribeVpnGateway (poll until active)", wait_active, needs=[gw])

    def modify_gateway():
        req = ModifyVpnGatewayAttributeRequest.ModifyVpnGatewayAttributeRequest()
        req.set_VpnGatewayId(gw)
        req.set_Name("interop-v1-gw-renamed")
        req.set_Description("renamed by the legacy SDK")
        call(c, req)
        data = describe_gateway(gw)
        expect_eq(data.get("Name"), "interop-v1-gw-renamed", "Name after modify")
        expect_eq(data.get("Description"), "renamed by the legacy SDK", "Description after modify")

    r.step("ModifyVpnGatewayAttribute", lambda: retry_configuring(modify_gateway), needs=[active])

    def list_gateways():
        req = DescribeVpnGatewaysRequest.DescribeVpnGatewaysRequest()
        req.set_VpcId(VPC_ID)
        req.set_PageNumber(1)
        req.set_PageSize(10)
        data = call(c, req)
        ids = [g.get("VpnGatewayId") for g in items(data, "VpnGateways", "VpnGateway")]
        expect(gw in ids, f"{gw} listed: {ids}")
        expect(int(data.get("TotalCount", -1)) >= 1, f"TotalCount: {data!r}")

    r.step("DescribeVpnGateways", list_gateways, needs=[gw])

    def gateway_not_found():
        req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
        req.set_VpnGatewayId("vpn-doesnotexist000000000")
        expect_error(c, req, "InvalidVpnGatewayInstanceId.NotFound", 404)

    r.step("error: DescribeVpnGateway unknown id -> InvalidVpnGatewayInstanceId.NotFound", gateway_not_found)

    def prepaid_not_released():
        # A subscription gateway cannot be released within its period (documented
        # ForbiddenRelease); it lives in its own VPC so the listings above stay exact.
        req = CreateVpnGatewayRequest.CreateVpnGatewayRequest()
        req.set_VpcId(PREPAID_VPC_ID)
        req.set_Bandwidth(5)
        req.set_InstanceChargeType("PREPAY")
        req.set_Period(1)
        req.set_AutoPay(True)
        prepaid = call(c, req).get("VpnGatewayId")
        poll(lambda: describe_gateway(prepaid), until=lambda d: d.get("Status") == "active", what="prepaid active")
        dreq = DeleteVpnGatewayRequest.DeleteVpnGatewayRequest()
        dreq.set_VpnGatewayId(prepaid)
        expect_error(c, dreq, "ForbiddenRelease", 403)

    r.step("error: DeleteVpnGateway on a PREPAY gateway -> ForbiddenRelease", prepaid_not_released)

    # ------------------------------------------------------------ customer gateway
    cgw_token = str(uuid.uuid4())

    def create_cgw():
        req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
        req.set_IpAddress("203.0.113.10")
        req.set_Name("interop-v1-cgw")
        req.set_Description("on-premises end for the legacy SDK")
        req.set_ClientToken(cgw_token)
        data = call(c, req)
        cg = data.get("CustomerGatewayId")
        expect(isinstance(cg, str) and cg.startswith("cgw-"), f"CustomerGatewayId: {data!r}")
        expect_eq(data.get("IpAddress"), "203.0.113.10", "IpAddress")
        return cg

    cgw = r.step("CreateCustomerGateway", create_cgw)

    def create_cgw_again():
        # Same ClientToken, same parameters: the service must answer with the same gateway.
        again = create_cgw()
        expect_eq(again, cgw, "idempotent retry returns the same CustomerGatewayId")

    r.step("CreateCustomerGateway (same ClientToken is idempotent)", create_cgw_again, needs=[cgw])

    def describe_cgw():
        req = DescribeCustomerGatewayRequest.DescribeCustomerGatewayRequest()
        req.set_CustomerGatewayId(cgw)
        data = call(c, req)
        expect_eq(data.get("CustomerGatewayId"), cgw, "CustomerGatewayId")
        expect_eq(data.get("IpAddress"), "203.0.113.10", "IpAddress")
        expect_eq(data.get("Name"), "interop-v1-cgw", "Name")

    r.step("DescribeCustomerGateway", describe_cgw, needs=[cgw])

    def modify_cgw():
        req = ModifyCustomerGatewayAttributeRequest.ModifyCustomerGatewayAttributeRequest()
        req.set_CustomerGatewayId(cgw)
        req.set_Name("interop-v1-cgw-renamed")
        data = call(c, req)
        expect_eq(data.get("Name"), "interop-v1-cgw-renamed", "Name in the response")

    r.step("ModifyCustomerGatewayAttribute", modify_cgw, needs=[cgw])

    def list_cgws():
        req = DescribeCustomerGatewaysRequest.DescribeCustomerGatewaysRequest()
        req.set_PageSize(50)
        data = call(c, req)
        found = [g for g in items(data, "CustomerGateways", "CustomerGateway") if g.get("CustomerGatewayId") == cgw]
        expect(len(found) == 1, f"{cgw} listed once: {data!r}")
        expect_eq(found[0].get("Name"), "interop-v1-cgw-renamed", "listed Name")

    r.step("DescribeCustomerGateways", list_cgws, needs=[cgw])

    def cgw_bad_ip():
        req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
        req.set_IpAddress("300.1.2.3")
        expect_error(c, req, "InvalidIpAddress.WrongFormat", 400)

    r.step("error: CreateCustomerGateway malformed IP -> InvalidIpAddress.WrongFormat", cgw_bad_ip)

    # ------------------------------------------------------------------ IPsec-VPN
    ike = {
        "IkeVersion": "ikev2",
        "IkeMode": "main",
        "IkeEncAlg": "aes256",
        "IkeAuthAlg": "sha1",
        "IkePfs": "group14",
        "IkeLifetime": 28800,
        "Psk": "interop psk/with+odd*chars~",
    }
    ipsec = {"IpsecEncAlg": "aes256", "IpsecAuthAlg": "sha1", "IpsecPfs": "group14", "IpsecLifetime": 3600}

    def create_connection():
        req = CreateVpnConnectionRequest.CreateVpnConnectionRequest()
        req.set_VpnGatewayId(gw)
        req.set_CustomerGatewayId(cgw)
        req.set_LocalSubnet("10.0.0.0/24,10.0.1.0/24")
        req.set_RemoteSubnet("192.168.0.0/24")
        req.set_EffectImmediately(False)
        req.set_IkeConfig(json.dumps(ike))
        req.set_IpsecConfig(json.dumps(ipsec))
        req.set_Name("interop-v1-vco")
        data = call(c, req)
        vco = data.get("VpnConnectionId")
        expect(isinstance(vco, str) and vco.startswith("vco-"), f"VpnConnectionId: {data!r}")
        return vco

    vco = r.step(
        "CreateVpnConnection (IkeConfig/IpsecConfig as JSON strings)",
        lambda: retry_configuring(create_connection),
        needs=[active, cgw],
    )

    def describe_connection():
        req = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        req.set_VpnConnectionId(vco)
        data = call(c, req)
        expect_eq(data.get("VpnConnectionId"), vco, "VpnConnectionId")
        expect_eq(data.get("VpnGatewayId"), gw, "VpnGatewayId")
        expect_eq(data.get("CustomerGatewayId"), cgw, "CustomerGatewayId")
        expect_eq(data.get("LocalSubnet"), "10.0.0.0/24,10.0.1.0/24", "LocalSubnet")
        got_ike = data.get("IkeConfig")
        expect(isinstance(got_ike, dict), f"IkeConfig is a nested object: {data!r}")
        for k in ("IkeVersion", "IkeEncAlg", "IkeAuthAlg", "IkePfs", "Psk"):
            expect_eq(got_ike.get(k), ike[k], f"IkeConfig.{k}")
        expect_eq(int(got_ike.get("IkeLifetime")), ike["IkeLifetime"], "IkeConfig.IkeLifetime")
        got_ipsec = data.get("IpsecConfig")
        expect(isinstance(got_ipsec, dict), f"IpsecConfig is a nested object: {data!r}")
        expect_eq(got_ipsec.get("IpsecPfs"), "group14", "IpsecConfig.IpsecPfs")

    r.step("DescribeVpnConnection (IkeConfig round trip)", describe_connection, needs=[vco])

    def modify_connection():
        req = ModifyVpnConnectionAttributeRequest.ModifyVpnConnectionAttributeRequest()
        req.set_VpnConnectionId(vco)
        req.set_Name("interop-v1-vco-renamed")
        req.set_RemoteSubnet("192.168.0.0/24,192.168.1.0/24")
        data = call(c, req)
        expect_eq(data.get("Name"), "interop-v1-vco-renamed", "Name in the response")
        expect_eq(data.get("RemoteSubnet"), "192.168.0.0/24,192.168.1.0/24", "RemoteSubnet in the response")

    r.step("ModifyVpnConnectionAttribute", lambda: retry_configuring(modify_connection), needs=[vco])

    def list_connections():
        req = DescribeVpnConnectionsRequest.DescribeVpnConnectionsRequest()
        req.set_VpnGatewayId(gw)
        data = call(c, req)
        ids = [v.get("VpnConnectionId") for v in items(data, "VpnConnections", "VpnConnection")]
        expect_eq(ids, [vco], "connections of the gateway")

    r.step("DescribeVpnConnections", list_connections, needs=[vco])

    def download_config():
        req = DownloadVpnConnectionConfigRequest.DownloadVpnConnectionConfigRequest()
        req.set_VpnConnectionId(vco)
        data = call(c, req)
        cfg = data.get("VpnConnectionConfig")
        expect(isinstance(cfg, dict), f"VpnConnectionConfig is an object: {data!r}")
        # Which side the config calls "local" is the emulator's business; both must be there.
        expect_eq(
            {cfg.get("LocalSubnet"), cfg.get("RemoteSubnet")},
            {"10.0.0.0/24,10.0.1.0/24", "192.168.0.0/24,192.168.1.0/24"},
            "the config's subnets",
        )
        cfg_ike = cfg.get("IkeConfig")
        expect(isinstance(cfg_ike, dict), f"VpnConnectionConfig.IkeConfig is an object: {data!r}")
        expect_eq(cfg_ike.get("Psk"), ike["Psk"], "VpnConnectionConfig.IkeConfig.Psk")

    r.step("DownloadVpnConnectionConfig", download_config, needs=[vco])

    def connection_not_found():
        req = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        req.set_VpnConnectionId("vco-doesnotexist000000000")
        expect_error(c, req, "InvalidVpnConnectionInstanceId.NotFound", 404)

    r.step(
        "error: DescribeVpnConnection unknown id -> InvalidVpnConnectionInstanceId.NotFound",
        connection_not_found,
    )

    # ------------------------------------------------------------------ VPN route
    route = {"RouteDest": "10.10.0.0/24", "NextHop": vco, "Weight": 100}

    def create_route():
        req = CreateVpnRouteEntryRequest.CreateVpnRouteEntryRequest()
        req.set_VpnGatewayId(gw)
        req.set_RouteDest(route["RouteDest"])
        req.set_NextHop(vco)
        req.set_Weight(100)
        req.set_PublishVpc(False)
        req.set_OverlayMode("Ipsec")
        data = call(c, req)
        expect_eq(data.get("RouteDest"), "10.10.0.0/24", "RouteDest")
        expect_eq(data.get("NextHop"), vco, "NextHop")
        expect_eq(int(data.get("Weight")), 100, "Weight")
        return True

    routed = r.step("CreateVpnRouteEntry", lambda: retry_configuring(create_route), needs=[vco])

    def list_routes(expect_weight):
        req = DescribeVpnRouteEntriesRequest.DescribeVpnRouteEntriesRequest()
        req.set_VpnGatewayId(gw)
        data = call(c, req)
        found = [
            e
            for e in items(data, "VpnRouteEntries", "VpnRouteEntry")
            if e.get("RouteDest") == "10.10.0.0/24" and e.get("NextHop") == vco
        ]
        expect(len(found) == 1, f"route listed once: {data!r}")
        expect_eq(int(found[0].get("Weight")), expect_weight, "listed Weight")

    r.step("DescribeVpnRouteEntries", lambda: list_routes(100), needs=[routed])

    def modify_route_weight():
        req = ModifyVpnRouteEntryWeightRequest.ModifyVpnRouteEntryWeightRequest()
        req.set_VpnGatewayId(gw)
        req.set_RouteDest("10.10.0.0/24")
        req.set_NextHop(vco)
        req.set_Weight(100)
        req.set_NewWeight(0)
        call(c, req)
        list_routes(0)

    reweighted = r.step(
        "ModifyVpnRouteEntryWeight (100 -> 0)", lambda: retry_configuring(modify_route_weight), needs=[routed]
    )

    def route_bad_weight():
        req = CreateVpnRouteEntryRequest.CreateVpnRouteEntryRequest()
        req.set_VpnGatewayId(gw)
        req.set_RouteDest("10.20.0.0/24")
        req.set_NextHop(vco)
        req.set_Weight(50)
        req.set_PublishVpc(False)
        expect_error(c, req, "InvalidParameter", 400)

    r.step("error: CreateVpnRouteEntry Weight=50 -> InvalidParameter", route_bad_weight, needs=[vco])

    # -------------------------------------------------------------------- SSL-VPN
    def create_ssl_server():
        req = CreateSslVpnServerRequest.CreateSslVpnServerRequest()
        req.set_VpnGatewayId(gw)
        req.set_ClientIpPool("192.168.100.0/24")
        req.set_LocalSubnet("10.0.0.0/8")
        req.set_Proto("UDP")
        req.set_Port(1194)
        req.set_Cipher("AES-128-CBC")
        req.set_Compress(False)
        req.set_Name("interop-v1-ssl")
        data = call(c, req)
        vss = data.get("SslVpnServerId")
        expect(isinstance(vss, str) and vss.startswith("vss-"), f"SslVpnServerId: {data!r}")
        return vss

    vss = r.step("CreateSslVpnServer", lambda: retry_configuring(create_ssl_server), needs=[active])

    def modify_ssl_server():
        req = ModifySslVpnServerRequest.ModifySslVpnServerRequest()
        req.set_SslVpnServerId(vss)
        req.set_Port(1195)
        req.set_Proto("TCP")
        data = call(c, req)
        expect_eq(int(data.get("Port")), 1195, "Port in the response")
        expect_eq(data.get("Proto"), "TCP", "Proto in the response")

    r.step("ModifySslVpnServer", lambda: retry_configuring(modify_ssl_server), needs=[vss])

    def list_ssl_servers():
        req = DescribeSslVpnServersRequest.DescribeSslVpnServersRequest()
        req.set_VpnGatewayId(gw)
        data = call(c, req)
        found = [s for s in items(data, "SslVpnServers", "SslVpnServer") if s.get("SslVpnServerId") == vss]
        expect(len(found) == 1, f"{vss} listed once: {data!r}")
        expect_eq(found[0].get("ClientIpPool"), "192.168.100.0/24", "ClientIpPool")
        expect_eq(int(found[0].get("Port")), 1195, "Port")

    r.step("DescribeSslVpnServers", list_ssl_servers, needs=[vss])

    def create_cert():
        req = CreateSslVpnClientCertRequest.CreateSslVpnClientCertRequest()
        req.set_SslVpnServerId(vss)
        req.set_Name("interop-v1-cert")
        data = call(c, req)
        vsc = data.get("SslVpnClientCertId")
        expect(isinstance(vsc, str) and vsc.startswith("vsc-"), f"SslVpnClientCertId: {data!r}")
        return vsc

    vsc = r.step("CreateSslVpnClientCert", lambda: retry_configuring(create_cert), needs=[vss])

    def modify_cert():
        req = ModifySslVpnClientCertRequest.ModifySslVpnClientCertRequest()
        req.set_SslVpnClientCertId(vsc)
        req.set_Name("interop-v1-cert-renamed")
        call(c, req)

    r.step("ModifySslVpnClientCert", modify_cert, needs=[vsc])

    def list_certs():
        req = DescribeSslVpnClientCertsRequest.DescribeSslVpnClientCertsRequest()
        req.set_SslVpnServerId(vss)
        data = call(c, req)
        found = [
            k for k in items(data, "SslVpnClientCertKeys", "SslVpnClientCertKey") if k.get("SslVpnClientCertId") == vsc
        ]
        expect(len(found) == 1, f"{vsc} listed once: {data!r}")
        expect_eq(found[0].get("Name"), "interop-v1-cert-renamed", "listed Name")

    r.step("DescribeSslVpnClientCerts", list_certs, needs=[vsc])

    def ssl_reserved_port():
        req = CreateSslVpnServerRequest.CreateSslVpnServerRequest()
        req.set_VpnGatewayId(gw)
        req.set_ClientIpPool("192.168.200.0/24")
        req.set_LocalSubnet("10.0.0.0/8")
        req.set_Port(22)
        expect_error(c, req, "InvalidParameter", 400)

    r.step("error: CreateSslVpnServer reserved Port=22 -> InvalidParameter", ssl_reserved_port, needs=[active])

    # --------------------------------------------- dual-tunnel IPsec-VPN and BGP
    dual_tunnel_steps(r, c, gw, active)

    # ---------------------------------------------------------------- signatures
    def wrong_secret():
        bad = make_client(args, secret=args.access_key_secret + "-wrong")
        req = DescribeVpnGatewaysRequest.DescribeVpnGatewaysRequest()
        # With a `server string to sign is:<s>` message equal to the client's own string to
        # sign, aliyunsdkcore rewrites SignatureDoesNotMatch into InvalidAccessKeySecret.
        try:
            bad.do_action_with_exception(req)
        except ServerException as exc:
            expect(
                exc.get_error_code() in ("SignatureDoesNotMatch", "InvalidAccessKeySecret"),
                f"error code: {exc.get_error_code()!r} ({exc.get_error_msg()!r})",
            )
            expect_eq(exc.get_http_status(), 400, "HTTP status")
            return
        raise AssertionError("a wrong secret was accepted")

    r.step("error: wrong AccessKeySecret -> SignatureDoesNotMatch", wrong_secret)

    def unknown_key():
        bad = make_client(args, ak="unknown-access-key-id")
        req = DescribeVpnGatewaysRequest.DescribeVpnGatewaysRequest()
        expect_error(bad, req, "InvalidAccessKeyId.NotFound", 404)

    r.step("error: unknown AccessKeyId -> InvalidAccessKeyId.NotFound", unknown_key)

    # -------------------------------------------------------------------- deletes
    def delete_cert():
        req = DeleteSslVpnClientCertRequest.DeleteSslVpnClientCertRequest()
        req.set_SslVpnClientCertId(vsc)
        call(c, req)

    r.step("DeleteSslVpnClientCert", lambda: retry_configuring(delete_cert), needs=[vsc])

    def delete_ssl_server():
        req = DeleteSslVpnServerRequest.DeleteSslVpnServerRequest()
        req.set_SslVpnServerId(vss)
        call(c, req)
        lreq = DescribeSslVpnServersRequest.DescribeSslVpnServersRequest()
        lreq.set_VpnGatewayId(gw)
        left = items(call(c, lreq), "SslVpnServers", "SslVpnServer")
        expect_eq([s.get("SslVpnServerId") for s in left], [], "SSL-VPN servers left")

    r.step("DeleteSslVpnServer", lambda: retry_configuring(delete_ssl_server), needs=[vss])

    def delete_route():
        req = DeleteVpnRouteEntryRequest.DeleteVpnRouteEntryRequest()
        req.set_VpnGatewayId(gw)
        req.set_RouteDest("10.10.0.0/24")
        req.set_NextHop(vco)
        req.set_Weight(0 if reweighted else 100)
        call(c, req)

    r.step("DeleteVpnRouteEntry", lambda: retry_configuring(delete_route), needs=[routed])

    def delete_connection():
        req = DeleteVpnConnectionRequest.DeleteVpnConnectionRequest()
        req.set_VpnConnectionId(vco)
        call(c, req)
        dreq = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        dreq.set_VpnConnectionId(vco)
        expect_error(c, dreq, "InvalidVpnConnectionInstanceId.NotFound")

    r.step("DeleteVpnConnection", lambda: retry_configuring(delete_connection), needs=[vco])

    def delete_cgw():
        req = DeleteCustomerGatewayRequest.DeleteCustomerGatewayRequest()
        req.set_CustomerGatewayId(cgw)
        call(c, req)

    r.step("DeleteCustomerGateway", delete_cgw, needs=[cgw])

    def delete_gateway():
        req = DeleteVpnGatewayRequest.DeleteVpnGatewayRequest()
        req.set_VpnGatewayId(gw)
        retry_configuring(lambda: call(c, req))

        def gone():
            try:
                describe_gateway(gw)
                return False
            except ServerException as exc:
                if exc.get_error_code() == "InvalidVpnGatewayInstanceId.NotFound":
                    return True
                raise

        poll(gone, until=bool, timeout_s=60, what="VPN gateway deleted")

    r.step("DeleteVpnGateway (poll until gone)", delete_gateway, needs=[gw])

    return r.finish()


def dual_tunnel_steps(r: Runner, c: AcsClient, single_gw, single_active) -> None:
    """Today's parameters: a gateway with VSwitchId and DisasterRecoveryVSwitchId, customer
    gateways with Asn and AuthKey, a dual-tunnel connection with BGP on both tunnels
    (TunnelOptionsSpecification.N.Tunnel{Ike,Ipsec,Bgp}Config.*, EnableTunnelsBgp), changed
    through ModifyVpnConnectionAttribute and ModifyTunnelAttribute; a single-tunnel
    connection with BgpConfig; the documented errors. Everything is deleted at the end."""

    def create_dual_gateway():
        req = CreateVpnGatewayRequest.CreateVpnGatewayRequest()
        req.set_VpcId(DUAL_VPC_ID)
        req.set_Bandwidth(10)
        req.set_VSwitchId("vsw-interopv1zonea00001")
        req.set_DisasterRecoveryVSwitchId("vsw-interopv1zoneb00001")
        req.set_Name("interop-v1-dual-gw")
        gw = call(c, req).get("VpnGatewayId")
        expect(isinstance(gw, str) and gw.startswith("vpn-"), f"VpnGatewayId: {gw!r}")
        req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
        req.set_VpnGatewayId(gw)
        data = poll(lambda: call(c, req), until=lambda d: d.get("Status") == "active", what="dual gateway active")
        expect_eq(data.get("VSwitchId"), "vsw-interopv1zonea00001", "VSwitchId")
        expect_eq(data.get("DisasterRecoveryVSwitchId"), "vsw-interopv1zoneb00001", "DisasterRecoveryVSwitchId")
        expect(bool(data.get("DisasterRecoveryInternetIp")), f"a second public address: {data!r}")
        return gw

    dual_gw = r.step("CreateVpnGateway (VSwitchId + DisasterRecoveryVSwitchId)", create_dual_gateway)

    peers = [("198.51.100.61", "65061"), ("198.51.100.62", "65062")]

    def create_peers():
        ids = []
        for ip, asn in peers:
            req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
            req.set_IpAddress(ip)
            req.set_Asn(asn)
            req.set_AuthKey("interop-md5-key")
            data = call(c, req)
            cg = data.get("CustomerGatewayId")
            expect(isinstance(cg, str) and cg.startswith("cgw-"), f"CustomerGatewayId: {data!r}")
            dreq = DescribeCustomerGatewayRequest.DescribeCustomerGatewayRequest()
            dreq.set_CustomerGatewayId(cg)
            described = call(c, dreq)
            expect_eq(str(described.get("Asn")), asn, "Asn")
            expect_eq(described.get("AuthKey"), "interop-md5-key", "AuthKey")
            ids.append(cg)
        return ids

    cgws = r.step("CreateCustomerGateway (Asn, AuthKey) x2", create_peers)

    def tunnel(i, cgw, role):
        return {
            "CustomerGatewayId": cgw,
            "Role": role,
            "EnableDpd": True,
            "EnableNatTraversal": True,
            "TunnelIkeConfig": {
                "IkeVersion": "ikev2",
                "IkeMode": "main",
                "IkeEncAlg": "aes256",
                "IkeAuthAlg": "sha256",
                "IkePfs": "group14",
                "IkeLifetime": 86400,
                "Psk": f"interop-tunnel-{i}-psk",
            },
            "TunnelIpsecConfig": {
                "IpsecEncAlg": "aes256",
                "IpsecAuthAlg": "sha256",
                "IpsecPfs": "group14",
                "IpsecLifetime": 3600,
            },
            "TunnelBgpConfig": {
                "LocalAsn": 65060,
                "TunnelCidr": f"169.254.6{i}.0/30",
                "LocalBgpIp": f"169.254.6{i}.1",
            },
        }

    def create_dual():
        req = CreateVpnConnectionRequest.CreateVpnConnectionRequest()
        req.set_VpnGatewayId(dual_gw)
        req.set_LocalSubnet("10.60.0.0/16")
        req.set_RemoteSubnet("192.168.60.0/24")
        req.set_Name("interop-v1-dual")
        req.set_EnableTunnelsBgp(True)
        req.set_TunnelOptionsSpecification([tunnel(1, cgws[0], "master"), tunnel(2, cgws[1], "slave")])
        vco = call(c, req).get("VpnConnectionId")
        expect(isinstance(vco, str) and vco.startswith("vco-"), f"VpnConnectionId: {vco!r}")
        return vco

    dual = r.step(
        "CreateVpnConnection (TunnelOptionsSpecification x2, EnableTunnelsBgp)",
        lambda: retry_configuring(create_dual),
        needs=[dual_gw, cgws],
    )

    def describe_dual():
        req = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        req.set_VpnConnectionId(dual)
        return call(c, req)

    def tunnels_of(data):
        return sorted(items(data, "TunnelOptionsSpecification", "TunnelOptions"), key=lambda t: t.get("TunnelIndex"))

    def wait_dual_up():
        data = poll(
            describe_dual,
            until=lambda d: all(
                t.get("Status") == "ipsec_sa_established" and (t.get("TunnelBgpConfig") or {}).get("BgpStatus") == "success"
                for t in tunnels_of(d)
            ),
            what="both tunnels and BGP sessions up",
        )
        expect_eq(data.get("EnableTunnelsBgp"), True, "EnableTunnelsBgp")
        tunnels = tunnels_of(data)
        expect_eq(len(tunnels), 2, "tunnels")
        ids = []
        for i, (t, cgw, role, (_, asn)) in enumerate(zip(tunnels, cgws, ["master", "slave"], peers), start=1):
            expect_eq(t.get("CustomerGatewayId"), cgw, f"tunnel {i} CustomerGatewayId")
            expect_eq(t.get("Role"), role, f"tunnel {i} Role")
            expect_eq(t.get("TunnelIkeConfig", {}).get("Psk"), f"interop-tunnel-{i}-psk", f"tunnel {i} Psk")
            expect_eq(t.get("TunnelIkeConfig", {}).get("IkeAuthAlg"), "sha256", f"tunnel {i} IkeAuthAlg")
            expect_eq(t.get("TunnelIpsecConfig", {}).get("IpsecLifetime"), 3600, f"tunnel {i} IpsecLifetime")
            bgp = t.get("TunnelBgpConfig", {})
            expect_eq(bgp.get("LocalAsn"), 65060, f"tunnel {i} LocalAsn")
            expect_eq(str(bgp.get("PeerAsn")), asn, f"tunnel {i} PeerAsn (the customer gateway's Asn)")
            expect_eq(bgp.get("PeerBgpIp"), f"169.254.6{i}.2", f"tunnel {i} PeerBgpIp")
            expect(str(t.get("TunnelId", "")).startswith("tun-"), f"tunnel {i} TunnelId: {t!r}")
            ids.append(t["TunnelId"])
        return ids

    tunnel_ids = r.step("DescribeVpnConnection (poll until both tunnels and BGP are up)", wait_dual_up, needs=[dual])

    def modify_one_tunnel():
        req = ModifyTunnelAttributeRequest.ModifyTunnelAttributeRequest()
        req.set_VpnConnectionId(dual)
        req.set_TunnelId(tunnel_ids[1])
        req.set_ClientToken(str(uuid.uuid4()))
        req.set_TunnelOptionsSpecification(
            {
                "EnableDpd": False,
                "TunnelIkeConfig": {"IkeEncAlg": "aes192", "Psk": "interop-tunnel-2-new"},
                "TunnelBgpConfig": {"TunnelCidr": "169.254.69.0/30", "LocalBgpIp": "169.254.69.1"},
            }
        )
        data = call(c, req)
        expect_eq(data.get("TunnelId"), tunnel_ids[1], "TunnelId in the response")
        expect_eq(data.get("EnableDpd"), False, "EnableDpd in the response")
        expect_eq(data.get("TunnelIkeConfig", {}).get("IkeEncAlg"), "aes192", "IkeEncAlg in the response")
        expect_eq(data.get("TunnelIkeConfig", {}).get("IkeAuthAlg"), "sha256", "IkeAuthAlg kept")
        expect_eq(data.get("TunnelBgpConfig", {}).get("PeerBgpIp"), "169.254.69.2", "PeerBgpIp in the response")
        first, second = tunnels_of(describe_dual())
        expect_eq(first.get("EnableDpd"), True, "the other tunnel is untouched")
        expect_eq(second.get("TunnelIkeConfig", {}).get("Psk"), "interop-tunnel-2-new", "the new Psk")

    r.step("ModifyTunnelAttribute (one tunnel)", lambda: retry_configuring(modify_one_tunnel), needs=[tunnel_ids])

    def modify_through_connection():
        req = ModifyVpnConnectionAttributeRequest.ModifyVpnConnectionAttributeRequest()
        req.set_VpnConnectionId(dual)
        req.set_EnableTunnelsBgp(False)
        req.set_TunnelOptionsSpecification(
            [{"TunnelId": tunnel_ids[0], "TunnelIpsecConfig": {"IpsecPfs": "group5"}, "EnableNatTraversal": False}]
        )
        call(c, req)
        first, second = tunnels_of(describe_dual())
        expect_eq(first.get("TunnelIpsecConfig", {}).get("IpsecPfs"), "group5", "IpsecPfs after modify")
        expect_eq(first.get("EnableNatTraversal"), False, "EnableNatTraversal after modify")
        expect_eq(second.get("EnableNatTraversal"), True, "the other tunnel is untouched")
        expect_eq(first.get("TunnelBgpConfig", {}).get("BgpStatus"), "false", "BGP off")

    r.step(
        "ModifyVpnConnectionAttribute (TunnelOptionsSpecification, EnableTunnelsBgp)",
        lambda: retry_configuring(modify_through_connection),
        needs=[tunnel_ids],
    )

    def unknown_tunnel():
        req = ModifyTunnelAttributeRequest.ModifyTunnelAttributeRequest()
        req.set_VpnConnectionId(dual)
        req.set_TunnelId("tun-doesnotexist00000000")
        req.set_TunnelOptionsSpecification({"EnableDpd": True})
        expect_error(c, req, "InvalidTunnelId.NotFound", 404)

    r.step("error: ModifyTunnelAttribute unknown tunnel -> InvalidTunnelId.NotFound", unknown_tunnel, needs=[dual])

    def no_customer_gateway():
        req = CreateVpnConnectionRequest.CreateVpnConnectionRequest()
        req.set_VpnGatewayId(single_gw)
        req.set_LocalSubnet("10.61.0.0/16")
        req.set_RemoteSubnet("192.168.61.0/24")
        exc = expect_error(c, req, "MissingParameter", 400)
        expect("CustomerGatewayId" in exc.get_error_msg(), f"the message names it: {exc.get_error_msg()!r}")

    r.step(
        "error: single-tunnel CreateVpnConnection without CustomerGatewayId -> MissingParameter",
        lambda: retry_configuring(no_customer_gateway),
        needs=[single_active],
    )

    def single_with_bgp():
        req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
        req.set_IpAddress("198.51.100.63")
        req.set_Asn("65063")
        req.set_AuthKey("interop-md5-single")
        cg = call(c, req).get("CustomerGatewayId")
        req = CreateVpnConnectionRequest.CreateVpnConnectionRequest()
        req.set_VpnGatewayId(single_gw)
        req.set_CustomerGatewayId(cg)
        req.set_LocalSubnet("10.62.0.0/16")
        req.set_RemoteSubnet("192.168.62.0/24")
        req.set_EnableDpd(True)
        req.set_EnableNatTraversal(False)
        req.set_BgpConfig(
            json.dumps({"EnableBgp": "true", "LocalAsn": "65064", "TunnelCidr": "169.254.62.0/30", "LocalBgpIp": "169.254.62.1"})
        )
        vco = call(c, req).get("VpnConnectionId")
        dreq = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        dreq.set_VpnConnectionId(vco)
        data = call(c, dreq)
        bgp = data.get("VpnBgpConfig")
        expect(isinstance(bgp, dict), f"VpnBgpConfig is an object: {data!r}")
        expect_eq(bgp.get("EnableBgp"), "true", "VpnBgpConfig.EnableBgp")
        expect_eq(bgp.get("LocalAsn"), 65064, "VpnBgpConfig.LocalAsn")
        expect_eq(bgp.get("PeerAsn"), 65063, "VpnBgpConfig.PeerAsn")
        expect_eq(bgp.get("PeerBgpIp"), "169.254.62.2", "VpnBgpConfig.PeerBgpIp")
        expect_eq(data.get("EnableNatTraversal"), False, "EnableNatTraversal")
        dreq = DeleteVpnConnectionRequest.DeleteVpnConnectionRequest()
        dreq.set_VpnConnectionId(vco)
        call(c, dreq)
        creq = DeleteCustomerGatewayRequest.DeleteCustomerGatewayRequest()
        creq.set_CustomerGatewayId(cg)
        call(c, creq)

    r.step(
        "CreateVpnConnection single-tunnel (BgpConfig, EnableDpd, EnableNatTraversal)",
        lambda: retry_configuring(single_with_bgp),
        needs=[single_active],
    )

    def delete_dual():
        req = DeleteVpnConnectionRequest.DeleteVpnConnectionRequest()
        req.set_VpnConnectionId(dual)
        retry_configuring(lambda: call(c, req))
        for cg in cgws:
            creq = DeleteCustomerGatewayRequest.DeleteCustomerGatewayRequest()
            creq.set_CustomerGatewayId(cg)
            call(c, creq)
        greq = DeleteVpnGatewayRequest.DeleteVpnGatewayRequest()
        greq.set_VpnGatewayId(dual_gw)
        retry_configuring(lambda: call(c, greq))

    r.step("Delete the dual-tunnel connection, its customer gateways and gateway", delete_dual, needs=[dual, cgws])


if __name__ == "__main__":
    sys.exit(main())
