"""Today's request parameters with the unmodified current Python SDK (V3 signatures).

alibabacloud-vpc20160428's Client, pointed at the emulator with its own Config only, sends
the members the 2019 reference did not have and checks what comes back in the SDK's
typed models:

* `ClientToken` on CreateVpnGateway: a repeat answers the same gateway, no second one;
* `ResourceGroupId`, `VSwitchId` and `DisasterRecoveryVSwitchId` kept and described, and
  `ResourceGroupId` filtering DescribeVpnGateways;
* `Tags` (CreateCustomerGateway, CreateVpnConnection) and `ResourceGroupId` described back
  in the typed models (`tags.tag[]`, `tag.tag[]`), and `Tag` / `ResourceGroupId` filters;
* `DryRun=true` on a create and on a modify answered `DryRunOperation` (HTTP 400,
  `TeaException.code`), nothing created or changed.

Usage: v3_current.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import sys
import uuid

from alibabacloud_vpc20160428 import models as m
from Tea.exceptions import TeaException

from harness import Runner, expect, expect_eq, parse_args, poll
from tea_support import make_client, ok, expect_error

NAME = "v3_current"
VPC_ID = "vpc-interopv3current0001"
GROUP = "rg-interopv3current0001"
OTHER_GROUP = "rg-interopv3current0002"
VSWITCH = "vsw-interopv3current0001"
DR_VSWITCH = "vsw-interopv3current0002"
DRY_RUN = "DryRunOperation"

def tags_of(model) -> list[tuple[str, str]]:
    """A typed `Tags` / `Tag` wrapper model as (key, value) pairs."""
    expect(model is not None, "the tags wrapper is decoded")
    return [(t.key, t.value) for t in (model.tag or [])]


def main() -> int:
    args = parse_args(__doc__)
    c = make_client(args)
    region = args.region
    r = Runner(NAME)
    token = f"interop-v3-{uuid.uuid4()}"

    # ------------------------------------------- ClientToken, group and vSwitches
    def create_gateway():
        req = m.CreateVpnGatewayRequest(
            region_id=region,
            vpc_id=VPC_ID,
            bandwidth=10,
            name="interop-v3-current",
            client_token=token,
            resource_group_id=GROUP,
            v_switch_id=VSWITCH,
            disaster_recovery_vswitch_id=DR_VSWITCH,
        )
        first = ok(c.create_vpn_gateway(req))
        again = ok(c.create_vpn_gateway(req))
        expect_eq(again.vpn_gateway_id, first.vpn_gateway_id, "the repeat answers the same gateway")
        expect(again.request_id != first.request_id, "each answer has its own RequestId")
        return first.vpn_gateway_id

    gw = r.step("CreateVpnGateway twice with one ClientToken", create_gateway)

    def one_gateway():
        body = ok(c.describe_vpn_gateways(m.DescribeVpnGatewaysRequest(region_id=region, vpc_id=VPC_ID)))
        expect_eq(body.total_count, 1, "gateways in the VPC after the repeat")

    r.step("DescribeVpnGateways: one gateway, not two", one_gateway, needs=[gw])

    def described_gateway():
        body = poll(
            lambda: ok(c.describe_vpn_gateway(m.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=gw))),
            until=lambda b: b.status == "active",
            what="VPN gateway active",
        )
        expect_eq(body.resource_group_id, GROUP, "ResourceGroupId")
        expect_eq(body.v_switch_id, VSWITCH, "VSwitchId")
        expect_eq(body.disaster_recovery_vswitch_id, DR_VSWITCH, "DisasterRecoveryVSwitchId")
        expect_eq(tags_of(body.tags), [], "a new gateway has no user tags")
        return body

    active = r.step("DescribeVpnGateway: group and vSwitches in the typed model", described_gateway, needs=[gw])

    def gateways_by_group():
        body = ok(c.describe_vpn_gateways(m.DescribeVpnGatewaysRequest(region_id=region, resource_group_id=GROUP)))
        items = body.vpn_gateways.vpn_gateway
        expect_eq([g.vpn_gateway_id for g in items], [gw], "gateways in the group")
        expect_eq(items[0].resource_group_id, GROUP, "the item's ResourceGroupId")
        expect_eq(items[0].v_switch_id, VSWITCH, "the item's VSwitchId")
        other = ok(
            c.describe_vpn_gateways(m.DescribeVpnGatewaysRequest(region_id=region, resource_group_id=OTHER_GROUP))
        )
        expect_eq(other.total_count, 0, "gateways in another group")

    r.step("DescribeVpnGateways ResourceGroupId filter", gateways_by_group, needs=[active])

    # ------------------------------------------------ tags on customer gateways
    def create_customer_gateways():
        ids = []
        for ip, env, group in (("203.0.113.61", "prod", GROUP), ("203.0.113.62", "dev", OTHER_GROUP)):
            body = ok(
                c.create_customer_gateway(
                    m.CreateCustomerGatewayRequest(
                        region_id=region,
                        ip_address=ip,
                        name=f"interop-v3-{env}",
                        client_token=f"{token}-{env}",
                        resource_group_id=group,
                        tags=[
                            m.CreateCustomerGatewayRequestTags(key="env", value=env),
                            m.CreateCustomerGatewayRequestTags(key="owner", value="interop"),
                        ],
                    )
                )
            )
            ids.append(body.customer_gateway_id)
        return ids

    cgws = r.step("CreateCustomerGateway with Tags and ResourceGroupId", create_customer_gateways)

    def described_customer_gateway():
        body = ok(
            c.describe_customer_gateway(m.DescribeCustomerGatewayRequest(region_id=region, customer_gateway_id=cgws[0]))
        )
        expect_eq(tags_of(body.tags), [("env", "prod"), ("owner", "interop")], "Tags in the typed model")
        expect_eq(body.resource_group_id, GROUP, "ResourceGroupId")

    r.step("DescribeCustomerGateway: tags and group in the typed model", described_customer_gateway, needs=[cgws])

    def customer_gateways_by_tag():
        body = ok(
            c.describe_customer_gateways(
                m.DescribeCustomerGatewaysRequest(
                    region_id=region, tag=[m.DescribeCustomerGatewaysRequestTag(key="env", value="dev")]
                )
            )
        )
        items = body.customer_gateways.customer_gateway
        expect_eq([g.customer_gateway_id for g in items], [cgws[1]], "customer gateways tagged env=dev")
        expect_eq(tags_of(items[0].tags), [("env", "dev"), ("owner", "interop")], "the item's tags")
        expect_eq(items[0].resource_group_id, OTHER_GROUP, "the item's ResourceGroupId")
        both = ok(
            c.describe_customer_gateways(
                m.DescribeCustomerGatewaysRequest(
                    region_id=region,
                    tag=[
                        m.DescribeCustomerGatewaysRequestTag(key="owner", value="interop"),
                        m.DescribeCustomerGatewaysRequestTag(key="env", value="prod"),
                    ],
                )
            )
        )
        expect_eq(
            [g.customer_gateway_id for g in both.customer_gateways.customer_gateway],
            [cgws[0]],
            "customer gateways with both tags",
        )
        grouped = ok(
            c.describe_customer_gateways(m.DescribeCustomerGatewaysRequest(region_id=region, resource_group_id=GROUP))
        )
        expect_eq(
            [g.customer_gateway_id for g in grouped.customer_gateways.customer_gateway],
            [cgws[0]],
            "customer gateways in the group",
        )

    r.step("DescribeCustomerGateways Tag and ResourceGroupId filters", customer_gateways_by_tag, needs=[cgws])

    # -------------------------------------------------------- dry runs, for real
    def connection_request(dry_run: bool) -> m.CreateVpnConnectionRequest:
        return m.CreateVpnConnectionRequest(
            region_id=region,
            vpn_gateway_id=gw,
            customer_gateway_id=cgws[0],
            local_subnet="10.0.0.0/24",
            remote_subnet="192.168.0.0/24",
            name="interop-v3-current",
            ike_config=json.dumps({"IkeVersion": "ikev2", "Psk": "interop-v3-psk"}),
            dry_run=dry_run,
            tags=[m.CreateVpnConnectionRequestTags(key="app", value="erp")],
        )

    def dry_run_connection():
        exc = expect_error(lambda: c.create_vpn_connection(connection_request(True)), DRY_RUN, 400)
        expect("DryRun" in (exc.message or ""), f"the message names the flag: {exc.message!r}")
        body = ok(c.describe_vpn_connections(m.DescribeVpnConnectionsRequest(region_id=region, vpn_gateway_id=gw)))
        expect_eq(body.total_count, 0, "connections after the dry run")

    r.step("CreateVpnConnection DryRun=true -> DryRunOperation, nothing created", dry_run_connection, needs=[active, cgws])

    def create_connection():
        body = ok(c.create_vpn_connection(connection_request(False)))
        return body.vpn_connection_id

    vco = r.step("CreateVpnConnection with Tags", create_connection, needs=[active, cgws])

    def connections_by_tag():
        body = ok(
            c.describe_vpn_connections(
                m.DescribeVpnConnectionsRequest(
                    region_id=region, tag=[m.DescribeVpnConnectionsRequestTag(key="app", value="erp")]
                )
            )
        )
        items = body.vpn_connections.vpn_connection
        expect_eq([v.vpn_connection_id for v in items], [vco], "connections tagged app=erp")
        expect_eq(tags_of(items[0].tag), [("app", "erp")], "the item's tags (`Tag.Tag[]`)")
        none = ok(
            c.describe_vpn_connections(
                m.DescribeVpnConnectionsRequest(
                    region_id=region, tag=[m.DescribeVpnConnectionsRequestTag(key="app", value="crm")]
                )
            )
        )
        expect_eq(none.total_count, 0, "connections tagged app=crm")
        single = ok(c.describe_vpn_connection(m.DescribeVpnConnectionRequest(region_id=region, vpn_connection_id=vco)))
        expect_eq(tags_of(single.tags), [("app", "erp")], "DescribeVpnConnection Tags")

    r.step("DescribeVpnConnections Tag filter, tags in the typed models", connections_by_tag, needs=[vco])

    def dry_run_route():
        req = m.CreateVpnRouteEntryRequest(
            region_id=region,
            vpn_gateway_id=gw,
            route_dest="10.50.0.0/24",
            next_hop=vco,
            weight=0,
            publish_vpc=False,
            dry_run=True,
        )
        expect_error(lambda: c.create_vpn_route_entry(req), DRY_RUN, 400)
        body = ok(c.describe_vpn_route_entries(m.DescribeVpnRouteEntriesRequest(region_id=region, vpn_gateway_id=gw)))
        expect_eq(body.total_count, 0, "routes after the dry run")

    r.step("CreateVpnRouteEntry DryRun=true -> DryRunOperation, nothing created", dry_run_route, needs=[vco])

    def dry_run_modify_ssl_server():
        ssl_gw = ok(
            c.create_vpn_gateway(
                m.CreateVpnGatewayRequest(
                    region_id=region, vpc_id=VPC_ID, bandwidth=5, enable_ssl=True, ssl_connections=5
                )
            )
        ).vpn_gateway_id
        poll(
            lambda: ok(c.describe_vpn_gateway(m.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=ssl_gw))),
            until=lambda b: b.status == "active",
            what="SSL gateway active",
        )
        create = m.CreateSslVpnServerRequest(
            region_id=region,
            vpn_gateway_id=ssl_gw,
            client_ip_pool="192.168.60.0/24",
            local_subnet="10.0.0.0/8",
            name="interop-v3-ssl",
            dry_run=True,
        )
        expect_error(lambda: c.create_ssl_vpn_server(create), DRY_RUN, 400)
        create.dry_run = False
        server = ok(c.create_ssl_vpn_server(create)).ssl_vpn_server_id
        modify = m.ModifySslVpnServerRequest(
            region_id=region, ssl_vpn_server_id=server, name="renamed-by-dry-run", dry_run=True
        )
        expect_error(lambda: c.modify_ssl_vpn_server(modify), DRY_RUN, 400)
        listed = ok(c.describe_ssl_vpn_servers(m.DescribeSslVpnServersRequest(region_id=region, ssl_vpn_server_id=server)))
        expect_eq(listed.ssl_vpn_servers.ssl_vpn_server[0].name, "interop-v3-ssl", "the name after the dry run")
        ok(c.delete_ssl_vpn_server(m.DeleteSslVpnServerRequest(region_id=region, ssl_vpn_server_id=server)))
        ok(c.delete_vpn_gateway(m.DeleteVpnGatewayRequest(region_id=region, vpn_gateway_id=ssl_gw)))

    r.step("CreateSslVpnServer / ModifySslVpnServer DryRun=true -> nothing changed", dry_run_modify_ssl_server)

    # ------------------------------------------------------------------ cleanup
    def cleanup():
        ok(c.delete_vpn_connection(m.DeleteVpnConnectionRequest(region_id=region, vpn_connection_id=vco)))
        for cgw in cgws:
            ok(c.delete_customer_gateway(m.DeleteCustomerGatewayRequest(region_id=region, customer_gateway_id=cgw)))
        ok(c.delete_vpn_gateway(m.DeleteVpnGatewayRequest(region_id=region, vpn_gateway_id=gw)))

    r.step("cleanup", cleanup, needs=[vco, cgws, gw])
    return r.finish()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except TeaException as exc:  # a failure outside any step
        print(f"[{NAME}] error: {exc.code}: {exc.message}", flush=True)
        sys.exit(1)
