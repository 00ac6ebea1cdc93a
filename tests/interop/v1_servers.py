"""Drives the IPsec-server and SSL-VPN client operations with the unmodified legacy SDK.

aliyun-python-sdk-core's AcsClient (V1 signatures, HMAC-SHA1) plus the request classes of
aliyun-python-sdk-vpc, which has one for each of the seven operations (no CommonRequest
is needed): CreateIpsecServer, UpdateIpsecServer, DeleteIpsecServer, ListIpsecServers
(followed by NextToken), ListIpsecServerLogs, DescribeSslVpnClients and
DescribeSslVpnClientCert. Each has a success step and a documented error step, asserted
through ServerException.get_error_code() and the HTTP status.

Usage: v1_servers.py --endpoint http://127.0.0.1:PORT --access-key-id ID --access-key-secret S
"""

from __future__ import annotations

import json
import logging
import sys
import uuid

from aliyunsdkvpc.request.v20160428 import (
    CreateIpsecServerRequest,
    CreateSslVpnClientCertRequest,
    CreateSslVpnServerRequest,
    CreateVpnGatewayRequest,
    DeleteIpsecServerRequest,
    DeleteSslVpnClientCertRequest,
    DeleteSslVpnServerRequest,
    DeleteVpnGatewayRequest,
    DescribeSslVpnClientCertRequest,
    DescribeSslVpnClientsRequest,
    DescribeVpnGatewayRequest,
    ListIpsecServerLogsRequest,
    ListIpsecServersRequest,
    UpdateIpsecServerRequest,
)

from harness import Runner, expect, expect_eq, parse_args, poll
from legacy_support import make_client, call, expect_error, retry_configuring

NAME = "v1_servers"
VPC_ID = "vpc-interopv1servers0001"
# Ten minutes of logs on the emulator's 20-second grid: 31 lines, both ends included.
LOG_FROM = 1_671_003_600
LOG_TO = LOG_FROM + 600

def main() -> int:
    args = parse_args(__doc__)
    logging.getLogger("aliyunsdkcore").addHandler(logging.NullHandler())
    c = make_client(args)
    r = Runner(NAME)

    # ------------------------------------------------------ a gateway with SSL-VPN
    def create_gateway():
        req = CreateVpnGatewayRequest.CreateVpnGatewayRequest()
        req.set_VpcId(VPC_ID)
        req.set_Bandwidth(10)
        req.set_EnableSsl(True)
        req.set_SslConnections(5)
        req.set_Name("interop-v1-servers-gw")
        gw_id = call(c, req).get("VpnGatewayId")
        expect(isinstance(gw_id, str) and gw_id.startswith("vpn-"), f"VpnGatewayId: {gw_id!r}")
        return gw_id

    gw = r.step("CreateVpnGateway (SSL-VPN on)", create_gateway)

    def describe_gateway():
        req = DescribeVpnGatewayRequest.DescribeVpnGatewayRequest()
        req.set_VpnGatewayId(gw)
        return call(c, req)

    def wait_active(what="VPN gateway active"):
        return poll(describe_gateway, until=lambda d: d.get("Status") == "active", timeout_s=60, what=what)

    active = r.step("DescribeVpnGateway (poll until active)", wait_active, needs=[gw])

    def create_ssl_server():
        req = CreateSslVpnServerRequest.CreateSslVpnServerRequest()
        req.set_VpnGatewayId(gw)
        req.set_ClientIpPool("10.70.0.0/24")
        req.set_LocalSubnet("172.20.0.0/16")
        req.set_Name("interop-v1-ssl")
        return call(c, req).get("SslVpnServerId")

    ssl = r.step("CreateSslVpnServer (for the client operations)", lambda: retry_configuring(create_ssl_server), needs=[active])

    def create_cert(name):
        req = CreateSslVpnClientCertRequest.CreateSslVpnClientCertRequest()
        req.set_SslVpnServerId(ssl)
        req.set_Name(name)
        return call(c, req).get("SslVpnClientCertId")

    certs = r.step("CreateSslVpnClientCert x2", lambda: [create_cert("alice"), create_cert("bob")], needs=[ssl])

    # ------------------------------------------------------- DescribeSslVpnClients
    def list_clients():
        seen = []
        for page in (1, 2):
            req = DescribeSslVpnClientsRequest.DescribeSslVpnClientsRequest()
            req.set_VpnGatewayId(gw)
            req.set_PageNumber(page)
            req.set_PageSize(1)
            data = call(c, req)
            expect_eq(data.get("TotalCount"), 2, "TotalCount")
            expect_eq(data.get("VpnGatewayId"), gw, "VpnGatewayId")
            clients = data.get("ClientInfoList")
            expect(isinstance(clients, list) and len(clients) == 1, f"one client a page: {data!r}")
            expect_eq(clients[0].get("Status"), "online", "Status")
            expect(clients[0].get("PrivateIp", "").startswith("10.70.0."), f"PrivateIp from the pool: {clients!r}")
            seen.append(clients[0].get("CommonName"))
        expect_eq(seen, [f"CN={cert}" for cert in certs], "one client per certificate")

    r.step("DescribeSslVpnClients (two pages)", list_clients, needs=[certs])

    def clients_unknown_gateway():
        req = DescribeSslVpnClientsRequest.DescribeSslVpnClientsRequest()
        req.set_VpnGatewayId("vpn-doesnotexist000000000")
        expect_error(c, req, "InvalidVpnGatewayInstanceId.NotFound", 404)

    r.step("error: DescribeSslVpnClients unknown gateway -> InvalidVpnGatewayInstanceId.NotFound", clients_unknown_gateway)

    # ---------------------------------------------------- DescribeSslVpnClientCert
    def describe_cert():
        req = DescribeSslVpnClientCertRequest.DescribeSslVpnClientCertRequest()
        req.set_SslVpnClientCertId(certs[0])
        data = call(c, req)
        expect_eq(data.get("SslVpnClientCertId"), certs[0], "SslVpnClientCertId")
        expect_eq(data.get("SslVpnServerId"), ssl, "SslVpnServerId")
        expect_eq(data.get("Name"), "alice", "Name")
        expect_eq(data.get("Status"), "normal", "Status")
        expect(data.get("CaCert", "").startswith("-----BEGIN CERTIFICATE-----"), "CaCert is PEM")
        expect(data.get("ClientKey", "").startswith("-----BEGIN RSA PRIVATE KEY-----"), "ClientKey is PEM")
        expect(f"cert {certs[0]}.crt" in data.get("ClientConfig", ""), f"ClientConfig: {data.get('ClientConfig')!r}")

    r.step("DescribeSslVpnClientCert", describe_cert, needs=[certs])

    def cert_not_found():
        req = DescribeSslVpnClientCertRequest.DescribeSslVpnClientCertRequest()
        req.set_SslVpnClientCertId("vsc-doesnotexist000000000")
        expect_error(c, req, "InvalidSslVpnClientCertId.NotFound", 404)

    r.step("error: DescribeSslVpnClientCert unknown id -> InvalidSslVpnClientCertId.NotFound", cert_not_found)

    # ----------------------------------------------------------- CreateIpsecServer
    token = str(uuid.uuid4())

    def create_server():
        req = CreateIpsecServerRequest.CreateIpsecServerRequest()
        req.set_VpnGatewayId(gw)
        req.set_ClientIpPool("10.80.0.0/24")
        req.set_LocalSubnet("172.21.0.0/16,172.22.0.0/16")
        req.set_IpSecServerName("interop-v1-iss")
        req.set_PskEnabled(True)
        req.set_Psk("interop-v1-psk-0001")
        req.set_IkeConfig(json.dumps({"IkeVersion": "ikev1", "IkeMode": "aggressive"}))
        req.set_ClientToken(token)
        data = call(c, req)
        iss = data.get("IpsecServerId")
        expect(isinstance(iss, str) and iss.startswith("iss-"), f"IpsecServerId: {data!r}")
        expect_eq(data.get("IpsecServerName"), "interop-v1-iss", "IpsecServerName")
        expect_eq(data.get("VpnGatewayId"), gw, "VpnGatewayId")
        return iss

    iss = r.step("CreateIpsecServer", lambda: retry_configuring(create_server), needs=[ssl])

    def updating_then_active():
        # The creation is asynchronous: the gateway reads `updating`, then `active`.
        wait_active("the gateway active again after CreateIpsecServer")

    ready = r.step("DescribeVpnGateway (poll until active after the creation)", updating_then_active, needs=[iss])

    def create_second():
        req = CreateIpsecServerRequest.CreateIpsecServerRequest()
        req.set_VpnGatewayId(gw)
        req.set_ClientIpPool("10.81.0.0/24")
        req.set_LocalSubnet("172.21.0.0/16")
        req.set_PskEnabled(True)
        expect_error(c, req, "OperationFailed.IPsecServerExist", 400)

    r.step("error: CreateIpsecServer a second on the gateway -> OperationFailed.IPsecServerExist", create_second, needs=[ready])

    # ------------------------------------------------------------ ListIpsecServers
    def list_server():
        req = ListIpsecServersRequest.ListIpsecServersRequest()
        req.set_VpnGatewayId(gw)
        data = call(c, req)
        expect_eq(data.get("TotalCount"), 1, "TotalCount")
        servers = data.get("IpsecServers")
        expect(isinstance(servers, list) and len(servers) == 1, f"IpsecServers: {data!r}")
        s = servers[0]
        expect_eq(s.get("IpsecServerId"), iss, "IpsecServerId")
        expect_eq(s.get("Psk"), "interop-v1-psk-0001", "Psk")
        expect_eq(s.get("PskEnabled"), True, "PskEnabled")
        expect_eq(s.get("LocalSubnet"), "172.21.0.0/16,172.22.0.0/16", "LocalSubnet")
        expect_eq(s.get("MaxConnections"), 5, "MaxConnections (the gateway's SSL quota)")
        ike = s.get("IkeConfig") or {}
        expect_eq(ike.get("IkeVersion"), "ikev1", "IkeConfig.IkeVersion as sent")
        expect_eq(ike.get("IkeMode"), "aggressive", "IkeConfig.IkeMode as sent")
        expect_eq(ike.get("IkeAuthAlg"), "sha1", "IkeConfig.IkeAuthAlg default")
        expect_eq(ike.get("LocalId"), describe_gateway().get("InternetIp"), "LocalId is the gateway's address")
        expect_eq((s.get("IpsecConfig") or {}).get("IpsecPfs"), "group2", "IpsecConfig.IpsecPfs default")

    r.step("ListIpsecServers (by gateway)", list_server, needs=[iss])

    def list_by_token():
        pages, ids, next_token = 0, [], None
        while True:
            req = ListIpsecServersRequest.ListIpsecServersRequest()
            req.set_MaxResults(1)
            req.set_IpsecServerIds([iss])
            if next_token:
                req.set_NextToken(next_token)
            data = call(c, req)
            pages += 1
            ids += [s.get("IpsecServerId") for s in data.get("IpsecServers", [])]
            next_token = data.get("NextToken")
            if not next_token or pages > 50:
                break
        expect_eq(ids, [iss], "the server, by its id")
        # All of the region's servers, one a page, following NextToken to the end.
        pages, all_ids, next_token, total = 0, [], None, None
        while True:
            req = ListIpsecServersRequest.ListIpsecServersRequest()
            req.set_MaxResults(1)
            if next_token:
                req.set_NextToken(next_token)
            data = call(c, req)
            total = data.get("TotalCount")
            pages += 1
            all_ids += [s.get("IpsecServerId") for s in data.get("IpsecServers", [])]
            next_token = data.get("NextToken")
            if not next_token or pages > 200:
                break
        expect(iss in all_ids, f"{iss} in {all_ids}")
        expect_eq(len(all_ids), total, "one server a page, every page")
        expect_eq(len(set(all_ids)), len(all_ids), "no server twice")

    r.step("ListIpsecServers (MaxResults=1, following NextToken)", list_by_token, needs=[iss])

    def bad_token():
        req = ListIpsecServersRequest.ListIpsecServersRequest()
        req.set_NextToken("caeba0bbb2be03f84eb48b699f0a0000")
        expect_error(c, req, "InvalidParameter", 400)

    r.step("error: ListIpsecServers a token no answer gave -> InvalidParameter", bad_token)

    # ----------------------------------------------------------- UpdateIpsecServer
    def rename():
        req = UpdateIpsecServerRequest.UpdateIpsecServerRequest()
        req.set_IpsecServerId(iss)
        req.set_IpsecServerName("interop-v1-iss-renamed")
        call(c, req)
        expect_eq(describe_gateway().get("Status"), "active", "a rename is synchronous")
        req = UpdateIpsecServerRequest.UpdateIpsecServerRequest()
        req.set_IpsecServerId(iss)
        req.set_IpsecConfig(json.dumps({"IpsecPfs": "disabled"}))
        req.set_ClientIpPool("10.82.0.0/24")
        call(c, req)
        wait_active("the gateway active again after UpdateIpsecServer")
        lreq = ListIpsecServersRequest.ListIpsecServersRequest()
        lreq.set_VpnGatewayId(gw)
        s = call(c, lreq)["IpsecServers"][0]
        expect_eq(s.get("IpsecServerName"), "interop-v1-iss-renamed", "IpsecServerName")
        expect_eq(s.get("ClientIpPool"), "10.82.0.0/24", "ClientIpPool")
        expect_eq(s["IpsecConfig"].get("IpsecPfs"), "disabled", "IpsecPfs changed")
        expect_eq(s["IpsecConfig"].get("IpsecAuthAlg"), "sha1", "the other keys stay")

    r.step("UpdateIpsecServer (rename, then pool and IPsec settings)", lambda: retry_configuring(rename), needs=[ready])

    def update_unknown():
        req = UpdateIpsecServerRequest.UpdateIpsecServerRequest()
        req.set_IpsecServerId("iss-doesnotexist000000000")
        req.set_IpsecServerName("x")
        expect_error(c, req, "InvalidIpsecServerId.NotFound", 404)

    r.step("error: UpdateIpsecServer unknown id -> InvalidIpsecServerId.NotFound", update_unknown)

    # --------------------------------------------------------- ListIpsecServerLogs
    def logs():
        lines = []
        for page in (1, 2, 3, 4):
            req = ListIpsecServerLogsRequest.ListIpsecServerLogsRequest()
            req.set_IpsecServerId(iss)
            req.set_From(LOG_FROM)
            req.set_To(LOG_TO)
            req.set_PageNumber(page)
            req.set_PageSize(10)
            data = call(c, req)
            lines += data.get("Data", [])
            expect_eq(data.get("IsCompleted"), page == 4, f"IsCompleted on page {page}")
        expect_eq(len(lines), 31, "a line every 20 seconds")
        expect(lines[0].startswith("2022-12-14 07:40:00 charon: "), f"first line: {lines[0]!r}")

    r.step("ListIpsecServerLogs (four pages)", logs, needs=[iss])

    def logs_unknown():
        req = ListIpsecServerLogsRequest.ListIpsecServerLogsRequest()
        req.set_IpsecServerId("iss-doesnotexist000000000")
        req.set_MinutePeriod(5)
        expect_error(c, req, "InvalidIpsecServerId.NotFound", 404)

    r.step("error: ListIpsecServerLogs unknown id -> InvalidIpsecServerId.NotFound", logs_unknown)

    # ----------------------------------------------------------- DeleteIpsecServer
    def delete_server():
        req = DeleteIpsecServerRequest.DeleteIpsecServerRequest()
        req.set_IpsecServerId(iss)
        req.set_DryRun("true")
        expect_error(c, req, "DryRunOperation", 400)
        req = DeleteIpsecServerRequest.DeleteIpsecServerRequest()
        req.set_IpsecServerId(iss)
        req.set_ClientToken(str(uuid.uuid4()))
        call(c, req)
        wait_active("the gateway active again after DeleteIpsecServer")
        lreq = ListIpsecServersRequest.ListIpsecServersRequest()
        lreq.set_VpnGatewayId(gw)
        expect_eq(call(c, lreq).get("TotalCount"), 0, "no server left")

    deleted = r.step("DeleteIpsecServer (a dry run, then for real)", lambda: retry_configuring(delete_server), needs=[iss])

    def delete_again():
        req = DeleteIpsecServerRequest.DeleteIpsecServerRequest()
        req.set_IpsecServerId(iss)
        expect_error(c, req, "InvalidIpsecServerId.NotFound", 404)

    r.step("error: DeleteIpsecServer deleted id -> InvalidIpsecServerId.NotFound", delete_again, needs=[deleted])

    # -------------------------------------------------------------------- clean-up
    def clean_up():
        for cert in certs:
            req = DeleteSslVpnClientCertRequest.DeleteSslVpnClientCertRequest()
            req.set_SslVpnClientCertId(cert)
            call(c, req)
        req = DeleteSslVpnServerRequest.DeleteSslVpnServerRequest()
        req.set_SslVpnServerId(ssl)
        call(c, req)
        req = DeleteVpnGatewayRequest.DeleteVpnGatewayRequest()
        req.set_VpnGatewayId(gw)
        call(c, req)

    r.step("clean-up (certificates, SSL-VPN server, gateway)", lambda: retry_configuring(clean_up), needs=[deleted, certs])

    return r.finish()


if __name__ == "__main__":
    sys.exit(main())
