import Glibc
import LinuxSystem
import Spec
import TestSupport
import Testing
@testable import Network

@Suite struct NetworkStoreTests {
    @Test func createListAndRemoveNetworks() throws {
        let folder = StateTemporaryDirectory()
        defer { folder.remove() }
        let store = NetworkStore(root: folder.path)
        #expect(store.definitions().map(\.name) == ["mydocker"])
        let first = try store.create(name: "nettest-a", subnet: nil)
        #expect(first.subnet.description.hasPrefix("10.91."))
        let second = try store.create(name: "nettest-b", subnet: nil)
        #expect(second.subnet != first.subnet, "each network gets a subnet of its own")
        #expect(store.definitions().map(\.name) == ["mydocker", "nettest-a", "nettest-b"])
        #expect(try store.definition(named: "nettest-a") == first)
        #expect(try store.definition(named: "mydocker") == .defaultNetwork)
        try store.remove(name: "nettest-a")
        #expect(store.definitions().map(\.name) == ["mydocker", "nettest-b"])
    }

    @Test func refusals() throws {
        let folder = StateTemporaryDirectory()
        defer { folder.remove() }
        let store = NetworkStore(root: folder.path)
        _ = try store.create(name: "nettest-a", subnet: IPv4Subnet("10.91.50.0/24"))
        #expect(throws: NetworkError.self) { try store.create(name: "nettest-a", subnet: nil) }
        #expect(throws: NetworkError.self) { try store.create(name: "nettest-c", subnet: IPv4Subnet("10.91.50.128/25")) }
        #expect(throws: NetworkError.self) { try store.create(name: "nettest-d", subnet: IPv4Subnet("10.90.3.0/24")) }  // the default's
        #expect(throws: NetworkError.self) { try store.create(name: "bridge", subnet: nil) }
        #expect(throws: NetworkError.self) { try store.create(name: "-x", subnet: nil) }
        #expect(throws: NetworkError.self) { try store.remove(name: "mydocker") }
        #expect(throws: NetworkError.self) { try store.remove(name: "nettest-absent") }
        #expect(throws: NetworkError.self) { try store.definition(named: "nettest-absent") }
    }

    @Test func aNetworkInUseIsNotRemovedAndItsUsersAreNamed() throws {
        let folder = StateTemporaryDirectory()
        defer { folder.remove() }
        let store = NetworkStore(root: folder.path)
        let network = try store.create(name: "nettest-a", subnet: nil)
        // A record owned by this (live) process.
        var record = AttachmentRecord(id: "web", name: "web", hostname: nil, owner: try #require(.current(pid: getpid())), mode: "nettest-a")
        record.network = network.name
        record.subnet = network.subnet
        record.bridge = network.bridge
        try Directory.create(store.containerDirectory("web"))
        folder.write(".networks/containers/web/record", record.text)
        #expect(store.record("web") == record)
        #expect(store.record("../web") == nil)
        #expect(throws: NetworkError(what: "remove network nettest-a", hint: "containers are attached to it: web")) { try store.remove(name: "nettest-a") }
    }

    @Test func aRecordWhoseOwnerIsGoneIsSweptWithItsFolder() throws {
        let folder = StateTemporaryDirectory()
        defer { folder.remove() }
        let store = NetworkStore(root: folder.path)
        // Files only (mode none): no plugin runs.
        let gone = AttachmentRecord(id: "apply-1", name: nil, hostname: nil, owner: .init(pid: Int32.max, startTime: 1), mode: "none")
        try Directory.create(store.containerDirectory("apply-1"))
        folder.write(".networks/containers/apply-1/record", gone.text)
        folder.write(".networks/containers/apply-1/hosts", "127.0.0.1 localhost\n")
        #expect(store.records() == [gone])
        store.sweep()
        #expect(store.records() == [])
        #expect(!folder.exists(".networks/containers/apply-1"))
    }
}
