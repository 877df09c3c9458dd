import TestSupport
@testable import ContainerStore
@testable import LinuxSystem
import Testing

@Suite struct StateNameTests {
    @Test(arguments: ["a", "box", "Box-1", "web_2.prod", "0", String(repeating: "x", count: 64)])
    func validNames(name: String) {
        #expect(ContainerName.problem(with: name) == nil)
    }

    @Test(arguments: [
        ("", "a name cannot be empty"),
        (String(repeating: "x", count: 65), "a name has at most 64 characters"),
        ("-box", "a name starts with a letter or a digit"),
        (".box", "a name starts with a letter or a digit"),
        ("_box", "a name starts with a letter or a digit"),
        ("my box", "a name holds only letters, digits, \"_\", \".\" and \"-\""),
        ("a/b", "a name holds only letters, digits, \"_\", \".\" and \"-\""),
        ("café", "a name holds only letters, digits, \"_\", \".\" and \"-\""),
    ])
    func invalidNames(name: String, reason: String) {
        #expect(ContainerName.problem(with: name) == reason)
        #expect(throws: ContainerError.invalidName(name, reason: reason)) { try ContainerName.validate(name) }
    }

    @Test func generatedNamesAreValidAndAvoidTakenOnes() {
        var taken: Set<String> = []
        for _ in 0..<200 {
            let name = ContainerName.generate { taken.contains($0) }
            #expect(ContainerName.isValid(name))
            #expect(!taken.contains(name))
            taken.insert(name)
        }
    }

    @Test func fallsBackToHexWhenEveryPairIsTaken() {
        let name = ContainerName.generate { $0.contains("_") }
        #expect(name.hasPrefix("mydocker-"))
        #expect(name.count == "mydocker-".count + 6)
        #expect(name.dropFirst("mydocker-".count).allSatisfy { $0.isHexDigit })
    }
}
