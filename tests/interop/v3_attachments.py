"""Drives the emulator's transit-router VPN attachment operations with the unmodified
current Python SDK (V3 signatures, ACS3-HMAC-SHA256).

alibabacloud-vpc20160428's Client over alibabacloud-tea-openapi, pointed at the emulator
with the SDK's own Config only, as v3_tea.py does.

Covers CreateVpnAttachment (single- and dual-tunnel), DescribeVpnAttachments,
ModifyVpnAttachmentAttribute (one tunnel of two), DeleteVpnAttachment,
CreateVcoRouteEntry, DescribeVcoRouteEntries, ModifyVcoRouteEntryWeight,
DeleteVcoRouteEntry, CheckVpnBgpEnabled and DescribeVpnCrossAccountAuthorizations, with
the documented error paths (unknown attachment or customer gateway, routes into
100.64.0.0/10, a route named by the wrong weight, a dry run, an attachment still being
set up), asserting TeaException.code. Forbidden, the only error DescribeVpnAttachments and
CheckVpnBgpEnabled document, is injected through the emulator's fault endpoint.

Usage: v3_attachments.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import sys
import uuid

from alibabacloud_vpc20160428 import models as m

from harness import Runner, expect, expect_eq, parse_args, poll
from emulator_control import inject_error
from tea_support import make_client, ok, expect_error, retry_configuring as retry_while

NAME = "v3_attachments"
UNKNOWN_VCO = "vco-doesnotexist000000000"
ROUTE_A = "192.168.130.0/24"
ROUTE_B = "192.168.140.0/24"


def retry_configuring(fn):
    """Retries fn while the attachment answers VpnConnection.Configuring (still being set up)."""
    return retry_while(fn, code="VpnConnection.Configuring")


def main() -> int:
    args = parse_args(__doc__)
    c = make_client(args)
    region = args.region
    r = Runner(NAME)

    # ------------------------------------------------------------ customer gateways
    def create_cgw(ip: str, asn: int | None = None):
        body = ok(
            c.create_customer_gateway(
                m.CreateCustomerGatewayRequest(
                    region_id=region, ip_address=ip, name="interop-v3-att-cgw", asn=None if asn is None else str(asn)
                )
            )
        )
        expect(body.customer_gateway_id.startswith("cgw-"), "CustomerGatewayId")
        return body.customer_gateway_id

    cgw = r.step("CreateCustomerGateway (single-tunnel peer, with an ASN)", lambda: create_cgw("203.0.113.81", 65081))
    cgw_a = r.step("CreateCustomerGateway (tunnel 1 peer)", lambda: create_cgw("203.0.113.82"))
    cgw_b = r.step("CreateCustomerGateway (tunnel 2 peer)", lambda: create_cgw("203.0.113.83"))
    cgw_c = r.step("CreateCustomerGateway (replacement peer)", lambda: create_cgw("203.0.113.84"))

    # ------------------------------------------------------------------ attachments
    def create_attachment():
        body = ok(
            c.create_vpn_attachment(
                m.CreateVpnAttachmentRequest(
                    region_id=region,
                    customer_gateway_id=cgw,
                    local_subnet="10.81.0.0/24",
                    remote_subnet="192.168.0.0/16",
                    name="interop-v3-att",
                    client_token=str(uuid.uuid4()),
                    ike_config=json.dumps({"IkeVersion": "ikev2"}),
                    bgp_config=json.dumps(
                        {
                            "EnableBgp": "true",
                            "LocalAsn": "65014",
                            "TunnelCidr": "169.254.14.0/30",
                            "LocalBgpIp": "169.254.14.1",
                        }
                    ),
                )
            )
        )
        expect(body.vpn_connection_id.startswith("vco-"), "VpnConnectionId")
        expect_eq(body.name, "interop-v3-att", "Name")
        return body.vpn_connection_id

    att = r.step("CreateVpnAttachment", create_attachment, needs=[cgw])

    def describe(att_id):
        return ok(c.describe_vpn_connection(m.DescribeVpnConnectionRequest(region_id=region, vpn_connection_id=att_id)))

    def route_args(dest: str, weight: int) -> dict:
        return dict(region_id=region, vpn_connection_id=att, next_hop=att, route_dest=dest, weight=weight)

    r.step(
        "error: CreateVcoRouteEntry while the attachment is set up -> VpnConnection.Configuring",
        lambda: expect_error(
            lambda: c.create_vco_route_entry(m.CreateVcoRouteEntryRequest(**route_args(ROUTE_A, 100))),
            "VpnConnection.Configuring",
            400,
        ),
        needs=[att],
    )

    def wait_available():
        body = poll(lambda: describe(att), until=lambda b: b.state == "active", what="attachment active")
        expect_eq(body.customer_gateway_id, cgw, "CustomerGatewayId")
        expect(not body.vpn_gateway_id, "no VPN gateway")
        expect_eq(body.vpn_bgp_config.enable_bgp, "true", "VpnBgpConfig.EnableBgp")
        expect_eq(body.vpn_bgp_config.peer_asn, 65081, "VpnBgpConfig.PeerAsn (the customer gateway's ASN)")
        return body

    available = r.step("DescribeVpnConnection (poll until the attachment is active)", wait_available, needs=[att])

    def create_dual():
        spec = m.CreateVpnAttachmentRequestTunnelOptionsSpecification
        body = ok(
            c.create_vpn_attachment(
                m.CreateVpnAttachmentRequest(
                    region_id=region,
                    local_subnet="10.82.0.0/24",
                    remote_subnet="192.168.0.0/16",
                    tunnel_options_specification=[
                        spec(
                            customer_gateway_id=cgw_a,
                            tunnel_index=1,
                            tunnel_bgp_config=m.CreateVpnAttachmentRequestTunnelOptionsSpecificationTunnelBgpConfig(
                                local_asn=65082
                            ),
                        ),
                        spec(customer_gateway_id=cgw_b, tunnel_index=2),
                    ],
                )
            )
        )
        return body.vpn_connection_id

    dual = r.step("CreateVpnAttachment (two tunnels)", create_dual, needs=[cgw_a, cgw_b])

    def modify_tunnel():
        body = retry_configuring(
            lambda: ok(
                c.modify_vpn_attachment_attribute(
                    m.ModifyVpnAttachmentAttributeRequest(
                        region_id=region,
                        vpn_connection_id=dual,
                        tunnel_options_specification=[
                            m.ModifyVpnAttachmentAttributeRequestTunnelOptionsSpecification(
                                tunnel_index=2, customer_gateway_id=cgw_c
                            )
                        ],
                    )
                )
            )
        )
        got = [t.customer_gateway_id for t in body.tunnel_options_specification]
        expect_eq(got, [cgw_a, cgw_c], "the tunnels' customer gateways after the change")

    r.step("ModifyVpnAttachmentAttribute (the second of two tunnels)", modify_tunnel, needs=[dual, cgw_c])

    def modify_attachment():
        body = ok(
            c.modify_vpn_attachment_attribute(
                m.ModifyVpnAttachmentAttributeRequest(
                    region_id=region, vpn_connection_id=att, name="interop-v3-att-renamed", local_subnet="10.81.1.0/24"
                )
            )
        )
        expect_eq(body.name, "interop-v3-att-renamed", "Name")
        expect_eq(body.local_subnet, "10.81.1.0/24", "LocalSubnet")
        expect_eq(body.ike_config.ike_version, "ikev2", "IkeVersion kept")

    r.step("ModifyVpnAttachmentAttribute", modify_attachment, needs=[available])

    def list_attachments():
        body = ok(
            c.describe_vpn_attachments(m.DescribeVpnAttachmentsRequest(region_id=region, vpn_connection_id=att))
        )
        expect_eq(body.total_count, 1, "TotalCount")
        expect_eq([a.instance_id for a in body.vpn_attachments], [att], "the attachment")
        expect_eq(body.vpn_attachments[0].name, "interop-v3-att-renamed", "Name")

    r.step("DescribeVpnAttachments", list_attachments, needs=[att])

    def check_bgp():
        body = ok(c.check_vpn_bgp_enabled(m.CheckVpnBgpEnabledRequest(region_id=region)))
        expect_eq(body.bgp_enabled, True, "BgpEnabled with a BGP attachment")

    r.step("CheckVpnBgpEnabled", check_bgp, needs=[att])

    def cross_account():
        body = ok(
            c.describe_vpn_cross_account_authorizations(
                m.DescribeVpnCrossAccountAuthorizationsRequest(region_id=region, vpn_connection_id=att, page_size=10)
            )
        )
        expect_eq(body.total_count, 0, "TotalCount")
        expect(not body.cross_account_authorizations, "no authorization")

    r.step("DescribeVpnCrossAccountAuthorizations", cross_account, needs=[att])

    # ------------------------------------------------------------------- VCO routes
    def add_routes():
        for dest, weight in ((ROUTE_A, 100), (ROUTE_B, 100)):
            body = ok(c.create_vco_route_entry(m.CreateVcoRouteEntryRequest(**route_args(dest, weight), description="v3")))
            expect_eq(body.route_dest, dest, "RouteDest")
            expect_eq(body.weight, weight, "Weight")

    routed = r.step("CreateVcoRouteEntry (two routes)", add_routes, needs=[available])

    def routes():
        return ok(c.describe_vco_route_entries(m.DescribeVcoRouteEntriesRequest(region_id=region, vpn_connection_id=att)))

    def list_routes():
        body = routes()
        expect_eq(body.total_count, 2, "TotalCount")
        expect_eq([e.route_dest for e in body.vco_route_entries], [ROUTE_A, ROUTE_B], "the routes")
        expect_eq(body.vpn_route_counts[0].route_count, 2, "VpnRouteCounts")

    r.step("DescribeVcoRouteEntries", list_routes, needs=[routed])

    def reweigh():
        ok(
            c.modify_vco_route_entry_weight(
                m.ModifyVcoRouteEntryWeightRequest(**route_args(ROUTE_B, 100), new_weight=0)
            )
        )
        weights = {e.route_dest: e.weight for e in routes().vco_route_entries}
        expect_eq(weights, {ROUTE_A: 100, ROUTE_B: 0}, "weights after the change")

    reweighed = r.step("ModifyVcoRouteEntryWeight", reweigh, needs=[routed])

    def delete_route():
        ok(c.delete_vco_route_entry(m.DeleteVcoRouteEntryRequest(**route_args(ROUTE_B, 0))))
        expect_eq([e.route_dest for e in routes().vco_route_entries], [ROUTE_A], "one route left")

    r.step("DeleteVcoRouteEntry", delete_route, needs=[reweighed])

    # ------------------------------------------------------------------ error paths
    r.step(
        "error: CreateVpnAttachment unknown customer gateway -> InvalidCustomerGatewayInstanceId.NotFound",
        lambda: expect_error(
            lambda: c.create_vpn_attachment(
                m.CreateVpnAttachmentRequest(
                    region_id=region,
                    customer_gateway_id="cgw-doesnotexist000000000",
                    local_subnet="10.0.0.0/24",
                    remote_subnet="192.168.0.0/16",
                )
            ),
            "InvalidCustomerGatewayInstanceId.NotFound",
            404,
        ),
    )
    r.step(
        "error: CreateVcoRouteEntry DryRun=true -> DryRunOperation",
        lambda: expect_error(
            lambda: c.create_vco_route_entry(m.CreateVcoRouteEntryRequest(**route_args("192.168.150.0/24", 100), dry_run=True)),
            "DryRunOperation",
            400,
        ),
        needs=[available],
    )
    r.step(
        "error: CreateVcoRouteEntry into 100.64.0.0/10 -> IllegalParam.RouteDest",
        lambda: expect_error(
            lambda: c.create_vco_route_entry(m.CreateVcoRouteEntryRequest(**route_args("100.100.0.0/16", 100))),
            "IllegalParam.RouteDest",
            400,
        ),
        needs=[available],
    )
    r.step(
        "error: ModifyVcoRouteEntryWeight by the wrong weight -> InvalidVpnRouteEntry.NotFound",
        lambda: expect_error(
            lambda: c.modify_vco_route_entry_weight(
                m.ModifyVcoRouteEntryWeightRequest(**route_args(ROUTE_A, 0), new_weight=100)
            ),
            "InvalidVpnRouteEntry.NotFound",
            404,
        ),
        needs=[routed],
    )
    r.step(
        "error: DeleteVcoRouteEntry of no such route -> InvalidVpnRouteEntry.NotFound",
        lambda: expect_error(
            lambda: c.delete_vco_route_entry(m.DeleteVcoRouteEntryRequest(**route_args("192.168.160.0/24", 100))),
            "InvalidVpnRouteEntry.NotFound",
            404,
        ),
        needs=[available],
    )
    unknown = {
        "ModifyVpnAttachmentAttribute": lambda: c.modify_vpn_attachment_attribute(
            m.ModifyVpnAttachmentAttributeRequest(region_id=region, vpn_connection_id=UNKNOWN_VCO, name="x")
        ),
        "DeleteVpnAttachment": lambda: c.delete_vpn_attachment(
            m.DeleteVpnAttachmentRequest(region_id=region, vpn_connection_id=UNKNOWN_VCO)
        ),
        "DescribeVcoRouteEntries": lambda: c.describe_vco_route_entries(
            m.DescribeVcoRouteEntriesRequest(region_id=region, vpn_connection_id=UNKNOWN_VCO)
        ),
        "DescribeVpnCrossAccountAuthorizations": lambda: c.describe_vpn_cross_account_authorizations(
            m.DescribeVpnCrossAccountAuthorizationsRequest(region_id=region, vpn_connection_id=UNKNOWN_VCO)
        ),
    }
    for action, fn in unknown.items():
        r.step(
            f"error: {action} unknown attachment -> InvalidVpnConnectionInstanceId.NotFound",
            lambda fn=fn: expect_error(fn, "InvalidVpnConnectionInstanceId.NotFound", 404),
        )

    def forbidden(action, fn):
        inject_error(args, action, "Forbidden")
        expect_error(fn, "Forbidden", 403)

    r.step(
        "error: DescribeVpnAttachments refused -> Forbidden",
        lambda: forbidden(
            "DescribeVpnAttachments", lambda: c.describe_vpn_attachments(m.DescribeVpnAttachmentsRequest(region_id=region))
        ),
    )
    r.step(
        "error: CheckVpnBgpEnabled refused -> Forbidden",
        lambda: forbidden(
            "CheckVpnBgpEnabled", lambda: c.check_vpn_bgp_enabled(m.CheckVpnBgpEnabledRequest(region_id=region))
        ),
    )

    # --------------------------------------------------------------------- clean up
    def delete_attachment(att_id):
        def run():
            retry_configuring(
                lambda: ok(c.delete_vpn_attachment(m.DeleteVpnAttachmentRequest(region_id=region, vpn_connection_id=att_id)))
            )
            body = ok(
                c.describe_vpn_attachments(m.DescribeVpnAttachmentsRequest(region_id=region, vpn_connection_id=att_id))
            )
            expect_eq(body.total_count, 0, "the attachment is gone")

        return run

    r.step("DeleteVpnAttachment (with its last route)", delete_attachment(att), needs=[att])
    r.step("DeleteVpnAttachment (two tunnels)", delete_attachment(dual), needs=[dual])
    for label, cgw_id in (
        ("", cgw),
        (" (tunnel 1 peer)", cgw_a),
        (" (tunnel 2 peer)", cgw_b),
        (" (replacement peer)", cgw_c),
    ):
        r.step(
            f"DeleteCustomerGateway{label}",
            lambda cgw_id=cgw_id: ok(
                c.delete_customer_gateway(m.DeleteCustomerGatewayRequest(region_id=region, customer_gateway_id=cgw_id))
            ),
            needs=[cgw_id],
        )

    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
