// The entry point. The re-executed child (hidden subcommand) is dispatched before the argument parser
// so that the container's start-up path stays as short as possible.
MyDocker.main()
