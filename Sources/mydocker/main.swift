// The entry point. The re-executed child (`mydocker init`, hidden) is dispatched before the argument parser
// so that the container's start-up path stays as short as possible: no argument parsing, no Foundation.
import Executor
import Glibc

if CommandLine.argc >= 2, let first = CommandLine.unsafeArgv[1], strcmp(first, "init") == 0 {
    Executor.childMain()
}
MyDocker.main()
