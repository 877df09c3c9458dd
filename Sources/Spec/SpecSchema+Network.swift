extension SpecSchema {
    // Ports, addresses and host names are plain strings here: the linter checks them (port-syntax, network-address)
    // and says in words what is wrong, where a pattern would only say "does not match".
    public static let networkSection = SchemaObject(
        "mydocker's networking extension (the OCI spec leaves networking to the engine): set up with the CNI plugins (bridge, host-local, portmap, firewall), as containerd and podman do.",
        properties: [
            SchemaProperty("mode", .string(pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$"),
                           "none (loopback only, up), host (the host's network: no network namespace), bridge (mydocker's default bridge network, the default) or the name of a network made with `mydocker network create`; every mode but host needs a network namespace of the container's own."),
            SchemaProperty("ports", .array(.string, minItems: 0),
                           "Host ports forwarded to the container: [host-ip:]host-port:container-port[/tcp|udp], a port being N or FIRST-LAST (8080:80, 127.0.0.1:5353:53/udp, 9000-9002:9000-9002)."),
            SchemaProperty("address", .string, "The container's IPv4 address on its network, instead of the next free one; it must lie in the network's subnet."),
            SchemaProperty("hosts", .object(hosts), "Extra /etc/hosts lines: a name and its address (db: 10.89.0.7)."),
            SchemaProperty("dns", .array(.string, minItems: 0), "Name servers (IPv4 or IPv6 addresses) placed first in the container's /etc/resolv.conf, before the host's."),
        ]
    )

    public static let hosts = SchemaObject(
        "Extra /etc/hosts entries: each key a host name, its value the address.",
        properties: [],
        additionalProperties: .string
    )
}
