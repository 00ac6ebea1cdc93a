"""Drives the gateway extras with the unmodified current Python SDK (V3 signatures).

alibabacloud-vpc20160428's Client over alibabacloud-tea-openapi, pointed at the emulator
with the SDK's own Config only. Covers certificate binding (Associate/Dissociate/List with
NextToken), MoveVpnResourceGroup, DiagnoseVpnGateway with GetVpnGatewayDiagnoseResult
polled until every check is done, DiagnoseVpnConnections,
DescribeVpnGatewayAvailableZones, DescribeVpnConnectionLogs and the policy-route
priority and attribute changes, each with a success and a documented error path
(TeaException.code and the HTTP status). It works in its own region; the certificates,
gateways and a fault come from the emulator's control endpoint.

Usage: v3_gateway.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import sys

from alibabacloud_vpc20160428 import models as m

from emulator_control import control
from harness import Runner, expect, expect_eq, parse_args, poll
from tea_support import make_client, ok, expect_error

NAME = "v3_gateway"
REGION = "cn-beijing"
ENC_CERT = "v3-interop-enc-cert"
SIG_CERT = "v3-interop-sig-cert"
SOURCE, DEST = "10.30.0.0/24", "172.30.0.0/16"

def main() -> int:
    args = parse_args(__doc__)
    c = make_client(args, region=REGION)
    r = Runner(NAME)
    ep = args.endpoint

    def seed():
        for cert in (ENC_CERT, SIG_CERT):
            control(ep, "certificates", {"id": cert})
        gw = control(ep, "seed/vpn-gateway", {"region": REGION, "status": "active"})["VpnGatewayId"]
        cgw = control(ep, "seed/customer-gateway", {"region": REGION, "ip_address": "198.51.100.78"})["CustomerGatewayId"]
        vco = ok(c.create_vpn_connection(m.CreateVpnConnectionRequest(
            region_id=REGION, vpn_gateway_id=gw, customer_gateway_id=cgw,
            local_subnet=SOURCE, remote_subnet=DEST, name="v3-gateway-extras"))).vpn_connection_id
        ok(c.create_vpn_pbr_route_entry(m.CreateVpnPbrRouteEntryRequest(
            region_id=REGION, vpn_gateway_id=gw, route_source=SOURCE, route_dest=DEST,
            next_hop=vco, weight=100, publish_vpc=False)))
        return gw, cgw, vco

    fixture = r.step("seed certificates and gateways (control endpoint), CreateVpnConnection, CreateVpnPbrRouteEntry", seed)
    gw, cgw, vco = fixture if fixture else (None, None, None)

    # ------------------------------------------------------------- certificates
    def associate():
        for cert, role in ((ENC_CERT, "Encryption"), (SIG_CERT, "Signature")):
            ok(c.associate_vpn_gateway_with_certificate(m.AssociateVpnGatewayWithCertificateRequest(
                region_id=REGION, vpn_gateway_id=gw, certificate_id=cert, certificate_type=role)))

    bound = r.step("AssociateVpnGatewayWithCertificate (both roles)", associate, needs=[gw])

    def list_batches():
        first = ok(c.list_vpn_certificate_associations(m.ListVpnCertificateAssociationsRequest(
            region_id=REGION, vpn_gateway_id=[gw], max_results=1)))
        expect_eq(first.total_count, 2, "TotalCount")
        expect_eq([x.certificate_id for x in first.vpn_certificate_relations], [ENC_CERT], "first batch")
        expect(bool(first.next_token), "a NextToken")
        rest = ok(c.list_vpn_certificate_associations(m.ListVpnCertificateAssociationsRequest(
            region_id=REGION, vpn_gateway_id=[gw], max_results=1, next_token=first.next_token)))
        expect_eq([x.certificate_type for x in rest.vpn_certificate_relations], ["Signature"], "second batch")
        expect(not rest.next_token, "no third batch")

    r.step("ListVpnCertificateAssociations (MaxResults=1, NextToken)", list_batches, needs=[bound])

    def dissociate():
        ok(c.dissociate_vpn_gateway_with_certificate(m.DissociateVpnGatewayWithCertificateRequest(
            region_id=REGION, vpn_gateway_id=gw, certificate_id=SIG_CERT, certificate_type="Signature")))
        left = ok(c.list_vpn_certificate_associations(m.ListVpnCertificateAssociationsRequest(
            region_id=REGION, certificate_id=[SIG_CERT])))
        expect_eq(left.total_count, 0, "the signature certificate is unbound")

    r.step("DissociateVpnGatewayWithCertificate", dissociate, needs=[bound])
    r.step("AssociateVpnGatewayWithCertificate unknown certificate -> InvalidCertificateId.NotFound (404)",
           lambda: expect_error(lambda: c.associate_vpn_gateway_with_certificate(
               m.AssociateVpnGatewayWithCertificateRequest(region_id=REGION, vpn_gateway_id=gw,
                                                           certificate_id="not-held", certificate_type="Signature")),
               "InvalidCertificateId.NotFound", 404), needs=[gw])
    r.step("DissociateVpnGatewayWithCertificate DryRun=true -> DryRunOperation (400)",
           lambda: expect_error(lambda: c.dissociate_vpn_gateway_with_certificate(
               m.DissociateVpnGatewayWithCertificateRequest(region_id=REGION, vpn_gateway_id=gw,
                                                            certificate_id=ENC_CERT, certificate_type="Encryption",
                                                            dry_run=True)),
               "DryRunOperation", 400), needs=[bound])
    r.step("ListVpnCertificateAssociations bad NextToken -> InvalidParameter (400)",
           lambda: expect_error(lambda: c.list_vpn_certificate_associations(
               m.ListVpnCertificateAssociationsRequest(region_id=REGION, next_token="zz")),
               "InvalidParameter", 400))

    # ---------------------------------------------------------- resource groups
    def move():
        ok(c.move_vpn_resource_group(m.MoveVpnResourceGroupRequest(
            region_id=REGION, instance_id=cgw, resource_type="CustomerGateway",
            new_resource_group_id="rg-interopv3gateway")))
        got = ok(c.describe_customer_gateway(m.DescribeCustomerGatewayRequest(region_id=REGION, customer_gateway_id=cgw)))
        expect_eq(got.resource_group_id, "rg-interopv3gateway", "ResourceGroupId")

    r.step("MoveVpnResourceGroup (customer gateway)", move, needs=[cgw])
    r.step("MoveVpnResourceGroup bad group -> InvalidResourceGroupId.NotFound (404)",
           lambda: expect_error(lambda: c.move_vpn_resource_group(m.MoveVpnResourceGroupRequest(
               region_id=REGION, instance_id=cgw, resource_type="CustomerGateway", new_resource_group_id="nogroup")),
               "InvalidResourceGroupId.NotFound", 404), needs=[cgw])

    # ---------------------------------------------------------------- diagnosis
    def diagnose():
        control(ep, "diagnosis-delay", {"ms": 300})
        started = ok(c.diagnose_vpn_gateway(m.DiagnoseVpnGatewayRequest(
            region_id=REGION, vpn_gateway_id=gw, resource_id=vco, resource_type="IPsec",
            ipsec_extend_info=json.dumps({"PrivateSourceIp": "10.30.0.1", "PrivateDestinationIp": "172.30.0.1"}))))
        expect(started.diagnose_id.startswith("vpndgn-"), f"DiagnoseId {started.diagnose_id!r}")
        done = poll(lambda: ok(c.get_vpn_gateway_diagnose_result(m.GetVpnGatewayDiagnoseResultRequest(
            region_id=REGION, diagnose_id=started.diagnose_id))),
            until=lambda b: b.finished_count == b.total_count, timeout_s=30, what="every check done")
        expect_eq([x.diagnose_result_level for x in done.diagnose_result], ["normal"] * 7, "seven normal checks")
        latest = ok(c.get_vpn_gateway_diagnose_result(m.GetVpnGatewayDiagnoseResultRequest(
            region_id=REGION, vpn_gateway_id=gw)))
        expect_eq(latest.diagnose_id, started.diagnose_id, "the gateway's latest diagnosis")

    r.step("DiagnoseVpnGateway, then GetVpnGatewayDiagnoseResult until done", diagnose, needs=[vco])
    r.step("DiagnoseVpnGateway unknown gateway -> InvalidVpnGatewayInstanceId.NotFound (404)",
           lambda: expect_error(lambda: c.diagnose_vpn_gateway(m.DiagnoseVpnGatewayRequest(
               region_id=REGION, vpn_gateway_id="vpn-nope0000000000000", resource_id="vco-x", resource_type="IPsec")),
               "InvalidVpnGatewayInstanceId.NotFound", 404))
    r.step("GetVpnGatewayDiagnoseResult unknown id -> InvalidDiagnoseId.NotFound (404)",
           lambda: expect_error(lambda: c.get_vpn_gateway_diagnose_result(m.GetVpnGatewayDiagnoseResultRequest(
               region_id=REGION, diagnose_id="vpndgn-nope000000000")),
               "InvalidDiagnoseId.NotFound", 404))

    def diagnose_connections():
        got = ok(c.diagnose_vpn_connections(m.DiagnoseVpnConnectionsRequest(region_id=REGION, vpn_gateway_id=gw)))
        expect_eq(got.total_count, 1, "TotalCount")
        expect_eq(got.vpn_connections[0].vpn_connection_id, vco, "VpnConnectionId")

    r.step("DiagnoseVpnConnections", diagnose_connections, needs=[vco])
    r.step("DiagnoseVpnConnections unknown connection -> InvalidVpnConnectionInstanceId.NotFound (404)",
           lambda: expect_error(lambda: c.diagnose_vpn_connections(m.DiagnoseVpnConnectionsRequest(
               region_id=REGION, vpn_connection_ids=["vco-nope0000000000000"])),
               "InvalidVpnConnectionInstanceId.NotFound", 404))

    # -------------------------------------------------------------------- zones
    def zones():
        got = ok(c.describe_vpn_gateway_available_zones(m.DescribeVpnGatewayAvailableZonesRequest(
            region_id=REGION, spec="1000M", accept_language="zh-CN")))
        expect_eq([z.zone_id for z in got.available_zone_id_list], ["cn-beijing-h", "cn-beijing-i"], "zones")
        expect_eq(got.available_zone_id_list[0].zone_name, "北京 可用区H", "ZoneName")

    r.step("DescribeVpnGatewayAvailableZones", zones)

    def zones_forbidden():
        control(ep, "faults", {"action": "DescribeVpnGatewayAvailableZones", "kind": "error",
                               "code": "Forbidden.SubUser", "times": 1})
        expect_error(lambda: c.describe_vpn_gateway_available_zones(
            m.DescribeVpnGatewayAvailableZonesRequest(region_id=REGION, spec="5M")), "Forbidden.SubUser", 403)

    r.step("DescribeVpnGatewayAvailableZones (fault) -> Forbidden.SubUser (403)", zones_forbidden)

    # --------------------------------------------------------------------- logs
    def logs():
        frm = 1_671_003_740
        got = ok(c.describe_vpn_connection_logs(m.DescribeVpnConnectionLogsRequest(
            region_id=REGION, vpn_connection_id=vco, from_=frm, minute_period=10, page_size=10, page_number=4)))
        expect_eq(got.count, 1, "the last page holds the 31st line")
        expect_eq(got.is_completed, True, "IsCompleted")
        expect_eq(len(got.data.logs), 1, "one line")

    r.step("DescribeVpnConnectionLogs", logs, needs=[vco])
    r.step("DescribeVpnConnectionLogs unknown connection -> InvalidVpnConnectionInstanceId.NotFound (404)",
           lambda: expect_error(lambda: c.describe_vpn_connection_logs(m.DescribeVpnConnectionLogsRequest(
               region_id=REGION, vpn_connection_id="vco-nope0000000000000", minute_period=5)),
               "InvalidVpnConnectionInstanceId.NotFound", 404))

    # ------------------------------------------------------------ policy routes
    def route():
        got = ok(c.describe_vpn_pbr_route_entries(m.DescribeVpnPbrRouteEntriesRequest(region_id=REGION, vpn_gateway_id=gw)))
        return got.vpn_pbr_route_entries.vpn_pbr_route_entry[0]

    def priority():
        ok(c.modify_vpn_pbr_route_entry_priority(m.ModifyVpnPbrRouteEntryPriorityRequest(
            region_id=REGION, vpn_gateway_id=gw, route_source=SOURCE, route_dest=DEST, next_hop=vco,
            weight=100, new_priority=40)))
        expect_eq(route().priority, 40, "Priority")

    r.step("ModifyVpnPbrRouteEntryPriority", priority, needs=[vco])
    r.step("ModifyVpnPbrRouteEntryPriority unknown gateway -> InvalidVpnGatewayInstanceId.NotFound (404)",
           lambda: expect_error(lambda: c.modify_vpn_pbr_route_entry_priority(m.ModifyVpnPbrRouteEntryPriorityRequest(
               region_id=REGION, vpn_gateway_id="vpn-nope0000000000000", route_source=SOURCE, route_dest=DEST,
               next_hop=vco or "vco-x", weight=100, new_priority=40)),
               "InvalidVpnGatewayInstanceId.NotFound", 404))

    def attribute():
        ok(c.modify_vpn_pbr_route_entry_attribute(m.ModifyVpnPbrRouteEntryAttributeRequest(
            region_id=REGION, vpn_gateway_id=gw, route_source=SOURCE, route_dest=DEST, next_hop=vco,
            weight=100, priority=40, new_weight=0)))
        got = route()
        expect_eq((got.priority, got.weight), (40, 0), "Priority and Weight")

    r.step("ModifyVpnPbrRouteEntryAttribute", attribute, needs=[vco])
    r.step("ModifyVpnPbrRouteEntryAttribute wrong weight -> InvalidVpnRouteEntry.NotFound (404)",
           lambda: expect_error(lambda: c.modify_vpn_pbr_route_entry_attribute(m.ModifyVpnPbrRouteEntryAttributeRequest(
               region_id=REGION, vpn_gateway_id=gw, route_source=SOURCE, route_dest=DEST, next_hop=vco,
               weight=100, priority=40, new_priority=50)),
               "InvalidVpnRouteEntry.NotFound", 404), needs=[vco])
    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
