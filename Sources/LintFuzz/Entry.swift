#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's entry: one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func lintFuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    LintFuzz.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

#if FUZZING
// Built by `make fuzz` (-sanitize=fuzzer -DFUZZING -parse-as-library): SwiftPM links an executable's entry as
// `LintFuzz_main`, so that symbol hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("LintFuzz_main")
func lintFuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { lintFuzzOne($0, $1) }
}
#else
/// The normal build: `LintFuzz FILE...` runs each file through the same path and checks (to replay what the fuzzer
/// found, or the corpus), and prints how many it ran.
@main enum Replay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                let message = Array("LintFuzz: cannot open \(path)\n".utf8)
                _ = write(2, message, message.count)
                exit(2)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&buffer, 1, buffer.count, file)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            fclose(file)
            LintFuzz.run(bytes)
            count += 1
        }
        print("ran \(count) input\(count == 1 ? "" : "s")")
    }
}
#endif
