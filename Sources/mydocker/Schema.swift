import Arguments
import Spec

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension MyDocker {
    struct Schema: Command {
        static let spec = CommandSpec(
            name: "schema",
            abstract: "Print the JSON Schema of specs.",
            discussion: """
            Prints schema/mydocker-spec.schema.json (JSON Schema draft-07), generated from the same key table \
            the linter uses. Editors validate specs against it through the modeline \
            `# yaml-language-server: $schema=PATH`.
            """
        )

        init(_ arguments: ParsedArguments) {}

        func run() throws(ExitCode) {
            var out = OutputBuffer()
            out.append(SpecSchema.jsonText)
            out.flush()
            if out.writeError != 0 {
                var err = OutputBuffer(fd: 2)
                err.append("mydocker schema: cannot write to standard output: \(String(cString: strerror(out.writeError)))\n")
                err.flush()
                throw ExitCode(1)
            }
        }
    }
}
