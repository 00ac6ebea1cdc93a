"""Today's request parameters with the unmodified legacy Python SDK (V1 signatures).

aliyun-python-sdk-core's AcsClient and the aliyun-python-sdk-vpc request classes, pointed
at the emulator with the SDK's own knobs only, send the members the 2019 reference did
not have:

* `ClientToken` on CreateVpnGateway: a repeat answers the same gateway, no second one;
* `ResourceGroupId`, `VSwitchId`, `DisasterRecoveryVSwitchId` kept and described;
* `Tags` on CreateCustomerGateway / CreateVpnConnection (`set_Tagss`) described back, and
  the `Tag` (`set_Tags`) and `ResourceGroupId` filters of the list calls;
* `DryRun=true` on creates and on a modify answered `DryRunOperation` (HTTP 400,
  `ServerException.get_error_code()`), nothing created or changed;
* `Format=XML` (`set_accept_format('XML')`): the `<Action>Response` document with its
  list wrappers.

Usage: v1_current.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import logging
import sys
import uuid
import warnings
import xml.etree.ElementTree as ET

from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkvpc.request.v20160428 import (
    CreateCustomerGatewayRequest,
    CreateSslVpnServerRequest,
    CreateVpnConnectionRequest,
    CreateVpnGatewayRequest,
    CreateVpnPbrRouteEntryRequest,
    CreateVpnRouteEntryRequest,
    DeleteCustomerGatewayRequest,
    DeleteSslVpnServerRequest,
    DeleteVpnConnectionRequest,
    DeleteVpnGatewayRequest,
    DescribeCustomerGatewayRequest,
    DescribeCustomerGatewaysRequest,
    DescribeSslVpnServersRequest,
    DescribeVpnConnectionsRequest,
    DescribeVpnGatewayRequest,
    DescribeVpnGatewaysRequest,
    DescribeVpnPbrRouteEntriesRequest,
    DescribeVpnRouteEntriesRequest,
    ModifySslVpnServerRequest,
)

from harness import Runner, expect, expect_eq, parse_args, poll
from legacy_support import make_client, call, expect_error, items

NAME = "v1_current"
VPC_ID = "vpc-interopv1current0001"
GROUP = "rg-interopv1current0001"
OTHER_GROUP = "rg-interopv1current0002"
VSWITCH = "vsw-interopv1current0001"
DR_VSWITCH = "vsw-interopv1current0002"
DRY_RUN = "DryRunOperation"

def as_sent(client: AcsClient, request) -> bytes:
    """The raw answer body in the request's own format: `do_action_with_exception`
    always asks for JSON, so XML goes through the core's older `do_action`, which keeps
    the request's `accept_format` and returns the body of errors too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return client.do_action(request)

def tags(data: dict, outer: str = "Tags") -> list[tuple[str, str]]:
    return [(t.get("Key"), t.get("Value")) for t in items(data, outer, "Tag")]


def main() -> int:
    # The core logs every error answer, the expected DryRunOperation ones included.
    logging.getLogger("aliyunsdkcore").setLevel(logging.CRITICAL)
    args = parse_args(__doc__)
    c = make_client(args)
    r = Runner(NAME)
    token = f"interop-v1-{uuid.uuid4()}"

    # ------------------------------------------- ClientToken, group and vSwitches
    def create_gateway():
        def request():
            req = CreateVpnGatewayRequest.CreateVpnGatewayRequest()
            req.set_VpcId(VPC_ID)
            req.set_Bandwidth(10)
            req.set_Name("interop-v1-current")
            req.set_ClientToken(token)
            req.set_ResourceGroupId(GROUP)
            req.set_VSwitchId(VSWITCH)
            req.set_DisasterRecoveryVSwitchId(DR_VSWITCH)
            return req

        first = call(c, request())
        again = call(c, request())
        expect_eq(again.get("VpnGatewayId"), first.get("VpnGatewayId"), "the repeat answers the same gateway")
        listed = DescribeVpnGatewaysRequest.DescribeVpnGatewaysRequest()
        listed.set_VpcId(VPC_ID)
        expect_eq(call(c, listed).get("TotalCount"), 1, "gateways in the VPC after the repeat")
        return first["VpnGatewayId"]

    gw = r.step("CreateVpnGateway twice with one ClientToken", create_gateway)

    def described_gateway():
        def describe():
            req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
            req.set_VpnGatewayId(gw)
            return call(c, req)

        body = poll(describe, until=lambda b: b.get("Status") == "active", what="VPN gateway active")
        expect_eq(body.get("ResourceGroupId"), GROUP, "ResourceGroupId")
        expect_eq(body.get("VSwitchId"), VSWITCH, "VSwitchId")
        expect_eq(body.get("DisasterRecoveryVSwitchId"), DR_VSWITCH, "DisasterRecoveryVSwitchId")
        by_group = DescribeVpnGatewaysRequest.DescribeVpnGatewaysRequest()
        by_group.set_ResourceGroupId(GROUP)
        listed = items(call(c, by_group), "VpnGateways", "VpnGateway")
        expect_eq([g.get("VpnGatewayId") for g in listed], [gw], "gateways in the group")
        return body

    active = r.step("DescribeVpnGateway(s): group, vSwitches, group filter", described_gateway, needs=[gw])

    def xml_answer():
        req = DescribeVpnGatewaysRequest.DescribeVpnGatewaysRequest()
        req.set_ResourceGroupId(GROUP)
        req.set_accept_format("XML")
        root = ET.fromstring(as_sent(c, req))
        expect_eq(root.tag, "DescribeVpnGatewaysResponse", "the XML root")
        expect(bool(root.findtext("RequestId")), "the document has a RequestId")
        expect_eq(root.findtext("TotalCount"), "1", "TotalCount")
        found = root.findall("VpnGateways/VpnGateway")
        expect_eq([g.findtext("VpnGatewayId") for g in found], [gw], "items inside the list wrapper")
        expect_eq(found[0].findtext("ResourceGroupId"), GROUP, "the item's ResourceGroupId")
        missing = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
        missing.set_VpnGatewayId("vpn-doesnotexist000000000")
        missing.set_accept_format("XML")
        error = ET.fromstring(as_sent(c, missing))
        expect_eq(error.tag, "Error", "the XML error root")
        expect_eq(error.findtext("Code"), "InvalidVpnGatewayInstanceId.NotFound", "the error code")
        expect(bool(error.findtext("RequestId")), "the error document has a RequestId")

    r.step("DescribeVpnGateways Format=XML: the <Action>Response document", xml_answer, needs=[active])

    # ------------------------------------------------ tags on customer gateways
    def create_customer_gateways():
        ids = []
        for ip, env, group in (("203.0.113.71", "prod", GROUP), ("203.0.113.72", "dev", OTHER_GROUP)):
            req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
            req.set_IpAddress(ip)
            req.set_Name(f"interop-v1-{env}")
            req.set_ClientToken(f"{token}-{env}")
            req.set_ResourceGroupId(group)
            req.set_Tagss([{"Key": "env", "Value": env}, {"Key": "owner", "Value": "interop"}])
            ids.append(call(c, req)["CustomerGatewayId"])
        return ids

    cgws = r.step("CreateCustomerGateway with Tags and ResourceGroupId", create_customer_gateways)

    def customer_gateway_tags():
        req = DescribeCustomerGatewayRequest.DescribeCustomerGatewayRequest()
        req.set_CustomerGatewayId(cgws[0])
        body = call(c, req)
        expect_eq(tags(body), [("env", "prod"), ("owner", "interop")], "Tags")
        expect_eq(body.get("ResourceGroupId"), GROUP, "ResourceGroupId")
        by_tag = DescribeCustomerGatewaysRequest.DescribeCustomerGatewaysRequest()
        by_tag.set_Tags([{"Key": "env", "Value": "dev"}])
        listed = items(call(c, by_tag), "CustomerGateways", "CustomerGateway")
        expect_eq([g.get("CustomerGatewayId") for g in listed], [cgws[1]], "customer gateways tagged env=dev")
        by_group = DescribeCustomerGatewaysRequest.DescribeCustomerGatewaysRequest()
        by_group.set_ResourceGroupId(GROUP)
        listed = items(call(c, by_group), "CustomerGateways", "CustomerGateway")
        expect_eq([g.get("CustomerGatewayId") for g in listed], [cgws[0]], "customer gateways in the group")

    r.step("DescribeCustomerGateway(s): tags back, Tag and group filters", customer_gateway_tags, needs=[cgws])

    # -------------------------------------------------------------- dry runs
    def connection_request(dry_run: bool):
        req = CreateVpnConnectionRequest.CreateVpnConnectionRequest()
        req.set_VpnGatewayId(gw)
        req.set_CustomerGatewayId(cgws[0])
        req.set_LocalSubnet("10.0.0.0/24")
        req.set_RemoteSubnet("192.168.0.0/24")
        req.set_IkeConfig(json.dumps({"IkeVersion": "ikev2", "Psk": "interop-v1-psk"}))
        req.set_DryRun(dry_run)
        req.set_Tagss([{"Key": "app", "Value": "erp"}])
        return req

    def dry_run_connection():
        expect_error(c, connection_request(True), DRY_RUN, 400)
        listed = DescribeVpnConnectionsRequest.DescribeVpnConnectionsRequest()
        listed.set_VpnGatewayId(gw)
        expect_eq(call(c, listed).get("TotalCount"), 0, "connections after the dry run")

    r.step("CreateVpnConnection DryRun=true -> DryRunOperation, nothing created", dry_run_connection, needs=[active, cgws])

    def create_connection():
        return call(c, connection_request(False))["VpnConnectionId"]

    vco = r.step("CreateVpnConnection with Tags", create_connection, needs=[active, cgws])

    def connections_by_tag():
        req = DescribeVpnConnectionsRequest.DescribeVpnConnectionsRequest()
        req.set_Tags([{"Key": "app", "Value": "erp"}])
        listed = items(call(c, req), "VpnConnections", "VpnConnection")
        expect_eq([v.get("VpnConnectionId") for v in listed], [vco], "connections tagged app=erp")
        expect_eq(tags(listed[0], "Tag"), [("app", "erp")], "the item's tags (`Tag.Tag[]`)")

    r.step("DescribeVpnConnections Tag filter", connections_by_tag, needs=[vco])

    def dry_run_routes():
        route = CreateVpnRouteEntryRequest.CreateVpnRouteEntryRequest()
        route.set_VpnGatewayId(gw)
        route.set_RouteDest("10.60.0.0/24")
        route.set_NextHop(vco)
        route.set_Weight(0)
        route.set_PublishVpc(False)
        route.set_DryRun(True)
        expect_error(c, route, DRY_RUN, 400)
        pbr = CreateVpnPbrRouteEntryRequest.CreateVpnPbrRouteEntryRequest()
        pbr.set_VpnGatewayId(gw)
        pbr.set_RouteSource("10.0.0.0/24")
        pbr.set_RouteDest("10.61.0.0/24")
        pbr.set_NextHop(vco)
        pbr.set_Weight(0)
        pbr.set_PublishVpc(False)
        pbr.set_DryRun(True)
        expect_error(c, pbr, DRY_RUN, 400)
        for describe in (
            DescribeVpnRouteEntriesRequest.DescribeVpnRouteEntriesRequest(),
            DescribeVpnPbrRouteEntriesRequest.DescribeVpnPbrRouteEntriesRequest(),
        ):
            describe.set_VpnGatewayId(gw)
            expect_eq(call(c, describe).get("TotalCount"), 0, "routes after the dry runs")

    r.step("CreateVpn(Pbr)RouteEntry DryRun=true -> DryRunOperation, nothing created", dry_run_routes, needs=[vco])

    def dry_run_ssl():
        gw_req = CreateVpnGatewayRequest.CreateVpnGatewayRequest()
        gw_req.set_VpcId(VPC_ID)
        gw_req.set_Bandwidth(5)
        gw_req.set_EnableSsl(True)
        gw_req.set_SslConnections(5)
        ssl_gw = call(c, gw_req)["VpnGatewayId"]

        def describe():
            req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
            req.set_VpnGatewayId(ssl_gw)
            return call(c, req)

        poll(describe, until=lambda b: b.get("Status") == "active", what="SSL gateway active")

        def server_request(dry_run: bool):
            req = CreateSslVpnServerRequest.CreateSslVpnServerRequest()
            req.set_VpnGatewayId(ssl_gw)
            req.set_ClientIpPool("192.168.70.0/24")
            req.set_LocalSubnet("10.0.0.0/8")
            req.set_Name("interop-v1-ssl")
            req.set_DryRun(dry_run)
            return req

        expect_error(c, server_request(True), DRY_RUN, 400)
        server = call(c, server_request(False))["SslVpnServerId"]
        modify = ModifySslVpnServerRequest.ModifySslVpnServerRequest()
        modify.set_SslVpnServerId(server)
        modify.set_Name("renamed-by-dry-run")
        modify.set_DryRun(True)
        expect_error(c, modify, DRY_RUN, 400)
        listed = DescribeSslVpnServersRequest.DescribeSslVpnServersRequest()
        listed.set_SslVpnServerId(server)
        servers = items(call(c, listed), "SslVpnServers", "SslVpnServer")
        expect_eq([s.get("Name") for s in servers], ["interop-v1-ssl"], "the name after the dry run")
        delete = DeleteSslVpnServerRequest.DeleteSslVpnServerRequest()
        delete.set_SslVpnServerId(server)
        call(c, delete)
        delete_gw = DeleteVpnGatewayRequest.DeleteVpnGatewayRequest()
        delete_gw.set_VpnGatewayId(ssl_gw)
        call(c, delete_gw)

    r.step("CreateSslVpnServer / ModifySslVpnServer DryRun=true -> nothing changed", dry_run_ssl)

    # ------------------------------------------------------------------ cleanup
    def cleanup():
        req = DeleteVpnConnectionRequest.DeleteVpnConnectionRequest()
        req.set_VpnConnectionId(vco)
        call(c, req)
        for cgw in cgws:
            req = DeleteCustomerGatewayRequest.DeleteCustomerGatewayRequest()
            req.set_CustomerGatewayId(cgw)
            call(c, req)
        req = DeleteVpnGatewayRequest.DeleteVpnGatewayRequest()
        req.set_VpnGatewayId(gw)
        call(c, req)

    r.step("cleanup", cleanup, needs=[vco, cgws, gw])
    return r.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ServerException as exc:  # a failure outside any step
        print(f"[{NAME}] error: {exc.get_error_code()}: {exc.get_error_msg()}", flush=True)
        sys.exit(1)
