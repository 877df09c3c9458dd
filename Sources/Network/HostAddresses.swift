import Glibc
import Spec

/// The host's IPv4 addresses with their subnets (getifaddrs), so that a new network's subnet avoids them.
enum HostAddresses {
    static func subnets() -> [(interface: String, subnet: IPv4Subnet)] {
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        var out: [(String, IPv4Subnet)] = []
        var cursor: UnsafeMutablePointer<ifaddrs>? = first
        while let entry = cursor {
            defer { cursor = entry.pointee.ifa_next }
            guard let address = entry.pointee.ifa_addr, let netmask = entry.pointee.ifa_netmask,
                  address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            let ip = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            let mask = netmask.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            let length = mask.nonzeroBitCount
            guard length >= 8, let subnet = IPv4Subnet("\(IPv4Address(ip & mask))/\(min(length, 30))") else { continue }
            out.append((String(cString: entry.pointee.ifa_name), subnet))
        }
        return out
    }
}
