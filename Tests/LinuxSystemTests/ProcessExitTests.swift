import Glibc
import Testing
import TestSupport
@testable import LinuxSystem

@Suite struct ExitStatusTests {
    @Test(arguments: [(0, 0), (7 << 8, 7), (255 << 8, 255), (9, 137), (15, 143), (2, 130), (9 | 0x80, 137)])
    func waitStatusBecomesExitCode(status: Int32, code: Int32) {
        #expect(ProcessExit(waitStatus: status).shellStatus == code)
    }

    @Test func stoppedStatusIs128PlusTheSignal() {
        #expect(ProcessExit(waitStatus: (19 << 8) | 0x7f).shellStatus == 128 + 19)
    }
}
