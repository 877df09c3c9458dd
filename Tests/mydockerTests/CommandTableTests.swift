import Arguments
import Testing
@testable import mydocker

/// Rules every command of the table keeps, so that commands added later keep them too.
@Suite struct CommandTableTests {
    /// Every command, hidden ones included, with its path.
    static func commands(_ command: CommandSpec = MyDocker.spec, path: [String] = []) -> [(path: [String], command: CommandSpec)] {
        let here = path + [command.name]
        return [(here, command)] + command.subcommands.flatMap { commands($0, path: here) }
    }

    /// `--format` takes only the values it lists, and its help lists them.
    @Test func everyFormatListsItsValuesInItsHelp() {
        for (path, command) in Self.commands() {
            guard let format = command.arguments.first(where: { $0.name == "format" }) else { continue }
            guard case let .option(_, allowed, _) = format.kind, !allowed.isEmpty else {
                Issue.record("\(path.joined(separator: " ")) --format lists no allowed values")
                continue
            }
            let help = HelpText.render(command, path: path, version: nil)
            // The help's lines wrap anywhere: compare with its words joined by single spaces.
            let words = help.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
            #expect(words.contains("values: " + allowed.joined(separator: ", ")), "\(path.joined(separator: " ")) --help:\n\(help)")
        }
    }

    /// Each command name appears once, and each subcommand of the table has a type that runs it.
    @Test func namesAreUniqueAndEachHasItsType() {
        let names = MyDocker.spec.subcommands.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        for name in names {
            #expect(MyDocker.commands.contains { $0.spec.name == name }, "no type runs \(name)")
        }
    }
}
