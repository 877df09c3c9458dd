import Arguments
import Testing

@Suite struct ParserTests {
    @Test func anOptionTakesTheNextArgumentOrWhatFollowsTheEqualsSign() throws {
        #expect(try SampleTool.parse("lint", "--format", "json").value("format") == "json")
        #expect(try SampleTool.parse("lint", "--format=json").value("format") == "json")
        #expect(try SampleTool.parse("lint", "--color=a=b").value("color") == "a=b")
    }

    @Test func aShortOptionTakesTheNextArgumentOrTheRestOfItsWord() throws {
        #expect(try SampleTool.parse("lint", "-f", "json").value("format") == "json")
        #expect(try SampleTool.parse("lint", "-fjson").value("format") == "json")
    }

    @Test func shortFlagsCombineAndTheLastLetterMayTakeAValue() throws {
        let flags = try SampleTool.parse("lint", "-sa")
        #expect(flags.flag("strict") && flags.flag("all"))
        let withValue = try SampleTool.parse("lint", "-sf", "json", "x")
        #expect(withValue.flag("strict"))
        #expect(withValue.value("format") == "json")
        #expect(withValue.values("path") == ["x"])
    }

    @Test func absentArgumentsReadAsTheirDefaultsOrNothing() throws {
        let parsed = try SampleTool.parse("lint")
        #expect(parsed.value("format") == "text")
        #expect(parsed.value("color") == nil)
        #expect(!parsed.flag("strict"))
        #expect(parsed.values("env") == [])
        #expect(parsed.values("path") == [])
        #expect(try SampleTool.parse("kill", "box").value("signal") == "TERM")
        #expect(try SampleTool.parse("kill", "box", "HUP").value("signal") == "HUP")
    }

    @Test func optionsComeBeforeOrAfterPositionalArguments() throws {
        let parsed = try SampleTool.parse("lint", "a", "--strict", "b", "--format", "json", "c")
        #expect(parsed.values("path") == ["a", "b", "c"])
        #expect(parsed.flag("strict"))
        #expect(parsed.value("format") == "json")
    }

    @Test func aRepeatingOptionCollectsItsValuesAndAnotherKeepsTheLast() throws {
        let parsed = try SampleTool.parse("lint", "--env", "A=1", "-e", "B=2", "--env=C=3", "--format", "json", "--format", "text")
        #expect(parsed.values("env") == ["A=1", "B=2", "C=3"])
        #expect(parsed.value("format") == "text")
    }

    @Test func doubleDashEndsTheOptions() throws {
        let parsed = try SampleTool.parse("lint", "--strict", "--", "--format", "-s", "--")
        #expect(parsed.values("path") == ["--format", "-s", "--"])
        #expect(parsed.value("format") == "text")
    }

    @Test func aLoneDashIsAPositionalArgumentAndAValue() throws {
        #expect(try SampleTool.parse("lint", "-", "-s").values("path") == ["-"])
        #expect(try SampleTool.parse("lint", "--color", "-").value("color") == "-")
    }

    @Test func passthroughTakesEverythingAfterThePositionalsBeforeIt() throws {
        let parsed = try SampleTool.parse("exec", "-t", "--user", "0", "box", "ls", "-la", "--tty", "--")
        #expect(parsed.flag("tty"))
        #expect(parsed.value("user") == "0")
        #expect(parsed.value("name") == "box")
        #expect(parsed.values("command") == ["ls", "-la", "--tty", "--"])
    }

    @Test func passthroughDropsOneLeadingDoubleDash() throws {
        #expect(try SampleTool.parse("exec", "box", "--", "ls", "--", "x").values("command") == ["ls", "--", "x"])
        #expect(try SampleTool.parse("exec", "--", "box", "ls").values("command") == ["ls"])
        #expect(try SampleTool.parse("exec", "box").values("command") == [])
    }

    @Test func afterTerminatorTakesOnlyTheWordsAfterDoubleDash() throws {
        let parsed = try SampleTool.parse("run", "spec.yaml", "-d", "--", "sh", "-c", "echo --", "--detach")
        #expect(parsed.value("spec") == "spec.yaml")
        #expect(parsed.flag("detach"))
        #expect(parsed.values("command") == ["sh", "-c", "echo --", "--detach"])
        let options = try SampleTool.parse("run", "-d", "spec.yaml", "--", "--", "x")
        #expect(options.values("command") == ["--", "x"])
        #expect(try SampleTool.parse("run", "spec.yaml", "--detach").values("command") == [])
        #expect(try SampleTool.parse("run", "spec.yaml", "--").values("command") == [])
    }

    @Test func afterTerminatorIsNoPlaceForASecondPositional() {
        #expect(SampleTool.error("run", "a.yaml", "b.yaml")?.kind == .unexpectedArgument("b.yaml"))
        #expect(SampleTool.error("run", "--", "sh")?.kind == .missingArgument("<spec>"))
        #expect(UsageLine.render(SampleTool.run, path: ["tool", "run"]) == "tool run <spec> [--detach] [-- <command> ...]")
    }

    @Test func theSubcommandIsChosenByName() throws {
        let parsed = try SampleTool.parse("rm", "a", "b")
        #expect(parsed.command.name == "rm")
        #expect(parsed.path == ["tool", "rm"])
        #expect(parsed.values("names") == ["a", "b"])
        #expect(parsed.usage == "tool rm <names> ...")
    }

    @Test func hiddenCommandsStillRun() throws {
        #expect(try SampleTool.parse("secret").command.name == "secret")
    }

    @Test func valuesReadAsAnEnumeration() throws {
        enum Format: String { case text, json }
        #expect(try SampleTool.parse("lint", "-f", "json").value("format", as: Format.self) == .json)
        #expect(try SampleTool.parse("lint").value("format", as: Format.self) == .text)
    }
}
