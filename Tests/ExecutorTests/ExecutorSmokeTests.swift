import Testing

@Test func ExecutorModuleBuilds() { #expect(Bool(true)) }
