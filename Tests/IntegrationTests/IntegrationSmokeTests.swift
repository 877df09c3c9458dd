import Testing

@Test func IntegrationModuleBuilds() { #expect(Bool(true)) }
