extension CgroupStats {
    /// The formats of the interface files ``CgroupStats`` reads, one pure function each (text in, numbers out).
    /// Lines that do not fit are skipped, so that a kernel adding a field breaks nothing.
    enum Parse {
        /// A file holding one number (`cpuacct.usage`, `memory.current`, `pids.current`).
        static func integer(_ text: String) -> UInt64? {
            UInt64(text.trimmed)
        }

        /// A limit file of v2 or of v1 pids: a number, or `max`.
        static func limit(_ text: String) -> Limit? {
            let word = text.trimmed
            return word == "max" ? .unlimited : UInt64(word).map { .bytes($0) }
        }

        /// v1 `memory.limit_in_bytes`: no limit reads as the largest page-aligned signed 64-bit value
        /// (9223372036854771712 with 4 KiB pages); anything from 2^62 on is taken as none (no machine has it).
        static func v1MemoryLimit(_ text: String) -> Limit? {
            guard let value = integer(text) else { return nil }
            return value >= 1 << 62 ? .unlimited : .bytes(value)
        }

        /// A flat keyed file, `KEY VALUE` per line (`memory.stat`, `cpu.stat`).
        static func flatKeyed(_ text: String) -> [String: UInt64] {
            var values: [String: UInt64] = [:]
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2, let value = UInt64(fields[1]) { values[String(fields[0])] = value }
            }
            return values
        }

        /// v2 `io.stat`: `MAJ:MIN rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N` per device, summed.
        static func ioStat(_ text: String) -> (read: UInt64, written: UInt64) {
            var read: UInt64 = 0
            var written: UInt64 = 0
            for line in text.split(separator: "\n") {
                for field in line.split(separator: " ").dropFirst() {
                    let pair = field.split(separator: "=", maxSplits: 1)
                    guard pair.count == 2, let value = UInt64(pair[1]) else { continue }
                    switch pair[0] {
                    case "rbytes": read &+= value
                    case "wbytes": written &+= value
                    default: continue
                    }
                }
            }
            return (read, written)
        }

        /// v1 `blkio.throttle.io_service_bytes_recursive`: `MAJ:MIN Read N`, `MAJ:MIN Write N`, … per device and
        /// a last `Total N`; the Read and Write lines summed.
        static func blkioServiceBytes(_ text: String) -> (read: UInt64, written: UInt64) {
            var read: UInt64 = 0
            var written: UInt64 = 0
            for line in text.split(separator: "\n") {
                let fields = line.split(separator: " ")
                guard fields.count == 3, let value = UInt64(fields[2]) else { continue }
                switch fields[1] {
                case "Read": read &+= value
                case "Write": written &+= value
                default: continue
                }
            }
            return (read, written)
        }

        /// /proc/meminfo's `MemTotal:       16318412 kB`, in bytes.
        static func memTotal(_ text: String) -> UInt64? {
            for line in text.split(separator: "\n") where line.hasPrefix("MemTotal:") {
                let fields = line.dropFirst("MemTotal:".count).split(separator: " ")
                guard let value = fields.first.flatMap({ UInt64($0) }) else { return nil }
                let unit = fields.dropFirst().first
                return unit == "kB" ? value * 1024 : (unit == nil ? value : nil)
            }
            return nil
        }
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmed: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
