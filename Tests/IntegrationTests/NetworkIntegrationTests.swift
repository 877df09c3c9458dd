import Foundation
import Glibc
import Testing

/// A spec's `network` section with real containers, the CNI plugins and the host's iptables (as root): traffic only
/// between the host and the containers these tests make. After each test the host's interfaces, addresses, iptables
/// rules, leases and pinned namespaces are as before.
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root: runs real containers and the CNI plugins"),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/lib/cni/bridge"),
                "needs Debian's containernetworking-plugins (scripts/install-deps.sh installs it)"))
struct NetworkIntegrationTests {
    final class Bench: @unchecked Sendable {
        let scratch: Scratch
        let root: String
        let rootfs: String
        let before: NetworkHostState
        /// Unique per test: container and network names begin with it.
        let prefix = "nettest-\(Int.random(in: 100_000...999_999))"

        init() throws {
            scratch = try Scratch(prefix: "mydocker-nettest")
            root = scratch.path + "/state"
            rootfs = scratch.path + "/rootfs"
            try BusyboxRootfs.make(at: rootfs, devNull: true)
            // The files the container gets its own of, so that the test sees they are not changed.
            for name in ["hosts", "hostname", "resolv.conf"] {
                try "rootfs \(name)\n".write(toFile: "\(rootfs)/etc/\(name)", atomically: false, encoding: .utf8)
            }
            before = NetworkHostState.now(root: root)
        }

        /// A spec running `script` in its own namespaces with `network` as its network section (YAML flow mapping).
        func spec(_ name: String, script: String, network: String) throws -> String {
            try scratch.write(name, """
                hostname: \(name.split(separator: ".").first ?? "box")
                root: {path: \(rootfs)}
                process:
                  args: [/bin/sh, -c, '\(script)']
                mounts: [{destination: /proc, type: proc, source: proc}]
                linux: {namespaces: [pid, network, mount, uts, ipc]}
                network: \(network)
                """)
        }

        func run(_ arguments: [String]) throws -> ProcessOutput {
            try StateCLI.run([arguments[0], "--root", root] + arguments.dropFirst())
        }

        /// A free TCP and UDP port of the host, between 20000 and 29999.
        func freePort() -> Int {
            while true {
                let port = Int.random(in: 20_000...29_999)
                if Self.bindable(port, SOCK_STREAM) && Self.bindable(port, SOCK_DGRAM) { return port }
            }
        }

        static func bindable(_ port: Int, _ type: __socket_type) -> Bool {
            let fd = socket(AF_INET, Int32(type.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }

        /// busybox nc from the host to `address:port`, retried while the container's listener is not up yet.
        func fetch(_ address: String, _ port: Int, udp: Bool = false, send: String = "", seconds: Double = 10) -> String {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                let output = ProcessRunner.runCatching(["/bin/sh", "-c", "printf '\(send)' | /bin/busybox nc \(udp ? "-u " : "")-w 1 \(address) \(port)"])
                if !output.stdout.isEmpty || udp { return output.stdout }
                usleep(100_000)
            }
            return ""
        }

        /// The container's address on its network, from `network inspect`.
        func address(of container: String, network: String = "mydocker") throws -> String {
            let json = try run(["network", "inspect", network]).stdout
            let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            let containers = try #require(list.first?["containers"] as? [String: [String: Any]])
            return try #require(containers[container]?["address"] as? String)
        }

        /// What `network inspect` says of the container's CNI CHECK.
        func checkResult(of container: String, network: String = "mydocker") throws -> String {
            let json = try run(["network", "inspect", network]).stdout
            let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
            let containers = try #require(list.first?["containers"] as? [String: [String: Any]])
            return try #require(containers[container]?["check"] as? String)
        }

        /// Whatever a failed test left running goes, then the host must be as it was.
        func expectHostAsBefore(sourceLocation: SourceLocation = #_sourceLocation) {
            let after = NetworkHostState.now(root: root)
            #expect(after == before, "the host changed:\n\(after.difference(from: before))", sourceLocation: sourceLocation)
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: root + "/.networks/containers")) ?? []
            #expect(folders.isEmpty, "network folders left: \(folders)", sourceLocation: sourceLocation)
            for name in ["hosts", "hostname", "resolv.conf"] {
                #expect(NetworkHostState.fileText("\(rootfs)/etc/\(name)") == "rootfs \(name)\n", "the rootfs's /etc/\(name) changed",
                        sourceLocation: sourceLocation)
            }
        }

        deinit {
            let names = ((try? run(["ps", "--all", "-q"]).stdout) ?? "").split(separator: "\n").map(String.init)
            if !names.isEmpty { _ = try? run(["rm", "--force"] + names) }
        }
    }

    @Test func bridgePublishedPortServesTheHostOnLoopbackTheHostsAddressAndTheContainersOwn() throws {
        let bench = try Bench()
        let port = bench.freePort()
        let name = bench.prefix + "-web"
        // Three connections, one by one: busybox nc -l serves one and ends.
        let spec = try bench.spec("web.yaml", script: "for i in 1 2 3; do echo hello-$i | nc -l -p 80; done; exec sleep 60",
                                  network: "{mode: bridge, ports: [\"\(port):80\"], hosts: {db.local: 192.0.2.99}, dns: [192.0.2.53]}")
        let started = try bench.run(["apply", spec, "--name", name, "--detach"])
        try #require(started.status == 0, "\(started.stderr)")
        #expect(bench.fetch("127.0.0.1", port).hasPrefix("hello-1"))
        let address = try bench.address(of: name)
        #expect(address.hasPrefix("10.90."))
        #expect(bench.fetch(address, 80).hasPrefix("hello-2"))
        // ps and inspect show the address and the published port.
        let ps = try bench.run(["ps"]).stdout
        #expect(ps.contains("ADDRESS") && ps.contains(address) && ps.contains("0.0.0.0:\(port)->80/tcp"), "\(ps)")
        let inspected = try bench.run(["inspect", name]).stdout
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(inspected.utf8)) as? [[String: Any]])
        let settings = try #require(objects.first?["NetworkSettings"] as? [String: Any])
        #expect(settings["IPAddress"] as? String == address)
        let published = (settings["Ports"] as? [String: [[String: String]]])?["80/tcp"]
        #expect(published?.first?["HostPort"] == String(port))
        let hostAddress = ProcessRunner.runCatching(["/bin/sh", "-c", "ip -o -4 addr show scope global | awk 'NR==1 {print $4}' | cut -d/ -f1"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if !hostAddress.isEmpty && !hostAddress.hasPrefix("10.90.") {
            #expect(bench.fetch(hostAddress, port).hasPrefix("hello-3"))
        }
        // The generated files, bound over the rootfs's.
        let files = try bench.run(["exec", name, "--", "cat", "/etc/hosts", "/etc/hostname", "/etc/resolv.conf"]).stdout
        #expect(files.contains("\(address)\tweb \(name)"))
        #expect(files.contains("192.0.2.99\tdb.local"))
        #expect(files.contains("nameserver 192.0.2.53"))
        #expect(!files.contains("nameserver 127."))
        #expect(!files.contains("rootfs"))
        let write = try bench.run(["exec", name, "--", "sh", "-c", "echo x > /etc/hosts"])
        #expect(write.status != 0, "the container's /etc/hosts is read-only")
        // CNI CHECK (network inspect): ok as ADD left it, a failure once the container's default route is gone (not its
        // address: the bridge plugin finds the masquerading rules to delete by the addresses on the interface).
        #expect(try bench.checkResult(of: name) == "ok")
        #expect(try bench.run(["exec", name, "--", "ip", "route", "del", "default"]).status == 0)
        let broken = try bench.checkResult(of: name)
        #expect(broken.hasPrefix("CNI CHECK bridge"), "\(broken)")
        #expect(try bench.run(["rm", "--force", name]).status == 0)
        bench.expectHostAsBefore()
    }

    /// busybox nc has no UDP here: Debian's python3 answers in the container (on the host's file system, in the
    /// container's namespaces) and asks from the host.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3"))
    func udpIsPublishedToo() throws {
        let bench = try Bench()
        let port = bench.freePort()
        let name = bench.prefix + "-udp"
        let server = "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind((\"0.0.0.0\", 5300)); d, a = s.recvfrom(100); s.sendto(b\"pong-\" + d, a)"
        let spec = try bench.scratch.write("udp.yaml", """
            process: {args: [/usr/bin/python3, -c, '\(server)']}
            linux: {namespaces: [pid, network, uts, ipc]}
            network: {ports: ["\(port):5300/udp"]}
            """)
        try #require(try bench.run(["apply", spec, "--name", name, "--detach"]).status == 0)
        let client = """
            import socket, time
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.3)
            for _ in range(30):
                s.sendto(b"ping", ("127.0.0.1", \(port)))
                try:
                    print(s.recvfrom(100)[0].decode()); break
                except socket.timeout:
                    time.sleep(0.1)
            """
        let answer = ProcessRunner.runCatching(["/usr/bin/python3", "-c", client]).stdout
        #expect(answer.contains("pong-ping"), "\(answer)")
        #expect(try bench.run(["rm", "--force", name]).status == 0)
        bench.expectHostAsBefore()
    }

    @Test func containersOnANamedNetworkReachEachOtherByName() throws {
        let bench = try Bench()
        let network = bench.prefix
        let octet = Int.random(in: 100...250)
        let created = try bench.run(["network", "create", network, "--subnet", "10.91.\(octet).0/24"])
        try #require(created.status == 0, "\(created.stderr)")
        let server = bench.prefix + "-a", client = bench.prefix + "-b"
        let serving = try bench.spec("a.yaml", script: "echo from-a | nc -l -p 7000; exec sleep 60", network: "{mode: \(network)}")
        try #require(try bench.run(["apply", serving, "--name", server, "--detach"]).status == 0)
        let asking = try bench.spec("b.yaml", script: "for i in 1 2 3 4 5 6 7 8 9 10; do nc -w 1 \(server) 7000 && exit; sleep 0.2; done; exit 1",
                                    network: "{mode: \(network)}")
        let asked = try bench.run(["apply", asking, "--name", client])
        #expect(asked.status == 0, "\(asked.stderr)")
        #expect(asked.stdout.contains("from-a"))
        // The hosts files follow the network's members: a third container is listed in the server's while it runs,
        // and no longer once it is gone.
        let third = bench.prefix + "-c"
        let staying = try bench.spec("c.yaml", script: "exec sleep 60", network: "{mode: \(network)}")
        try #require(try bench.run(["apply", staying, "--name", third, "--detach"]).status == 0)
        let thirdAddress = try bench.address(of: third, network: network)
        let withThird = try bench.run(["exec", server, "--", "cat", "/etc/hosts"]).stdout
        #expect(withThird.contains("\ta \(server)\n"))
        #expect(withThird.contains("\(thirdAddress)\tc \(third)\n"), "\(withThird)")
        #expect(!withThird.contains(client), "the client has ended: \(withThird)")
        #expect(try bench.run(["rm", "--force", third]).status == 0)
        let withoutThird = try bench.run(["exec", server, "--", "cat", "/etc/hosts"]).stdout
        #expect(!withoutThird.contains(third), "\(withoutThird)")
        #expect(try bench.run(["network", "rm", network]).status == 1, "a network in use is not removed")
        #expect(try bench.run(["rm", "--force", server, client]).status == 0)
        #expect(try bench.run(["network", "rm", network]).status == 0)
        bench.expectHostAsBefore()
    }

    @Test func noneHasLoopbackUpAndItsOwnFiles() throws {
        let bench = try Bench()
        let spec = try bench.spec("none.yaml", script: "ip -o link; (echo lo-ok | nc -l -p 81 &) ; sleep 0.3; nc -w 1 127.0.0.1 81; cat /etc/hosts",
                                  network: "{mode: none}")
        let ran = try bench.run(["apply", spec])
        #expect(ran.status == 0, "\(ran.stderr)")
        let lines = ran.stdout.split(separator: "\n")
        #expect(lines.contains { $0.contains(": lo:") && $0.contains("UP") })
        #expect(lines.filter { $0.contains("link/") }.count == 1, "only the loopback interface: \(ran.stdout)")
        #expect(ran.stdout.contains("lo-ok"))
        #expect(ran.stdout.contains("127.0.0.1\tlocalhost none"))
        bench.expectHostAsBefore()
    }

    /// In a user namespace the container's root is an unprivileged host user: the generated files must still be
    /// reachable (the state root's network folders are searchable, the files readable), and CNI works in a network
    /// namespace that user namespace owns.
    @Test func aContainerWithAUserNamespaceGetsItsAddressAndFiles() throws {
        let bench = try Bench()
        let spec = try bench.scratch.write("userns.yaml", """
            hostname: mapped
            root: {path: \(bench.rootfs)}
            process: {args: [/bin/sh, -c, 'id -u; ip -o -4 addr show eth0; cat /etc/hostname']}
            mounts: [{destination: /proc, type: proc, source: proc}]
            linux:
              namespaces: [user, pid, network, mount, uts]
              uidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
              gidMappings: [{containerID: 0, hostID: 100000, size: 65536}]
            network: {mode: bridge}
            """)
        let ran = try bench.run(["apply", spec])
        #expect(ran.status == 0, "\(ran.stderr)")
        #expect(ran.stdout.contains("inet 10.90."), "\(ran.stdout)")
        #expect(ran.stdout.hasSuffix("mapped\n"), "\(ran.stdout)")
        bench.expectHostAsBefore()
    }

    @Test func checkSaysWhetherTheNetworkAndItsPortsAreThere() throws {
        let bench = try Bench()
        let environment = ["MYDOCKER_ROOT": bench.root]
        let good = try bench.spec("good.yaml", script: "true", network: "{ports: [\"\(bench.freePort()):80\"]}")
        let fine = try StateCLI.run(["check", good], environment: environment)
        #expect(fine.status == 0, "\(fine)")
        #expect(fine.stdout.contains("ok    cni plugins: bridge, host-local, portmap, firewall"), "\(fine.stdout)")
        #expect(fine.stdout.contains("ok    network: mydocker exists; host ports free"), "\(fine.stdout)")
        let missing = try bench.spec("missing.yaml", script: "true", network: "{mode: \(bench.prefix)-absent}")
        let refused = try StateCLI.run(["check", missing], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("fail  network: find network \(bench.prefix)-absent"), "\(refused.stdout)")
        bench.expectHostAsBefore()
    }

    @Test func aTakenHostPortIsAnErrorThatNamesItAndChangesNothing() throws {
        let bench = try Bench()
        let port = bench.freePort()
        let holder = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(holder) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(holder, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(bound == 0 && listen(holder, 1) == 0)
        let spec = try bench.spec("taken.yaml", script: "true", network: "{ports: [\"\(port):80\"]}")
        let ran = try bench.run(["apply", spec])
        #expect(ran.status == 125)
        #expect(ran.stderr.contains("host port \(port)/tcp is already in use"), "\(ran.stderr)")
        bench.expectHostAsBefore()
    }

    @Test func aFailureAtEachNetworkStepLeavesNothing() throws {
        let bench = try Bench()
        // Before any plugin runs: a network that does not exist, an address outside the subnet.
        let missing = try bench.run(["apply", try bench.spec("missing.yaml", script: "true", network: "{mode: \(bench.prefix)-nope}")])
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("find network \(bench.prefix)-nope"), "\(missing.stderr)")
        let outside = try bench.run(["apply", try bench.spec("outside.yaml", script: "true", network: "{address: 10.99.0.5}")])
        #expect(outside.status == 125)
        #expect(outside.stderr.contains("10.99.0.5 is not a free host address"), "\(outside.stderr)")
        // In a plugin: host-local refuses an address another container holds (bridge ADD fails after the first's).
        let holder = bench.prefix + "-holder"
        let holding = try bench.spec("holder.yaml", script: "sleep 30", network: "{address: 10.90.7.7}")
        try #require(try bench.run(["apply", holding, "--name", holder, "--detach"]).status == 0)
        #expect(try bench.address(of: holder) == "10.90.7.7", "the fixed address")
        let second = try bench.run(["apply", try bench.spec("second.yaml", script: "true", network: "{address: 10.90.7.7}")])
        #expect(second.status == 125)
        #expect(second.stderr.contains("CNI ADD bridge"), "\(second.stderr)")
        #expect(try bench.run(["rm", "--force", holder]).status == 0)
        // After the plugins: the child fails to bind the files (a folder stands where /etc/hosts is), and the
        // container's command is not found.
        let folderRoot = bench.scratch.path + "/rootfs-folder"
        try BusyboxRootfs.make(at: folderRoot)
        try FileManager.default.createDirectory(atPath: folderRoot + "/etc/hosts", withIntermediateDirectories: true)
        let folderSpec = try bench.spec("folder.yaml", script: "true", network: "{ports: [\"\(bench.freePort()):80\"]}")
        try String(contentsOfFile: folderSpec, encoding: .utf8).replacingOccurrences(of: bench.rootfs, with: folderRoot)
            .write(toFile: folderSpec, atomically: false, encoding: .utf8)
        let bindFailed = try bench.run(["apply", folderSpec])
        #expect(bindFailed.status == 125)
        #expect(bindFailed.stderr.contains("over /etc/hosts"), "\(bindFailed.stderr)")
        let notFound = try bench.scratch.write("notfound.yaml", """
            root: {path: \(bench.rootfs)}
            process: {args: [/bin/\(bench.prefix)-absent]}
            linux: {namespaces: [pid, network, mount]}
            network: {ports: ["\(bench.freePort()):80"]}
            """)
        #expect(try bench.run(["apply", notFound]).status == 127)
        bench.expectHostAsBefore()
    }

    /// Each plugin in turn fails its ADD (a CNI_PATH whose plugin of that type answers ADD with a CNI error and runs
    /// the real one for DEL): apply names it, and the plugins that did their ADD before are undone.
    @Test(arguments: ["bridge", "host-local", "portmap", "firewall"])
    func aPluginFailingItsAddLeavesNothing(failing: String) throws {
        let bench = try Bench()
        let plugins = try bench.scratch.makeDirectory("cni")
        for type in ["bridge", "host-local", "portmap", "firewall", "loopback"] {
            if type == failing {
                try bench.scratch.write("cni/\(type)", """
                    #!/bin/sh
                    if [ "$CNI_COMMAND" = ADD ]; then
                        echo '{"cniVersion": "1.0.0", "code": 999, "msg": "injected failure of \(type)"}'
                        exit 1
                    fi
                    exec /usr/lib/cni/\(type)
                    """)
                chmod("\(plugins)/\(type)", 0o755)
            } else {
                try FileManager.default.createSymbolicLink(atPath: "\(plugins)/\(type)", withDestinationPath: "/usr/lib/cni/\(type)")
            }
        }
        let spec = try bench.spec("inject.yaml", script: "echo ran", network: "{ports: [\"\(bench.freePort()):80\"]}")
        let ran = try StateCLI.run(["apply", "--root", bench.root, spec], environment: ["CNI_PATH": plugins])
        #expect(ran.status == 125)
        #expect(!ran.stdout.contains("ran"))
        #expect(ran.stderr.contains("injected failure of \(failing)"), "\(ran.stderr)")
        // host-local runs inside bridge's ADD: bridge is the step that fails.
        #expect(ran.stderr.contains("CNI ADD \(failing == "host-local" ? "bridge" : failing)"), "\(ran.stderr)")
        bench.expectHostAsBefore()
    }

    @Test func whatAKilledMyDockerLeftIsFinishedByTheNextPs() throws {
        let bench = try Bench()
        let name = bench.prefix + "-killed"
        let spec = try bench.spec("killed.yaml", script: "echo started; exec sleep 60", network: "{ports: [\"\(bench.freePort()):80\"]}")
        let apply = ProcessRunner.start([MyDockerBinary.path, "apply", "--root", bench.root, spec, "--name", name],
                                        environment: ProcessRunner.inheritedEnvironment(changing: ["MYDOCKER_ROOT": nil]))
        try #require(apply.waitForOutput("started"))
        #expect(NetworkHostState.now(root: bench.root) != bench.before, "the container is attached")
        kill(apply.pid, SIGKILL)
        _ = apply.wait()
        _ = try bench.run(["ps", "--all"])
        #expect(try bench.run(["rm", "--force", name]).status == 0)
        bench.expectHostAsBefore()
    }
}
