import Arguments
import Testing

/// The completion scripts and the manual page are generated from any command table: the sample tool's here.
@Suite struct GeneratedScriptTests {
    static let tool: CommandSpec = {
        var root = SampleTool.root
        root.arguments = [.option("root", valueName: "dir", help: "Where [state] lives: a dir.", completion: .directories)]
        if let rm = root.subcommands.firstIndex(where: { $0.name == "rm" }) {
            root.subcommands[rm].arguments[0].completion = .command(["names"], passing: ["root"])
        }
        root.subcommands[0].discussion = ".starts with a dot, has a \\ backslash\n\nand a second paragraph"
        return root
    }()

    @Test func bashHasTheTableOfEveryListedCommand() {
        let script = BashCompletion.script(for: Self.tool)
        #expect(script.contains("\n_tool_subcommands['tool']='lint exec run rm kill'\n"))
        #expect(!script.contains("secret"))
        #expect(script.contains("\n_tool_options['tool lint']='-f --format -e --env --color'\n"))
        #expect(script.contains("\n_tool_flags['tool lint']='-s --strict -a --all -h --help --version'\n"))
        #expect(script.contains("\n_tool_words['tool lint --format']='text json'\n_tool_words['tool lint -f']='text json'\n")
                || script.contains("\n_tool_words['tool lint -f']='text json'\n"))
        #expect(script.contains("\n_tool_positionals['tool exec']='one passthrough'\n"))
        #expect(script.contains("\n_tool_positionals['tool kill']='one one'\n"))
        // run's command after `--` takes no place among the positional arguments, and ends completion.
        #expect(script.contains("\n_tool_positionals['tool run']='one'\n_tool_terminated['tool run']=1\n"))
        #expect(script.contains("\n_tool_command['tool rm #0']='names'\n_tool_passing['tool rm #0']='--root'\n"))
        #expect(script.contains("\n_tool_files['tool --root']=directories\n"))
        #expect(script.hasSuffix("\ncomplete -F _tool tool\n"))
    }

    @Test func zshEscapesBracketsAndColonsInItsSpecs() {
        let script = ZshCompletion.script(for: Self.tool)
        #expect(script.hasPrefix("#compdef tool\n"))
        #expect(script.contains("'--root=[Where \\[state\\] lives\\: a dir.]:dir:_tool_value0'"))
        #expect(script.contains("'(-f --format)'{-f+,--format=}'[Output format.]:format:_tool_value"))
        #expect(script.contains("'*'{-e+,--env=}'[Set a variable.]:k=v: '"))
        #expect(script.contains("'*::command: '"))
        #expect(script.contains("(--root) _tool_given[--root]=$words[i+1] ;;"))
        #expect(!script.contains("secret"))
    }

    @Test func fishQuotesAndConditionsEachLine() {
        let script = FishCompletion.script(for: Self.tool)
        #expect(script.contains("complete -c tool -n \"__tool_at 'tool'\" -a 'lint' -d 'Check specs for errors.'\n"))
        #expect(script.contains("complete -c tool -n \"__tool_at 'tool lint'\" -s f -l format -x -a 'text json' -d 'Output format.'\n"))
        #expect(script.contains("complete -c tool -n \"__tool_at 'tool rm' '0 rest'\" -a '(__tool_run names)'\n"))
        #expect(script.contains("set -g __tool_passing 'root'\n"))
        #expect(!script.contains("secret"))
    }

    @Test func theManualEscapesRoffAndListsEveryCommand() {
        let page = ManPage.render(Self.tool, sections: [ManPage.Section("Exit status", ["0\tDone.", "A plain paragraph."])])
        #expect(page.contains("\n.TH \"TOOL\" 1 \"\" \"1.2.3\" \"tool manual\"\n"))
        #expect(page.contains("\n.SS \"tool lint\"\n"))
        #expect(!page.contains("secret"))
        #expect(page.contains("\n.PP\n\\&.starts with a dot, has a \\e backslash\n.PP\nand a second paragraph\n"))
        #expect(page.contains("\n.TP\n\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fIformat\\fR\nOutput format. (values: text, json; default: text)\n"))
        #expect(page.contains("\n.SH \"EXIT STATUS\"\n.TP\n.B 0\nDone.\n.PP\nA plain paragraph.\n"))
        #expect(page.contains("\n.PP\n\\fBtool\\fR [\\fB\\-\\-root\\fR \\fIdir\\fR] \\fIsubcommand\\fR\n"))
    }
}
