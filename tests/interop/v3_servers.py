"""Drives the IPsec-server and SSL-VPN client operations with the unmodified current SDK.

alibabacloud-vpc20160428's Client over alibabacloud-tea-openapi (V3 signatures,
ACS3-HMAC-SHA256), pointed at the emulator with its own Config only, through the seven
generated methods: create_ipsec_server, update_ipsec_server, delete_ipsec_server,
list_ipsec_servers (followed by next_token), list_ipsec_server_logs,
describe_ssl_vpn_clients and describe_ssl_vpn_client_cert. Each has a success step and a
documented error step, asserted through TeaException.code and the HTTP status.

Usage: v3_servers.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import sys
import uuid

from alibabacloud_vpc20160428 import models as m

from harness import Runner, expect, expect_eq, parse_args, poll
from tea_support import make_client, ok, expect_error, retry_configuring

NAME = "v3_servers"
VPC_ID = "vpc-interopv3servers0001"
# Ten minutes of logs on the emulator's 20-second grid: 31 lines, both ends included.
LOG_FROM = 1_671_003_600
LOG_TO = LOG_FROM + 600

def main() -> int:
    args = parse_args(__doc__)
    c = make_client(args)
    region = args.region
    r = Runner(NAME)

    # ------------------------------------------------------ a gateway with SSL-VPN
    def create_gateway():
        body = ok(
            c.create_vpn_gateway(
                m.CreateVpnGatewayRequest(
                    region_id=region,
                    vpc_id=VPC_ID,
                    bandwidth=10,
                    enable_ssl=True,
                    ssl_connections=5,
                    name="interop-v3-servers-gw",
                )
            )
        )
        expect(isinstance(body.vpn_gateway_id, str) and body.vpn_gateway_id.startswith("vpn-"), "VpnGatewayId")
        return body.vpn_gateway_id

    gw = r.step("CreateVpnGateway (SSL-VPN on)", create_gateway)

    def describe_gateway():
        return ok(c.describe_vpn_gateway(m.DescribeVpnGatewayRequest(region_id=region, vpn_gateway_id=gw)))

    def wait_active(what="VPN gateway active"):
        return poll(describe_gateway, until=lambda b: b.status == "active", timeout_s=60, what=what)

    active = r.step("DescribeVpnGateway (poll until active)", wait_active, needs=[gw])

    def create_ssl_server():
        body = ok(
            c.create_ssl_vpn_server(
                m.CreateSslVpnServerRequest(
                    region_id=region,
                    vpn_gateway_id=gw,
                    client_ip_pool="10.71.0.0/24",
                    local_subnet="172.23.0.0/16",
                    name="interop-v3-ssl",
                )
            )
        )
        return body.ssl_vpn_server_id

    ssl = r.step("CreateSslVpnServer (for the client operations)", lambda: retry_configuring(create_ssl_server), needs=[active])

    def create_cert(name):
        req = m.CreateSslVpnClientCertRequest(region_id=region, ssl_vpn_server_id=ssl, name=name)
        return ok(c.create_ssl_vpn_client_cert(req)).ssl_vpn_client_cert_id

    certs = r.step("CreateSslVpnClientCert x3", lambda: [create_cert(n) for n in ("alice", "bob", "carol")], needs=[ssl])

    # ------------------------------------------------------- DescribeSslVpnClients
    def list_clients():
        names = []
        for page in (1, 2):
            body = ok(
                c.describe_ssl_vpn_clients(
                    m.DescribeSslVpnClientsRequest(region_id=region, vpn_gateway_id=gw, page_number=page, page_size=2)
                )
            )
            expect_eq(body.total_count, 3, "TotalCount")
            expect_eq(body.page_number, page, "PageNumber")
            for client in body.client_info_list:
                expect_eq(client.status, "online", "Status")
                expect(client.private_ip.startswith("10.71.0."), f"PrivateIp from the pool: {client.private_ip!r}")
                expect(isinstance(client.connected_time, int), f"ConnectedTime: {client.connected_time!r}")
                names.append(client.common_name)
        expect_eq(names, [f"CN={cert}" for cert in certs], "one client per certificate")

    r.step("DescribeSslVpnClients (two pages)", list_clients, needs=[certs])

    def clients_unknown_gateway():
        req = m.DescribeSslVpnClientsRequest(region_id=region, vpn_gateway_id="vpn-doesnotexist000000000")
        expect_error(lambda: c.describe_ssl_vpn_clients(req), "InvalidVpnGatewayInstanceId.NotFound", 404)

    r.step("error: DescribeSslVpnClients unknown gateway -> InvalidVpnGatewayInstanceId.NotFound", clients_unknown_gateway)

    # ---------------------------------------------------- DescribeSslVpnClientCert
    def describe_cert():
        req = m.DescribeSslVpnClientCertRequest(region_id=region, ssl_vpn_client_cert_id=certs[1])
        body = ok(c.describe_ssl_vpn_client_cert(req))
        expect_eq(body.ssl_vpn_client_cert_id, certs[1], "SslVpnClientCertId")
        expect_eq(body.ssl_vpn_server_id, ssl, "SslVpnServerId")
        expect_eq(body.name, "bob", "Name")
        expect_eq(body.status, "normal", "Status")
        expect(body.end_time > body.create_time, "EndTime after CreateTime")
        expect(body.client_cert.startswith("-----BEGIN CERTIFICATE-----"), "ClientCert is PEM")
        expect(body.client_key.startswith("-----BEGIN RSA PRIVATE KEY-----"), "ClientKey is PEM")
        expect("remote " in body.client_config and "proto udp" in body.client_config, f"ClientConfig: {body.client_config!r}")

    r.step("DescribeSslVpnClientCert", describe_cert, needs=[certs])

    def cert_not_found():
        req = m.DescribeSslVpnClientCertRequest(region_id=region, ssl_vpn_client_cert_id="vsc-doesnotexist000000000")
        expect_error(lambda: c.describe_ssl_vpn_client_cert(req), "InvalidSslVpnClientCertId.NotFound", 404)

    r.step("error: DescribeSslVpnClientCert unknown id -> InvalidSslVpnClientCertId.NotFound", cert_not_found)

    # ----------------------------------------------------------- CreateIpsecServer
    def pool_overlap():
        # The client pool inside a local block: refused before anything is created.
        req = m.CreateIpsecServerRequest(
            region_id=region,
            vpn_gateway_id=gw,
            client_ip_pool="172.24.10.0/24",
            local_subnet="172.24.0.0/16",
            psk_enabled=True,
        )
        expect_error(lambda: c.create_ipsec_server(req), "IllegalParam.ClientIpPool", 400)

    r.step("error: CreateIpsecServer pool inside LocalSubnet -> IllegalParam.ClientIpPool", lambda: retry_configuring(pool_overlap), needs=[ssl])

    def create_server():
        req = m.CreateIpsecServerRequest(
            region_id=region,
            vpn_gateway_id=gw,
            client_ip_pool="10.90.0.0/24",
            local_subnet="172.24.0.0/16",
            ip_sec_server_name="interop-v3-iss",
            psk_enabled=True,
            effect_immediately=True,
            ipsec_config=json.dumps({"IpsecEncAlg": "aes256", "IpsecLifetime": 3600}),
            client_token=str(uuid.uuid4()),
        )
        body = ok(c.create_ipsec_server(req))
        expect(isinstance(body.ipsec_server_id, str) and body.ipsec_server_id.startswith("iss-"), "IpsecServerId")
        expect_eq(body.ipsec_server_name, "interop-v3-iss", "IpsecServerName")
        expect(body.creation_time and body.creation_time.endswith("Z"), f"CreationTime: {body.creation_time!r}")
        return body.ipsec_server_id

    iss = r.step("CreateIpsecServer", lambda: retry_configuring(create_server), needs=[ssl])

    ready = r.step(
        "DescribeVpnGateway (poll until active after the creation)",
        lambda: wait_active("the gateway active again after CreateIpsecServer"),
        needs=[iss],
    )

    # ------------------------------------------------------------ ListIpsecServers
    def list_server():
        body = ok(c.list_ipsec_servers(m.ListIpsecServersRequest(region_id=region, ipsec_server_id=[iss])))
        expect_eq(body.total_count, 1, "TotalCount")
        s = body.ipsec_servers[0]
        expect_eq(s.vpn_gateway_id, gw, "VpnGatewayId")
        expect_eq(s.effect_immediately, True, "EffectImmediately")
        expect(isinstance(s.psk, str) and len(s.psk) == 16, f"a generated 16-character Psk: {s.psk!r}")
        expect_eq(s.ipsec_config.ipsec_enc_alg, "aes256", "IpsecEncAlg as sent")
        expect_eq(s.ipsec_config.ipsec_lifetime, 3600, "IpsecLifetime as sent")
        expect_eq(s.ipsec_config.ipsec_auth_alg, "sha1", "IpsecAuthAlg default")
        expect_eq(s.ike_config.ike_version, "ikev2", "IkeVersion default")
        expect_eq(s.internet_ip, describe_gateway().internet_ip, "InternetIp is the gateway's")

    r.step("ListIpsecServers (by id)", list_server, needs=[iss])

    def list_by_token():
        pages, ids, token, total = 0, [], None, None
        while True:
            body = ok(c.list_ipsec_servers(m.ListIpsecServersRequest(region_id=region, max_results=2, next_token=token)))
            pages += 1
            total = body.total_count
            ids += [s.ipsec_server_id for s in body.ipsec_servers]
            token = body.next_token
            if not token or pages > 200:
                break
        expect(iss in ids, f"{iss} in {ids}")
        expect_eq(len(ids), total, "every page, to the empty token")
        expect_eq(len(set(ids)), len(ids), "no server twice")

    r.step("ListIpsecServers (MaxResults=2, following NextToken)", list_by_token, needs=[iss])

    def bad_token():
        req = m.ListIpsecServersRequest(region_id=region, next_token="not-a-token-the-service-gave")
        expect_error(lambda: c.list_ipsec_servers(req), "InvalidParameter", 400)

    r.step("error: ListIpsecServers a token no answer gave -> InvalidParameter", bad_token)

    # ----------------------------------------------------------- UpdateIpsecServer
    def update():
        req = m.UpdateIpsecServerRequest(
            region_id=region,
            ipsec_server_id=iss,
            local_subnet="172.24.0.0/16,172.25.0.0/16",
            ike_config=json.dumps({"IkeVersion": "ikev1"}),
            psk="interop-v3-psk-0002",
            dry_run="true",
        )
        expect_error(lambda: c.update_ipsec_server(req), "DryRunOperation", 400)
        req.dry_run = None
        ok(c.update_ipsec_server(req))
        wait_active("the gateway active again after UpdateIpsecServer")
        s = ok(c.list_ipsec_servers(m.ListIpsecServersRequest(region_id=region, vpn_gateway_id=gw))).ipsec_servers[0]
        expect_eq(s.local_subnet, "172.24.0.0/16,172.25.0.0/16", "LocalSubnet")
        expect_eq(s.psk, "interop-v3-psk-0002", "Psk")
        expect_eq(s.ike_config.ike_version, "ikev1", "IkeVersion changed")
        expect_eq(s.ike_config.ike_mode, "main", "the other keys stay")

    r.step("UpdateIpsecServer (a dry run, then for real)", lambda: retry_configuring(update), needs=[ready])

    def update_overlap():
        req = m.UpdateIpsecServerRequest(region_id=region, ipsec_server_id=iss, client_ip_pool="172.25.1.0/24")
        expect_error(lambda: c.update_ipsec_server(req), "IllegalParam.ClientIpPool", 400)

    r.step("error: UpdateIpsecServer pool inside LocalSubnet -> IllegalParam.ClientIpPool", lambda: retry_configuring(update_overlap), needs=[ready])

    # --------------------------------------------------------- ListIpsecServerLogs
    def logs():
        body = ok(
            c.list_ipsec_server_logs(
                m.ListIpsecServerLogsRequest(
                    region_id=region, ipsec_server_id=iss, from_=LOG_FROM, to=LOG_TO, page_size=50
                )
            )
        )
        expect_eq(body.count, 31, "a line every 20 seconds")
        expect_eq(body.is_completed, True, "IsCompleted")
        again = ok(
            c.list_ipsec_server_logs(
                m.ListIpsecServerLogsRequest(
                    region_id=region, ipsec_server_id=iss, from_=LOG_FROM, minute_period=10, page_size=50
                )
            )
        )
        expect_eq(again.data, body.data, "the same range answers the same lines")

    r.step("ListIpsecServerLogs", logs, needs=[iss])

    def logs_unknown():
        req = m.ListIpsecServerLogsRequest(region_id=region, ipsec_server_id="iss-doesnotexist000000000", minute_period=1)
        expect_error(lambda: c.list_ipsec_server_logs(req), "InvalidIpsecServerId.NotFound", 404)

    r.step("error: ListIpsecServerLogs unknown id -> InvalidIpsecServerId.NotFound", logs_unknown)

    # ----------------------------------------------------------- DeleteIpsecServer
    def delete_server():
        ok(c.delete_ipsec_server(m.DeleteIpsecServerRequest(region_id=region, ipsec_server_id=iss)))
        wait_active("the gateway active again after DeleteIpsecServer")
        body = ok(c.list_ipsec_servers(m.ListIpsecServersRequest(region_id=region, vpn_gateway_id=gw)))
        expect_eq(body.total_count, 0, "no server left")

    deleted = r.step("DeleteIpsecServer", lambda: retry_configuring(delete_server), needs=[iss])

    def delete_again():
        req = m.DeleteIpsecServerRequest(region_id=region, ipsec_server_id=iss)
        expect_error(lambda: c.delete_ipsec_server(req), "InvalidIpsecServerId.NotFound", 404)

    r.step("error: DeleteIpsecServer deleted id -> InvalidIpsecServerId.NotFound", delete_again, needs=[deleted])

    # -------------------------------------------------------------------- clean-up
    def clean_up():
        for cert in certs:
            ok(c.delete_ssl_vpn_client_cert(m.DeleteSslVpnClientCertRequest(region_id=region, ssl_vpn_client_cert_id=cert)))
        ok(c.delete_ssl_vpn_server(m.DeleteSslVpnServerRequest(region_id=region, ssl_vpn_server_id=ssl)))
        ok(c.delete_vpn_gateway(m.DeleteVpnGatewayRequest(region_id=region, vpn_gateway_id=gw)))

    r.step("clean-up (certificates, SSL-VPN server, gateway)", lambda: retry_configuring(clean_up), needs=[deleted, certs])

    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
