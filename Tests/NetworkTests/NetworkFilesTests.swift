import Spec
import Testing
@testable import Network

@Suite struct NetworkFilesTests {
    func record(_ id: String, name: String?, address: String?, network: String? = "n") -> AttachmentRecord {
        var r = AttachmentRecord(id: id, name: name, hostname: nil, owner: .init(pid: 1, startTime: 1), mode: network ?? "none")
        r.network = network
        r.subnet = IPv4Subnet("10.77.0.0/24")
        r.address = address.flatMap { IPv4Address($0) }
        return r
    }

    @Test func hostsListOwnNamesExtraEntriesAndPeers() {
        var me = record("a", name: "a", address: "10.77.0.2")
        me.hostname = "box"
        me.hosts = [ContainerSpec.HostEntry(name: "db.local", address: "192.0.2.9")]
        let peer = record("b", name: "b", address: "10.77.0.3")
        let unaddressed = record("c", name: "c", address: nil)
        #expect(NetworkFiles.hosts(for: me, peers: [me, peer, unaddressed]) == """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            10.77.0.2\tbox a
            192.0.2.9\tdb.local
            10.77.0.3\tb

            """)
    }

    @Test func withoutAnAddressTheNamesGoOnLocalhost() {
        let me = record("apply-1", name: nil, address: nil, network: nil)
        var named = me
        named.hostname = "solo"
        #expect(NetworkFiles.hosts(for: named, peers: []).hasPrefix("127.0.0.1\tlocalhost solo\n"))
    }

    @Test func resolvConfDropsLoopbackServersAndPutsTheSpecsFirst() {
        let host = "# generated\nsearch example.org\nnameserver 127.0.0.53\nnameserver 192.0.2.1\nnameserver ::1\noptions edns0\n"
        #expect(NetworkFiles.resolvConf(host: host, servers: ["192.0.2.53"], keepLoopback: false) == """
            nameserver 192.0.2.53
            # generated
            search example.org
            nameserver 192.0.2.1
            options edns0

            """)
        #expect(NetworkFiles.resolvConf(host: host, servers: [], keepLoopback: true).contains("nameserver 127.0.0.53"))
    }

    @Test func resolvConfWithNoServerLeftGetsThePublicOnesAsDockerDoes() {
        let text = NetworkFiles.resolvConf(host: "nameserver 127.0.0.1\n", servers: [], keepLoopback: false)
        #expect(text == "nameserver 8.8.8.8\nnameserver 8.8.4.4\n")
    }

    @Test func recordsRoundTripThroughTheirText() {
        var r = record("web", name: "web", address: "10.77.0.4")
        r.hostname = "h"
        r.bridge = "md-n"
        r.ports = [try! PortMapping.parse("127.0.0.1:8080-8081:80-81/udp")]
        r.hosts = [ContainerSpec.HostEntry(name: "x", address: "::1")]
        #expect(AttachmentRecord.parse(r.text) == r)
        #expect(AttachmentRecord.parse("owner=1:2\n") == nil)
    }
}
