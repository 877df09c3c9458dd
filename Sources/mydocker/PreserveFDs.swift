import Arguments
import LinuxSystem

/// `--preserve-fds N`, shared by apply and exec (runc's flag): descriptors 3 … 3+N-1 of mydocker pass into the
/// container's process beside its stdio. Nothing else does.
enum PreserveFDs {
    static let argument = ArgumentSpec.option(
        "preserve-fds", valueName: "n",
        help: "Pass descriptors 3 to 3+N-1 into the container's process, beside stdin, stdout and stderr.",
        discussion: "Nothing else open in mydocker reaches the container. Default: 0."
    )

    /// The count given, 0 without the option.
    static func count(_ arguments: ParsedArguments) throws(ArgumentError) -> Int {
        guard let text = arguments.value(argument.name) else { return 0 }
        guard let count = Int(text), count >= 0, count <= PassedDescriptors.limit else {
            throw arguments.invalid("--preserve-fds takes a number of descriptors from 0 to \(PassedDescriptors.limit), not \"\(text)\"")
        }
        return count
    }
}
