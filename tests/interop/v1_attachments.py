"""Drives the emulator's transit-router VPN attachment operations with the unmodified
legacy Python SDK (V1 signatures, HMAC-SHA1).

aliyun-python-sdk-core's AcsClient plus the aliyun-python-sdk-vpc request classes (the
installed version has a class for each of the ten operations), pointed at the emulator
with the SDK's own public knobs only, as v1_legacy.py does.

Covers CreateVpnAttachment (single- and dual-tunnel), DescribeVpnAttachments,
ModifyVpnAttachmentAttribute, DeleteVpnAttachment, CreateVcoRouteEntry,
DescribeVcoRouteEntries, ModifyVcoRouteEntryWeight, DeleteVcoRouteEntry,
CheckVpnBgpEnabled and DescribeVpnCrossAccountAuthorizations, with the documented error
paths (unknown attachment or customer gateway, duplicate and forbidden routes, a route
named by the wrong weight, a dry run), asserting the code through
ServerException.get_error_code(). Forbidden, the only error DescribeVpnAttachments and
CheckVpnBgpEnabled document, is injected through the emulator's fault endpoint.

Usage: v1_attachments.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import logging
import sys

from aliyunsdkvpc.request.v20160428 import (
    CheckVpnBgpEnabledRequest,
    CreateCustomerGatewayRequest,
    CreateVcoRouteEntryRequest,
    CreateVpnAttachmentRequest,
    DeleteCustomerGatewayRequest,
    DeleteVcoRouteEntryRequest,
    DeleteVpnAttachmentRequest,
    DescribeVcoRouteEntriesRequest,
    DescribeVpnAttachmentsRequest,
    DescribeVpnConnectionRequest,
    DescribeVpnCrossAccountAuthorizationsRequest,
    ModifyVcoRouteEntryWeightRequest,
    ModifyVpnAttachmentAttributeRequest,
)

from harness import Runner, expect, expect_eq, parse_args, poll
from emulator_control import inject_error
from legacy_support import make_client, call, expect_error, retry_configuring as retry_while

NAME = "v1_attachments"
UNKNOWN_VCO = "vco-doesnotexist000000000"
ROUTE_A = "192.168.110.0/24"
ROUTE_B = "192.168.120.0/24"


def retry_configuring(fn):
    """Retries fn while the attachment answers VpnConnection.Configuring (still being set up)."""
    return retry_while(fn, code="VpnConnection.Configuring")


def main() -> int:
    args = parse_args(__doc__)
    logging.getLogger("aliyunsdkcore").addHandler(logging.NullHandler())
    c = make_client(args)
    r = Runner(NAME)

    # ------------------------------------------------------------ customer gateways
    def create_cgw(ip: str, asn: int | None = None):
        req = CreateCustomerGatewayRequest.CreateCustomerGatewayRequest()
        req.set_IpAddress(ip)
        req.set_Name("interop-v1-att-cgw")
        if asn is not None:
            req.set_Asn(str(asn))
        data = call(c, req)
        expect(data.get("CustomerGatewayId", "").startswith("cgw-"), f"CustomerGatewayId: {data!r}")
        return data["CustomerGatewayId"]

    cgw = r.step("CreateCustomerGateway (single-tunnel peer, with an ASN)", lambda: create_cgw("203.0.113.71", 65071))
    cgw_a = r.step("CreateCustomerGateway (tunnel 1 peer)", lambda: create_cgw("203.0.113.72"))
    cgw_b = r.step("CreateCustomerGateway (tunnel 2 peer)", lambda: create_cgw("203.0.113.73"))

    # ------------------------------------------------------------------ attachments
    def create_attachment():
        req = CreateVpnAttachmentRequest.CreateVpnAttachmentRequest()
        req.set_CustomerGatewayId(cgw)
        req.set_LocalSubnet("10.71.0.0/24")
        req.set_RemoteSubnet("192.168.0.0/16")
        req.set_Name("interop-v1-att")
        req.set_IkeConfig(json.dumps({"IkeVersion": "ikev2", "Psk": "interop-v1-key"}))
        req.set_BgpConfig(
            json.dumps(
                {"EnableBgp": "true", "LocalAsn": "65013", "TunnelCidr": "169.254.13.0/30", "LocalBgpIp": "169.254.13.1"}
            )
        )
        data = call(c, req)
        att_id = data.get("VpnConnectionId", "")
        expect(att_id.startswith("vco-"), f"VpnConnectionId: {data!r}")
        expect_eq(data.get("Name"), "interop-v1-att", "Name")
        return att_id

    att = r.step("CreateVpnAttachment", create_attachment, needs=[cgw])

    def wait_available():
        req = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        req.set_VpnConnectionId(att)
        data = poll(lambda: call(c, req), until=lambda d: d.get("State") == "active", what="attachment active")
        expect_eq(data.get("CustomerGatewayId"), cgw, "CustomerGatewayId")
        expect(not data.get("VpnGatewayId"), f"no VPN gateway: {data!r}")
        expect_eq(data.get("IkeConfig", {}).get("IkeVersion"), "ikev2", "IkeVersion")
        return data

    available = r.step("DescribeVpnConnection (poll until the attachment is active)", wait_available, needs=[att])

    def create_dual():
        req = CreateVpnAttachmentRequest.CreateVpnAttachmentRequest()
        req.set_LocalSubnet("10.72.0.0/24")
        req.set_RemoteSubnet("192.168.0.0/16")
        req.set_EnableTunnelsBgp(True)
        req.set_TunnelOptionsSpecification(
            [
                {"CustomerGatewayId": cgw_a, "TunnelIndex": 1, "TunnelBgpConfig": {"LocalAsn": 65072}},
                {"CustomerGatewayId": cgw_b, "TunnelIndex": 2, "TunnelIkeConfig": {"IkeVersion": "ikev2"}},
            ]
        )
        att_id = call(c, req)["VpnConnectionId"]
        d = DescribeVpnConnectionRequest.DescribeVpnConnectionRequest()
        d.set_VpnConnectionId(att_id)
        tunnels = call(c, d).get("TunnelOptionsSpecification", {}).get("TunnelOptions", [])
        expect_eq([t.get("CustomerGatewayId") for t in tunnels], [cgw_a, cgw_b], "the tunnels' customer gateways")
        expect_eq(tunnels[1].get("TunnelIkeConfig", {}).get("IkeVersion"), "ikev2", "tunnel 2 IkeVersion")
        return att_id

    dual = r.step("CreateVpnAttachment (two tunnels)", create_dual, needs=[cgw_a, cgw_b])

    def list_attachments():
        req = DescribeVpnAttachmentsRequest.DescribeVpnAttachmentsRequest()
        req.set_VpnConnectionId(att)
        req.set_PageNumber(1)
        req.set_PageSize(10)
        data = call(c, req)
        expect_eq(data.get("TotalCount"), 1, "TotalCount")
        found = data.get("VpnAttachments", [])
        expect_eq([a.get("InstanceId") for a in found], [att], "the attachment")
        expect_eq(found[0].get("AttachType"), "NO_ASSOCIATED", "AttachType")

    r.step("DescribeVpnAttachments", list_attachments, needs=[att])

    def modify_attachment():
        req = ModifyVpnAttachmentAttributeRequest.ModifyVpnAttachmentAttributeRequest()
        req.set_VpnConnectionId(att)
        req.set_Name("interop-v1-att-renamed")
        req.set_IkeConfig(json.dumps({"IkeEncAlg": "aes256"}))
        data = call(c, req)
        expect_eq(data.get("Name"), "interop-v1-att-renamed", "Name")
        expect_eq(data.get("IkeConfig", {}).get("IkeEncAlg"), "aes256", "IkeEncAlg")
        expect_eq(data.get("IkeConfig", {}).get("IkeVersion"), "ikev2", "IkeVersion kept")

    r.step("ModifyVpnAttachmentAttribute", modify_attachment, needs=[available])

    def check_bgp():
        data = call(c, CheckVpnBgpEnabledRequest.CheckVpnBgpEnabledRequest())
        expect_eq(data.get("BgpEnabled"), True, "BgpEnabled with a BGP attachment")

    r.step("CheckVpnBgpEnabled", check_bgp, needs=[att])

    def cross_account():
        req = DescribeVpnCrossAccountAuthorizationsRequest.DescribeVpnCrossAccountAuthorizationsRequest()
        req.set_VpnConnectionId(att)
        data = call(c, req)
        expect_eq(data.get("TotalCount"), 0, "TotalCount")
        expect_eq(data.get("CrossAccountAuthorizations"), [], "no authorization")

    r.step("DescribeVpnCrossAccountAuthorizations", cross_account, needs=[att])

    # ------------------------------------------------------------------- VCO routes
    def route_request(cls, dest: str, weight: int):
        req = cls()
        req.set_VpnConnectionId(att)
        req.set_NextHop(att)
        req.set_RouteDest(dest)
        req.set_Weight(weight)
        return req

    def add_routes():
        for dest, weight in ((ROUTE_A, 100), (ROUTE_B, 0)):
            data = call(c, route_request(CreateVcoRouteEntryRequest.CreateVcoRouteEntryRequest, dest, weight))
            expect_eq(data.get("RouteDest"), dest, "RouteDest")
            expect_eq(data.get("Weight"), weight, "Weight")

    routed = r.step("CreateVcoRouteEntry (two routes)", add_routes, needs=[available])

    def list_routes():
        req = DescribeVcoRouteEntriesRequest.DescribeVcoRouteEntriesRequest()
        req.set_VpnConnectionId(att)
        req.set_PageSize(1)
        req.set_PageNumber(2)
        data = call(c, req)
        expect_eq(data.get("TotalCount"), 2, "TotalCount")
        expect_eq([e.get("RouteDest") for e in data.get("VcoRouteEntries", [])], [ROUTE_B], "page 2 of size 1")

    r.step("DescribeVcoRouteEntries", list_routes, needs=[routed])

    def reweigh():
        req = route_request(ModifyVcoRouteEntryWeightRequest.ModifyVcoRouteEntryWeightRequest, ROUTE_B, 0)
        req.set_NewWeight(100)
        call(c, req)
        listed = DescribeVcoRouteEntriesRequest.DescribeVcoRouteEntriesRequest()
        listed.set_VpnConnectionId(att)
        weights = {e.get("RouteDest"): e.get("Weight") for e in call(c, listed).get("VcoRouteEntries", [])}
        expect_eq(weights, {ROUTE_A: 100, ROUTE_B: 100}, "weights after the change")

    reweighed = r.step("ModifyVcoRouteEntryWeight", reweigh, needs=[routed])

    r.step(
        "DeleteVcoRouteEntry",
        lambda: call(c, route_request(DeleteVcoRouteEntryRequest.DeleteVcoRouteEntryRequest, ROUTE_A, 100)),
        needs=[reweighed],
    )

    # ------------------------------------------------------------------ error paths
    def unknown_cgw():
        req = CreateVpnAttachmentRequest.CreateVpnAttachmentRequest()
        req.set_CustomerGatewayId("cgw-doesnotexist000000000")
        req.set_LocalSubnet("10.0.0.0/24")
        req.set_RemoteSubnet("192.168.0.0/16")
        expect_error(c, req, "InvalidCustomerGatewayInstanceId.NotFound", 404)

    r.step("error: CreateVpnAttachment unknown customer gateway -> InvalidCustomerGatewayInstanceId.NotFound", unknown_cgw)

    def dry_run():
        req = CreateVpnAttachmentRequest.CreateVpnAttachmentRequest()
        req.set_CustomerGatewayId(cgw)
        req.set_LocalSubnet("10.0.0.0/24")
        req.set_RemoteSubnet("192.168.0.0/16")
        req.set_DryRun(True)
        expect_error(c, req, "DryRunOperation", 400)

    r.step("error: CreateVpnAttachment DryRun=true -> DryRunOperation", dry_run, needs=[cgw])

    def unknown(cls, label):
        def run():
            req = cls()
            req.set_VpnConnectionId(UNKNOWN_VCO)
            if hasattr(req, "set_Name"):
                req.set_Name("x")
            expect_error(c, req, "InvalidVpnConnectionInstanceId.NotFound", 404)

        r.step(f"error: {label} unknown attachment -> InvalidVpnConnectionInstanceId.NotFound", run)

    unknown(ModifyVpnAttachmentAttributeRequest.ModifyVpnAttachmentAttributeRequest, "ModifyVpnAttachmentAttribute")
    unknown(DeleteVpnAttachmentRequest.DeleteVpnAttachmentRequest, "DeleteVpnAttachment")
    unknown(DescribeVcoRouteEntriesRequest.DescribeVcoRouteEntriesRequest, "DescribeVcoRouteEntries")
    unknown(
        DescribeVpnCrossAccountAuthorizationsRequest.DescribeVpnCrossAccountAuthorizationsRequest,
        "DescribeVpnCrossAccountAuthorizations",
    )

    r.step(
        "error: CreateVcoRouteEntry 0.0.0.0/0 -> IllegalParam.RouteDest",
        lambda: expect_error(
            c,
            route_request(CreateVcoRouteEntryRequest.CreateVcoRouteEntryRequest, "0.0.0.0/0", 100),
            "IllegalParam.RouteDest",
            400,
        ),
        needs=[available],
    )
    r.step(
        "error: CreateVcoRouteEntry the same route again -> InvalidVpnRouteEntry.AlreadyExist",
        lambda: expect_error(
            c,
            route_request(CreateVcoRouteEntryRequest.CreateVcoRouteEntryRequest, ROUTE_B, 0),
            "InvalidVpnRouteEntry.AlreadyExist",
            400,
        ),
        needs=[routed],
    )
    r.step(
        "error: DeleteVcoRouteEntry by the wrong weight -> InvalidVpnRouteEntry.NotFound",
        lambda: expect_error(
            c,
            route_request(DeleteVcoRouteEntryRequest.DeleteVcoRouteEntryRequest, ROUTE_B, 0),
            "InvalidVpnRouteEntry.NotFound",
            404,
        ),
        needs=[reweighed],
    )

    def wrong_weight():
        req = route_request(ModifyVcoRouteEntryWeightRequest.ModifyVcoRouteEntryWeightRequest, ROUTE_A, 0)
        req.set_NewWeight(100)
        expect_error(c, req, "InvalidVpnRouteEntry.NotFound", 404)

    r.step("error: ModifyVcoRouteEntryWeight of no such route -> InvalidVpnRouteEntry.NotFound", wrong_weight, needs=[att])

    def forbidden(action, request):
        inject_error(args, action, "Forbidden")
        expect_error(c, request, "Forbidden", 403)

    r.step(
        "error: DescribeVpnAttachments refused -> Forbidden",
        lambda: forbidden("DescribeVpnAttachments", DescribeVpnAttachmentsRequest.DescribeVpnAttachmentsRequest()),
    )
    r.step(
        "error: CheckVpnBgpEnabled refused -> Forbidden",
        lambda: forbidden("CheckVpnBgpEnabled", CheckVpnBgpEnabledRequest.CheckVpnBgpEnabledRequest()),
    )

    # --------------------------------------------------------------------- clean up
    def delete_attachment(att_id):
        def run():
            req = DeleteVpnAttachmentRequest.DeleteVpnAttachmentRequest()
            req.set_VpnConnectionId(att_id)
            retry_configuring(lambda: call(c, req))
            listed = DescribeVpnAttachmentsRequest.DescribeVpnAttachmentsRequest()
            listed.set_VpnConnectionId(att_id)
            expect_eq(call(c, listed).get("TotalCount"), 0, "the attachment is gone")

        return run

    r.step("DeleteVpnAttachment", delete_attachment(att), needs=[att])
    r.step("DeleteVpnAttachment (two tunnels)", delete_attachment(dual), needs=[dual])

    def delete_cgw(cgw_id):
        req = DeleteCustomerGatewayRequest.DeleteCustomerGatewayRequest()
        req.set_CustomerGatewayId(cgw_id)
        call(c, req)

    for label, cgw_id in (("", cgw), (" (tunnel 1 peer)", cgw_a), (" (tunnel 2 peer)", cgw_b)):
        r.step(f"DeleteCustomerGateway{label}", lambda cgw_id=cgw_id: delete_cgw(cgw_id), needs=[cgw_id])

    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
