@testable import Attach
import Testing

@Suite struct AttachFrameTests {
    @Test func framesRoundTripThroughTheDecoderInAnyPieces() throws {
        let frames: [AttachFrame] = [
            .hello(terminal: true), AttachFrame(.stdout, Array("hello\n".utf8)), AttachFrame(.stderr, []),
            .resize(rows: 40, columns: 132), .signal(15), .exit(signaled: true, value: 9), .exit(signaled: false, value: 3),
            .refused("container box is restarting"), AttachFrame(.stdin, [16, 17, 0, 255]),
        ]
        let bytes = frames.flatMap(\.encoded)
        for pieceSize in [1, 2, 5, 7, bytes.count] {
            var decoder = AttachFrameDecoder()
            var decoded: [AttachFrame] = []
            var index = 0
            while index < bytes.count {
                decoder.feed(bytes[index..<min(index + pieceSize, bytes.count)])
                while let frame = try decoder.next() { decoded.append(frame) }
                index += pieceSize
            }
            #expect(decoded == frames)
        }
    }

    @Test func payloadsReadBack() {
        #expect(AttachFrame.resize(rows: 513, columns: 80).size! == (513, 80))
        #expect(AttachFrame.exit(signaled: true, value: 9).exitStatus! == (true, 9))
        #expect(AttachFrame.exit(signaled: false, value: 255).exitStatus! == (false, 255))
        #expect(AttachFrame.signal(2).signalNumber == 2)
        #expect(AttachFrame(.signal, [0]).signalNumber == nil)
        #expect(AttachFrame(.signal, [65]).signalNumber == nil)
        #expect(AttachFrame.hello(terminal: false).terminal == false)
        #expect(AttachFrame(.stdout, [1]).terminal == nil)
    }

    @Test func aHostileStreamIsRefusedNotBuffered() {
        var unknown = AttachFrameDecoder()
        unknown.feed([99, 0, 0, 0, 0])
        #expect(throws: AttachFrameDecoder.Malformed.self) { try unknown.next() }
        var huge = AttachFrameDecoder()
        huge.feed([2, 0xff, 0xff, 0xff, 0xff])
        #expect(throws: AttachFrameDecoder.Malformed.self) { try huge.next() }
    }
}

@Suite struct DetachKeysTests {
    @Test(arguments: [
        ("ctrl-p,ctrl-q", [UInt8(16), 17]),
        ("ctrl-a", [1]),
        ("a,b,c", [97, 98, 99]),
        ("ctrl-@,ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", [0, 27, 28, 29, 30, 31]),
        ("ctrl-z,DEL", [26, 127]),
        ("x,,", [120]),
    ])
    func parsesDockersNotation(text: String, codes: [UInt8]) throws {
        if text == "x,," {
            #expect(throws: DetachKeys.Invalid.self) { try DetachKeys(parsing: text) }
            return
        }
        #expect(try DetachKeys(parsing: text).sequence == codes)
    }

    @Test(arguments: ["ctrl-", "ctrl-1", "ctrl-A", "alt-x", "ctrl-pp", ""])
    func refusesWhatDockerRefuses(text: String) {
        #expect(throws: DetachKeys.Invalid.self) { try DetachKeys(parsing: text) }
    }

    @Test func theSequenceDetachesAndIsNotSent() {
        var matcher = DetachKeyMatcher(.default)
        #expect(matcher.filter(Array("ls\r".utf8)) == (Array("ls\r".utf8), false))
        #expect(matcher.filter([16]) == ([], false))
        #expect(matcher.filter([17, 65]) == ([], true))
    }

    @Test func aBrokenSequenceIsLetThrough() {
        var matcher = DetachKeyMatcher(.default)
        #expect(matcher.filter([16, 65]) == ([16, 65], false))
        #expect(matcher.filter([16]) == ([], false))
        #expect(matcher.filter([16, 17]) == ([16], true))
        var three = DetachKeyMatcher(DetachKeys(sequence: [1, 2, 3]))
        #expect(three.filter([1, 2, 1, 2, 3]) == ([1, 2], true))
    }
}
