"""Drives the gateway extras with the unmodified legacy Python SDK (V1 signatures).

aliyun-python-sdk-core's AcsClient plus the aliyun-python-sdk-vpc request classes (the
package has a class for each of the eleven operations, so no CommonRequest is needed),
pointed at the emulator with the SDK's own public knobs only (`AcsClient(port=...)`,
`add_endpoint`, and the request's `set_protocol_type('http')`, since the
MoveVpnResourceGroup class alone defaults to https). Covers certificate binding
(Associate/Dissociate/List), MoveVpnResourceGroup, DiagnoseVpnGateway with
GetVpnGatewayDiagnoseResult polled until every check is done, DiagnoseVpnConnections,
DescribeVpnGatewayAvailableZones, DescribeVpnConnectionLogs and the policy-route
priority and attribute changes, each with a success and a documented error path. It
works in its own region so that the other drivers' counts are not disturbed; the
certificates, gateways and a fault come from the emulator's control endpoint.

Usage: v1_gateway.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import logging
import sys

from aliyunsdkvpc.request.v20160428 import (
    AssociateVpnGatewayWithCertificateRequest,
    CreateVpnConnectionRequest,
    CreateVpnPbrRouteEntryRequest,
    DescribeCustomerGatewayRequest,
    DescribeVpnConnectionLogsRequest,
    DescribeVpnGatewayAvailableZonesRequest,
    DescribeVpnPbrRouteEntriesRequest,
    DiagnoseVpnConnectionsRequest,
    DiagnoseVpnGatewayRequest,
    DissociateVpnGatewayWithCertificateRequest,
    GetVpnGatewayDiagnoseResultRequest,
    ListVpnCertificateAssociationsRequest,
    ModifyVpnPbrRouteEntryAttributeRequest,
    ModifyVpnPbrRouteEntryPriorityRequest,
    MoveVpnResourceGroupRequest,
)

from emulator_control import control
from harness import Runner, expect, expect_eq, parse_args, poll
from legacy_support import make_client, call, expect_error

NAME = "v1_gateway"
REGION = "cn-shanghai"
ENC_CERT = "v1-interop-enc-cert"
SIG_CERT = "v1-interop-sig-cert"
SOURCE, DEST = "10.10.0.0/24", "172.20.0.0/16"

def req(cls, **params):
    """A request of `cls` with `set_<Name>(value)` called for each parameter. Plain http
    like every other request (MoveVpnResourceGroupRequest alone asks for https; the
    request's own public `set_protocol_type` says otherwise)."""
    request = getattr(cls, cls.__name__.split(".")[-1])()
    request.set_protocol_type("http")
    for name, value in params.items():
        getattr(request, f"set_{name}")(value)
    return request


def main() -> int:
    args = parse_args(__doc__)
    logging.getLogger("aliyunsdkcore").addHandler(logging.NullHandler())
    c = make_client(args, region=REGION)
    r = Runner(NAME)
    ep = args.endpoint

    def seed():
        for cert in (ENC_CERT, SIG_CERT):
            control(ep, "certificates", {"id": cert})
        gw = control(ep, "seed/vpn-gateway", {"region": REGION, "status": "active"})["VpnGatewayId"]
        cgw = control(ep, "seed/customer-gateway", {"region": REGION, "ip_address": "198.51.100.77"})["CustomerGatewayId"]
        vco = call(c, req(CreateVpnConnectionRequest, VpnGatewayId=gw, CustomerGatewayId=cgw,
                          LocalSubnet=SOURCE, RemoteSubnet=DEST, Name="v1-gateway-extras"))["VpnConnectionId"]
        call(c, req(CreateVpnPbrRouteEntryRequest, VpnGatewayId=gw, RouteSource=SOURCE, RouteDest=DEST,
                    NextHop=vco, Weight=100, PublishVpc=False))
        return gw, cgw, vco

    fixture = r.step("seed certificates and gateways (control endpoint), CreateVpnConnection, CreateVpnPbrRouteEntry", seed)
    gw, cgw, vco = fixture if fixture else (None, None, None)

    # ------------------------------------------------------------- certificates
    def associate():
        for cert, role in ((ENC_CERT, "Encryption"), (SIG_CERT, "Signature")):
            call(c, req(AssociateVpnGatewayWithCertificateRequest, VpnGatewayId=gw, CertificateId=cert,
                        CertificateType=role))

    bound = r.step("AssociateVpnGatewayWithCertificate (both roles)", associate, needs=[gw])

    def list_batches():
        first = call(c, req(ListVpnCertificateAssociationsRequest, VpnGatewayIds=[gw], MaxResults=1))
        expect_eq(first.get("TotalCount"), 2, "TotalCount")
        expect_eq([x["CertificateId"] for x in first["VpnCertificateRelations"]], [ENC_CERT], "first batch")
        token = first.get("NextToken")
        expect(bool(token), f"a NextToken: {first!r}")
        rest = call(c, req(ListVpnCertificateAssociationsRequest, VpnGatewayIds=[gw], MaxResults=1, NextToken=token))
        expect_eq([x["CertificateType"] for x in rest["VpnCertificateRelations"]], ["Signature"], "second batch")
        expect(not rest.get("NextToken"), "no third batch")

    r.step("ListVpnCertificateAssociations (MaxResults=1, NextToken)", list_batches, needs=[bound])

    def dissociate():
        call(c, req(DissociateVpnGatewayWithCertificateRequest, VpnGatewayId=gw, CertificateId=ENC_CERT,
                    CertificateType="Encryption"))
        left = call(c, req(ListVpnCertificateAssociationsRequest, CertificateType="Encryption"))
        expect_eq(left.get("TotalCount"), 0, "no encryption certificate left")

    r.step("DissociateVpnGatewayWithCertificate", dissociate, needs=[bound])
    r.step("AssociateVpnGatewayWithCertificate unknown certificate -> InvalidCertificateId.NotFound (404)",
           lambda: expect_error(c, req(AssociateVpnGatewayWithCertificateRequest, VpnGatewayId=gw,
                                       CertificateId="not-held", CertificateType="Signature"),
                                "InvalidCertificateId.NotFound", 404), needs=[gw])
    r.step("AssociateVpnGatewayWithCertificate DryRun=true -> DryRunOperation (400)",
           lambda: expect_error(c, req(AssociateVpnGatewayWithCertificateRequest, VpnGatewayId=gw,
                                       CertificateId=ENC_CERT, CertificateType="Encryption", DryRun=True),
                                "DryRunOperation", 400), needs=[gw])
    r.step("DissociateVpnGatewayWithCertificate not bound -> InvalidCertificateId.NotFound (404)",
           lambda: expect_error(c, req(DissociateVpnGatewayWithCertificateRequest, VpnGatewayId=gw,
                                       CertificateId=ENC_CERT, CertificateType="Encryption"),
                                "InvalidCertificateId.NotFound", 404), needs=[gw])
    r.step("ListVpnCertificateAssociations bad NextToken -> InvalidParameter (400)",
           lambda: expect_error(c, req(ListVpnCertificateAssociationsRequest, NextToken="zz"),
                                "InvalidParameter", 400))

    # ---------------------------------------------------------- resource groups
    def move():
        call(c, req(MoveVpnResourceGroupRequest, InstanceId=cgw, ResourceType="CustomerGateway",
                    NewResourceGroupId="rg-interopv1gateway"))
        got = call(c, req(DescribeCustomerGatewayRequest, CustomerGatewayId=cgw))
        expect_eq(got.get("ResourceGroupId"), "rg-interopv1gateway", "ResourceGroupId")

    r.step("MoveVpnResourceGroup (customer gateway)", move, needs=[cgw])
    r.step("MoveVpnResourceGroup unknown instance -> ResourceNotFound (404)",
           lambda: expect_error(c, req(MoveVpnResourceGroupRequest, InstanceId="cgw-nope00000000000000",
                                       ResourceType="CustomerGateway", NewResourceGroupId="rg-x1"),
                                "ResourceNotFound", 404))

    # ---------------------------------------------------------------- diagnosis
    def diagnose():
        control(ep, "diagnosis-delay", {"ms": 300})
        started = call(c, req(DiagnoseVpnGatewayRequest, VpnGatewayId=gw, ResourceId=vco, ResourceType="IPsec",
                              IPsecExtendInfo=json.dumps({"PrivateSourceIp": "10.10.0.1",
                                                          "PrivateDestinationIp": "172.20.0.1"})))
        diag = started.get("DiagnoseId", "")
        expect(diag.startswith("vpndgn-"), f"DiagnoseId: {started!r}")
        done = poll(lambda: call(c, req(GetVpnGatewayDiagnoseResultRequest, DiagnoseId=diag)),
                    until=lambda d: d.get("FinishedCount") == d.get("TotalCount"), timeout_s=30,
                    what="every check done")
        expect_eq(len(done.get("DiagnoseResult", [])), 7, "seven checks")
        expect_eq(done["DiagnoseResult"][0]["DiagnoseName"], "RouteEntryConflict", "first check")
        expect(bool(done.get("FinishTime")), "FinishTime once done")

    r.step("DiagnoseVpnGateway, then GetVpnGatewayDiagnoseResult until done", diagnose, needs=[vco])
    r.step("DiagnoseVpnGateway unknown connection -> InvalidVpnConnectionInstanceId.NotFound (404)",
           lambda: expect_error(c, req(DiagnoseVpnGatewayRequest, VpnGatewayId=gw, ResourceId="vco-nope0000000000000",
                                       ResourceType="IPsec"),
                                "InvalidVpnConnectionInstanceId.NotFound", 404), needs=[gw])
    r.step("GetVpnGatewayDiagnoseResult unknown id -> InvalidDiagnoseId.NotFound (404)",
           lambda: expect_error(c, req(GetVpnGatewayDiagnoseResultRequest, DiagnoseId="vpndgn-nope000000000"),
                                "InvalidDiagnoseId.NotFound", 404))

    def diagnose_connections():
        got = call(c, req(DiagnoseVpnConnectionsRequest, VpnConnectionIdss=[vco]))
        expect_eq(got.get("TotalCount"), 1, "TotalCount")
        entry = got["VpnConnections"][0]
        expect_eq(entry.get("VpnConnectionId"), vco, "VpnConnectionId")
        expect(entry.get("Severity") in ("Normal", "Critical"), f"Severity: {entry!r}")

    r.step("DiagnoseVpnConnections", diagnose_connections, needs=[vco])
    r.step("DiagnoseVpnConnections unknown gateway -> InvalidVpnGatewayInstanceId.NotFound (404)",
           lambda: expect_error(c, req(DiagnoseVpnConnectionsRequest, VpnGatewayId="vpn-nope0000000000000"),
                                "InvalidVpnGatewayInstanceId.NotFound", 404))

    # -------------------------------------------------------------------- zones
    def zones():
        got = call(c, req(DescribeVpnGatewayAvailableZonesRequest, Spec="5M"))
        expect_eq([z["ZoneId"] for z in got["AvailableZoneIdList"]],
                  ["cn-shanghai-b", "cn-shanghai-e", "cn-shanghai-f", "cn-shanghai-g"], "zones")

    r.step("DescribeVpnGatewayAvailableZones", zones)

    def zones_forbidden():
        control(ep, "faults", {"action": "DescribeVpnGatewayAvailableZones", "kind": "error",
                               "code": "Forbidden.SubUser", "times": 1})
        expect_error(c, req(DescribeVpnGatewayAvailableZonesRequest, Spec="5M"), "Forbidden.SubUser", 403)

    r.step("DescribeVpnGatewayAvailableZones (fault) -> Forbidden.SubUser (403)", zones_forbidden)

    # --------------------------------------------------------------------- logs
    def logs():
        frm = 1_671_003_740
        got = call(c, req(DescribeVpnConnectionLogsRequest, VpnConnectionId=vco, From=frm, To=frm + 600, PageSize=50))
        lines = got["Data"]["Logs"]
        expect_eq(len(lines), 31, "one line every 20 s")
        expect_eq(got.get("IsCompleted"), True, "IsCompleted")
        again = call(c, req(DescribeVpnConnectionLogsRequest, VpnConnectionId=vco, From=frm, To=frm + 600, PageSize=50))
        expect_eq(again["Data"]["Logs"], lines, "the same range gives the same lines")

    r.step("DescribeVpnConnectionLogs", logs, needs=[vco])
    r.step("DescribeVpnConnectionLogs without a range -> InvalidParameter.TimeRange (400)",
           lambda: expect_error(c, req(DescribeVpnConnectionLogsRequest, VpnConnectionId=vco),
                                "InvalidParameter.TimeRange", 400), needs=[vco])

    # ------------------------------------------------------------ policy routes
    def route_priority():
        return call(c, req(DescribeVpnPbrRouteEntriesRequest, VpnGatewayId=gw))["VpnPbrRouteEntries"]["VpnPbrRouteEntry"][0]

    def priority():
        call(c, req(ModifyVpnPbrRouteEntryPriorityRequest, VpnGatewayId=gw, RouteSource=SOURCE, RouteDest=DEST,
                    NextHop=vco, Weight=100, Priority=10, NewPriority=20))
        expect_eq(route_priority().get("Priority"), 20, "Priority")

    r.step("ModifyVpnPbrRouteEntryPriority", priority, needs=[vco])
    r.step("ModifyVpnPbrRouteEntryPriority wrong priority -> InvalidVpnRouteEntry.NotFound (404)",
           lambda: expect_error(c, req(ModifyVpnPbrRouteEntryPriorityRequest, VpnGatewayId=gw, RouteSource=SOURCE,
                                       RouteDest=DEST, NextHop=vco, Weight=100, Priority=99, NewPriority=20),
                                "InvalidVpnRouteEntry.NotFound", 404), needs=[vco])

    def attribute():
        call(c, req(ModifyVpnPbrRouteEntryAttributeRequest, VpnGatewayId=gw, RouteSource=SOURCE, RouteDest=DEST,
                    NextHop=vco, Weight=100, Priority=20, NewWeight=0, NewPriority=30))
        route = route_priority()
        expect_eq((route.get("Priority"), route.get("Weight")), (30, 0), "Priority and Weight")

    r.step("ModifyVpnPbrRouteEntryAttribute", attribute, needs=[vco])
    r.step("ModifyVpnPbrRouteEntryAttribute unknown gateway -> InvalidVpnGatewayInstanceId.NotFound (404)",
           lambda: expect_error(c, req(ModifyVpnPbrRouteEntryAttributeRequest, VpnGatewayId="vpn-nope0000000000000",
                                       RouteSource=SOURCE, RouteDest=DEST, NextHop=vco or "vco-x", Weight=0,
                                       Priority=30, NewWeight=100),
                                "InvalidVpnGatewayInstanceId.NotFound", 404))
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
