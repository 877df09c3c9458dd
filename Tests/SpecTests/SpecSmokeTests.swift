import Testing

@Test func SpecModuleBuilds() { #expect(Bool(true)) }
