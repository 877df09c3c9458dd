import Testing
@testable import Spec

@Suite struct PortMappingTests {
    @Test func parsesEveryForm() throws {
        #expect(try PortMapping.parse("8080:80") == PortMapping(hostPort: 8080, containerPort: 80))
        #expect(try PortMapping.parse("127.0.0.1:5353:53/udp")
            == PortMapping(hostIP: IPv4Address("127.0.0.1"), hostPort: 5353, containerPort: 53, proto: .udp))
        let range = try PortMapping.parse("9000-9002:7000-7002/tcp")
        #expect(range == PortMapping(hostPort: 9000, containerPort: 7000, count: 3))
        #expect(range.expanded.map(\.hostPort) == [9000, 9001, 9002])
        #expect(range.expanded.map(\.containerPort) == [7000, 7001, 7002])
        #expect(range.text == "9000-9002:7000-7002/tcp")
        #expect(try PortMapping.parse("65535:1").hostPorts == 65535...65535)
    }

    @Test(arguments: ["80", "", ":80", "8080:", "0:80", "8080:65536", "a:80", "8080:80/sctp", "1.2.3:80:80", "1:2:3:4", "9-8:9-8", "+80:80", "8080:80/"])
    func refusesMalformedText(text: String) {
        #expect(throws: PortMapping.ParseError.self) { try PortMapping.parse(text) }
    }

    @Test func rangesOfDifferentLengthsAreTheirOwnError() {
        #expect(throws: PortMapping.ParseError.rangeLengths(host: 3, container: 2)) { try PortMapping.parse("1-3:1-2") }
    }
}

@Suite struct IPv4Tests {
    @Test func addresses() {
        #expect(IPv4Address("10.90.0.1")?.value == 0x0A5A_0001)
        #expect(IPv4Address("10.90.0.1")?.description == "10.90.0.1")
        for bad in ["10.90.0", "10.90.0.256", "010.1.1.1", "1..1.1", "a.b.c.d", "1.2.3.4.5", " 1.2.3.4"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        #expect(IPv4Address.isIPv6("2001:db8::1"))
        #expect(IPv4Address.isIPv6("::1"))
        #expect(IPv4Address.isIPv6("::ffff:192.0.2.1"))
        #expect(IPv4Address.isIPv6("1:2:3:4:5:6:7:8"))
        #expect(!IPv4Address.isIPv6("1:2:3:4:5:6:7"))
        #expect(!IPv4Address.isIPv6("1::2::3"))
        #expect(!IPv4Address.isIPv6("resolver.example"))
    }

    @Test func subnets() throws {
        let subnet = try #require(IPv4Subnet("10.90.0.0/16"))
        #expect(subnet.gateway.description == "10.90.0.1")
        #expect(subnet.broadcast.description == "10.90.255.255")
        #expect(subnet.contains(try #require(IPv4Address("10.90.3.4"))))
        #expect(!subnet.contains(try #require(IPv4Address("10.91.0.1"))))
        #expect(subnet.overlaps(try #require(IPv4Subnet("10.90.7.0/24"))))
        #expect(!subnet.overlaps(try #require(IPv4Subnet("10.91.0.0/24"))))
        #expect(IPv4Subnet("10.90.0.1/16") == nil)  // host bits set
        #expect(IPv4Subnet("10.0.0.0/4") == nil)
        #expect(IPv4Subnet("10.90.0.0") == nil)
    }
}

@Suite struct NetworkSectionTests {
    func load(_ text: String) -> LoadResult { Linter.lint(bytes: Array(text.utf8), file: "n.yaml", baseDirectory: "/") }

    @Test func decodesTheSection() throws {
        let result = load("""
            process: {args: [/bin/true]}
            root: {path: /nonexistent-rootfs}
            linux: {namespaces: [network, mount]}
            network:
              mode: web
              ports: [8080:80, "127.0.0.1:53:53/udp"]
              address: 10.91.0.9
              hosts: {db: 10.91.0.7}
              dns: [192.0.2.53]
            """)
        let network = try #require(result.spec?.network)
        #expect(result.diagnostics.isEmpty)
        #expect(network.mode == .named("web"))
        #expect(network.ports.map(\.text) == ["8080:80/tcp", "127.0.0.1:53:53/udp"])
        #expect(network.address?.description == "10.91.0.9")
        #expect(network.hosts == [ContainerSpec.HostEntry(name: "db", address: "10.91.0.7")])
        #expect(network.dns == ["192.0.2.53"])
    }

    @Test func modesAndTheirNetworks() {
        #expect(NetworkMode("bridge") == .bridge)
        #expect(NetworkMode("mydocker") == .bridge)
        #expect(NetworkMode("none").networkName == nil)
        #expect(NetworkMode("host").networkName == nil)
        #expect(NetworkMode("bridge").networkName == "mydocker")
        #expect(NetworkMode("web").networkName == "web")
        #expect(NetworkMode.nameProblem(String(repeating: "a", count: 33)) != nil)
    }

    @Test func aSpecWithoutTheSectionHasNone() {
        #expect(load("process: {args: [/bin/true]}").spec?.network == nil)
    }
}
