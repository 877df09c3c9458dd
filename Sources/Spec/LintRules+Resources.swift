/// The rules about `linux.resources` and `linux.cgroupsPath` that relate several values or warn about a value
/// the schema allows; the ranges of single values are checked as they are decoded (SpecDecoder+Resources).
extension LintRules {
    mutating func resources() {
        if let path = spec.linux.cgroupsPath, let problem = ResourceLimits.cgroupsPathProblem(path) {
            report(.cgroupsPath, "/linux/cgroupsPath", problem)
        }
        guard let r = spec.linux.resources else { return }
        let base = "/linux/resources"
        if let cpu = r.cpu, let burst = cpu.burst, let quota = cpu.quota, quota > 0, burst > UInt64(quota) {
            report(.cpuBurstAboveQuota, base + "/cpu/burst", "`linux.resources.cpu.burst` \(burst) µs is larger than `cpu.quota` \(quota) µs (line \(line(of: base + "/cpu/quota"))): the kernel refuses a burst above the quota")
        }
        if let memory = r.memory {
            if let swap = memory.swap, let limit = memory.limit, swap != ResourceLimits.unlimited, limit != ResourceLimits.unlimited, swap < limit {
                report(.memorySwapBelowLimit, base + "/memory/swap", "`linux.resources.memory.swap` \(swap) bytes is below `memory.limit` \(limit) bytes (line \(line(of: base + "/memory/limit"))): swap counts memory plus swap, so it must be at least the limit (equal: no swap)")
            }
            if memory.kernel != nil {
                report(.memoryKernelDeprecated, base + "/memory/kernel", "`linux.resources.memory.kernel` is deprecated by the OCI runtime-spec: Linux 5.16 removed kernel memory limits, runc ignores it, and cgroup v2 counts kernel memory in `memory.limit`", atKey: true)
            }
            if memory.kernelTCP != nil {
                report(.memoryKernelDeprecated, base + "/memory/kernelTCP", "`linux.resources.memory.kernelTCP` is not recommended by the OCI runtime-spec and exists on cgroup v1 only: cgroup v2 counts TCP buffers in `memory.limit`", atKey: true)
            }
        }
        if let blockIO = r.blockIO {
            let lists = [("throttleReadBpsDevice", blockIO.throttleReadBpsDevice), ("throttleWriteBpsDevice", blockIO.throttleWriteBpsDevice),
                         ("throttleReadIOPSDevice", blockIO.throttleReadIOPSDevice), ("throttleWriteIOPSDevice", blockIO.throttleWriteIOPSDevice)]
            for (name, devices) in lists {
                let pointers = origins.throttleDevices[base + "/blockIO/" + name] ?? []
                for (i, device) in devices.enumerated() where device.rate == 0 && i < pointers.count {
                    report(.throttleRateZero, pointers[i] + "/rate", "`linux.resources.blockIO.\(name)[\(Self.lastToken(pointers[i]))].rate` is 0, which removes the throttle of device \(device.major):\(device.minor) rather than setting one: leave the device out, or give a rate above 0")
                }
            }
        }
    }
}
