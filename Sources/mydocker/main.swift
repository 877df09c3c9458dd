// The entry point. The re-executed child (`mydocker init`, hidden) is dispatched before the argument parser
// so that the container's start-up path stays as short as possible: no argument parsing, no allocation.
// `mydocker apply SPEC` (exactly that) takes a short path too, straight to ApplyCommand.
import ContainerStore
import Containers
import Exec
import HostCheck
import LinuxSystem
import Runtime
import Glibc

if CommandLine.argc >= 2, let first = CommandLine.unsafeArgv[1] {
    if strcmp(first, "init") == 0 {
        if getenv(Zygote.environmentMarker) != nil { Executor.zygoteMain() }
        Executor.childMain()
    }
    if CommandLine.argc == 3, strcmp(first, "apply") == 0, let spec = CommandLine.unsafeArgv[2], spec.pointee != UInt8(ascii: "-") {
        exit(ApplyCommand.run(specPath: String(cString: spec)))
    }
}
exit(MyDocker.main(Array(CommandLine.arguments.dropFirst())))
