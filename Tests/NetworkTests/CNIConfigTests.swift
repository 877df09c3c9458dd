import Spec
import Testing
@testable import Network

@Suite struct CNIConfigTests {
    let network = NetworkDefinition(name: "web", subnet: IPv4Subnet("10.91.7.0/24")!)

    @Test func theChainIsBridgeThenPortmapWhenPortsArePublishedThenFirewall() throws {
        let plain = CNIConfig(network: network, ports: [], leaseDirectory: "/run/x/ipam")
        #expect(plain.plugins.map(\.type) == ["bridge", "firewall"])
        let published = CNIConfig(network: network, ports: [try PortMapping.parse("8080-8081:80-81")], leaseDirectory: "/run/x/ipam")
        #expect(published.plugins.map(\.type) == ["bridge", "portmap", "firewall"])
        #expect(Set(published.plugins.map(\.type)).isSubset(of: CNIConfig.pluginTypes))
    }

    @Test func bridgeConfigurationAsPodmansCNIBackendWritesIt() {
        let bridge = CNIConfig(network: network, ports: [], leaseDirectory: "/run/x/ipam").plugins[0].config.rendered()
        #expect(bridge == """
            {
              "cniVersion": "1.0.0",
              "name": "web",
              "type": "bridge",
              "bridge": "md-web",
              "isGateway": true,
              "ipMasq": true,
              "hairpinMode": true,
              "ipam": {
                "type": "host-local",
                "routes": [
                  {
                    "dst": "0.0.0.0/0"
                  }
                ],
                "ranges": [
                  [
                    {
                      "subnet": "10.91.7.0/24",
                      "gateway": "10.91.7.1"
                    }
                  ]
                ],
                "dataDir": "/run/x/ipam"
              }
            }
            """)
    }

    @Test func portmapGetsEachPortOfARangeAsRuntimeConfig() throws {
        let config = CNIConfig(network: network, ports: [try PortMapping.parse("127.0.0.1:9000-9001:90-91/udp")], leaseDirectory: "/l")
        let portmap = config.plugins[1].config.rendered()
        #expect(portmap.contains("\"portMappings\": true"))
        for (host, container) in [(9000, 90), (9001, 91)] {
            #expect(portmap.contains("""
                      {
                        "hostPort": \(host),
                        "containerPort": \(container),
                        "protocol": "udp",
                        "hostIP": "127.0.0.1"
                      }
                """))
        }
    }

    @Test func theInputCarriesThePreviousResult() throws {
        let input = String(decoding: CNIConfig.input(.object([("type", .string("firewall"))]), prevResult: #"{"ips": []}"#), as: UTF8.self)
        #expect(input == "{\n  \"type\": \"firewall\",\n  \"prevResult\": {\"ips\": []}\n}")
        #expect(String(decoding: CNIConfig.input(.object([("type", .string("x"))]), prevResult: nil), as: UTF8.self) == "{\n  \"type\": \"x\"\n}")
    }

    @Test func resultsAndErrorsAreReadFromThePluginsJSON() throws {
        let json = #"{"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/x"}],"ips":[{"interface":0,"address":"10.91.7.2/24","gateway":"10.91.7.1"}],"dns":{}}"#
        let result = try #require(CNIResult.parse(Array(json.utf8)))
        #expect(result.addresses == ["10.91.7.2/24"])
        #expect(result.gateway == "10.91.7.1")
        #expect(result.ipv4?.description == "10.91.7.2")
        #expect(result.json == json)
        #expect(CNIResult.errorMessage(Array(#"{"code":11,"msg":"failed to allocate","details":"no IP left"}"#.utf8)) == "failed to allocate: no IP left")
        #expect(CNIResult.errorMessage(Array("plain text".utf8)) == nil)
        #expect(CNIResult.parse(Array("[1, 2]".utf8)) == nil)
    }

    @Test func bridgeNamesFitInALinuxInterfaceName() {
        #expect(NetworkDefinition.bridgeName(for: "web") == "md-web")
        let long = NetworkDefinition.bridgeName(for: "a-rather-long-network-name")
        #expect(long.hasPrefix("md-") && long.utf8.count == 11)
        #expect(long != NetworkDefinition.bridgeName(for: "a-rather-long-network-namf"))
        #expect(NetworkDefinition.bridgeName(for: "with.dot").utf8.count <= 15)
        #expect(NetworkDefinition.parse(network.text) == network)
        #expect(NetworkDefinition.parse("name=x\n") == nil)
        #expect(NetworkDefinition.defaultNetwork.subnet.description == "10.90.0.0/16")
        #expect(NetworkDefinition.defaultNetwork.bridge == "mydocker0")
    }
}
