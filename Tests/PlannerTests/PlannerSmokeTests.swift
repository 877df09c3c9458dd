import Testing

@Test func PlannerModuleBuilds() { #expect(Bool(true)) }
