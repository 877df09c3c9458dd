import Foundation
import Planner
import Spec
import Testing

@Suite("Planner: the network section")
struct NetworkPlanTests {
    func spec(_ network: ContainerSpec.Network?, kinds: [NamespaceKind] = [.network, .mount], root: Bool = true) -> ContainerSpec {
        var spec = Specs.make(kinds, root: root ? Specs.rootfs : nil)
        spec.network = network
        return spec
    }

    @Test func bridgeWithPortsIsTheParentsLastStepAndTheFilesAreBoundBeforePivot() throws {
        let network = ContainerSpec.Network(mode: .bridge, ports: [try PortMapping.parse("8080:80")],
                                            hosts: [.init(name: "db", address: "10.90.0.7")], dns: ["192.0.2.53"])
        let plan = Planner.plan(spec(network))
        let names = plan.steps.map(\.action.name)
        let setUp = try #require(names.firstIndex(of: "setUpNetwork"))
        #expect(setUp == names.lastIndex { name in plan.steps[names.firstIndex(of: name)!].actor == .parent })
        #expect(names[setUp - 1] == "enterCgroup")
        let bind = try #require(names.firstIndex(of: "bindNetworkFiles"))
        #expect(bind < (names.firstIndex(of: "pivotRoot") ?? -1))
        #expect(plan.steps[setUp].action.description == "CNI ADD to network mydocker (bridge, host-local, portmap, firewall): ports 8080:80/tcp; generate /etc/hosts, /etc/hostname, /etc/resolv.conf; hosts db=10.90.0.7; dns 192.0.2.53")
        #expect(plan.steps[bind].action.description == "bind the generated /etc/hosts, /etc/hostname, /etc/resolv.conf read-only")
    }

    @Test func noneAndNamedNetworksInWords() {
        #expect(Planner.plan(spec(.init(mode: .none))).steps.contains { $0.action.description == "network none (loopback only); generate /etc/hosts, /etc/hostname, /etc/resolv.conf" })
        let named = Planner.plan(spec(.init(mode: .named("web"), address: IPv4Address("10.91.0.9"))))
        #expect(named.steps.contains { $0.action.description == "CNI ADD to network web (bridge, host-local, firewall): address 10.91.0.9; generate /etc/hosts, /etc/hostname, /etc/resolv.conf" })
    }

    @Test func withoutTheSectionNothingIsAdded() {
        let names = Planner.plan(spec(nil)).steps.map(\.action.name)
        #expect(!names.contains("setUpNetwork"))
        #expect(!names.contains("bindNetworkFiles"))
    }

    @Test func filesAreBoundOnlyWithARootAndAMountNamespace() {
        #expect(!Planner.plan(spec(.init(mode: .none), root: false)).steps.map(\.action.name).contains("bindNetworkFiles"))
        #expect(!Planner.plan(spec(.init(mode: .none), kinds: [.network])).steps.map(\.action.name).contains("bindNetworkFiles"))
    }

    @Test func jsonCarriesTheSection() throws {
        let plan = Planner.plan(spec(.init(mode: .bridge, ports: [try PortMapping.parse("127.0.0.1:53:53/udp")])))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(plan.renderJSON().utf8)) as? [String: Any])
        let steps = try #require(root["steps"] as? [[String: Any]])
        let step = try #require(steps.first { $0["action"] as? String == "setUpNetwork" })
        #expect(step["mode"] as? String == "bridge")
        #expect(step["network"] as? String == "mydocker")
        #expect(step["ports"] as? [String] == ["127.0.0.1:53:53/udp"])
        #expect(step["origin"] == nil || step["origin"] is [String: Any])
    }
}
