import Testing

@Test func YAMLModuleBuilds() { #expect(Bool(true)) }
