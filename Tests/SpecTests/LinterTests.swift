import Testing
@testable import Spec

private func lint(_ text: String) -> [String] {
    Linter.lint(bytes: Array(text.utf8), file: "t.yaml", baseDirectory: "/").diagnostics.map { "\($0.line):\($0.column) \($0.ruleID)" }
}

@Suite struct LinterTests {
    @Test func theRuleListHasEveryRequiredIdOnceWithADescription() {
        let required = [
            "hostname-without-uts", "hostname-too-long", "mapping-without-userns", "userns-without-mapping", "mapping-zero-size",
            "mapping-overlap", "mapping-too-many", "user-not-mapped", "duplicate-namespace", "namespace-path-missing",
            "mount-destination-relative", "mount-destination-dotdot", "duplicate-mount-destination", "loop-source-not-file",
            "block-fs-needs-loop", "unknown-mount-option", "proc-without-pidns", "pidns-without-proc", "mounts-without-mountns",
            "timeoffsets-without-timens", "cwd-relative", "args-empty", "env-malformed", "unknown-lint-rule",
            "yaml-syntax", "unknown-key", "duplicate-key", "type", "range", "enum", "required", "unsupported-key",
            "multiple-documents", "empty-file", "input-too-large", "too-deep", "too-many-nodes", "invalid-annotation",
            "size-syntax", "cpu-shares-range", "cpu-period-range", "cpu-quota-range", "cpu-burst-above-quota", "cpu-idle-range",
            "cpuset-syntax", "memory-limit-range", "memory-swap-below-limit", "memory-swappiness-range", "memory-kernel-deprecated",
            "pids-limit-range", "blockio-weight-range", "throttle-rate-zero", "hugepage-size-format", "device-access",
            "device-number-range", "unified-key", "cgroups-path", "seccomp-unknown-syscall",
            "rlimit-soft-above-hard", "rlimit-duplicate", "sysctl-not-namespaced", "sysctl-needs-namespace", "sysctl-hostname",
            "ambient-capability-dropped", "sandbox-keeps-all-capabilities", "security-label-format",
        ]
        let ids = Linter.rules.map(\.id)
        #expect(Set(required).subtracting(ids).sorted() == [])
        #expect(ids.count == Set(ids).count)
        #expect(Linter.rules.allSatisfy { !$0.summary.isEmpty && $0.summary.hasSuffix(".") })
        let warnings = Linter.rules.filter { $0.severity == .warning }.map(\.id)
        #expect(warnings == ["namespace-path-missing", "duplicate-mount-destination", "proc-without-pidns", "pidns-without-proc", "unknown-lint-rule",
                             "memory-kernel-deprecated", "throttle-rate-zero", "ambient-capability-dropped", "sandbox-keeps-all-capabilities",
                             "seccomp-unknown-syscall"])
    }

    @Test func diagnosticsComeSortedByPosition() {
        let out = lint("""
        linux:
          uidMappings: [{containerID: 0, hostID: 1, size: 1}]
        hostname: h
        process: {args: [x], cwd: rel}
        """)
        #expect(out == ["2:3 mapping-without-userns", "3:11 hostname-without-uts", "4:27 cwd-relative"])
    }

    @Test func disableSilencesTheNextLineWithContentOnly() {
        let text = """
        process:
          # mydocker-lint disable=cwd-relative

          # a comment between
          cwd: rel
          env: [X]
          args: [x]
        """
        #expect(lint(text) == ["6:9 env-malformed"])
    }

    @Test func aTrailingDisableSilencesItsOwnLine() {
        #expect(lint("process: {args: [x], cwd: rel} # mydocker-lint disable=cwd-relative\n") == [])
        #expect(lint("process: {args: [x], cwd: rel} # mydocker-lint disable=env-malformed\n") == ["1:27 cwd-relative"])
    }

    @Test func severalIdsAndAReason() {
        #expect(lint("# mydocker-lint disable=cwd-relative,env-malformed -- migrated as is\nprocess: {args: [x], cwd: rel, env: [X]}\n") == [])
    }

    @Test func disableFileSilencesEverywhere() {
        #expect(lint("process:\n  args: [x]\n  cwd: rel\n# mydocker-lint disable-file=cwd-relative\n") == [])
    }

    @Test func unknownIdsAndDirectivesAreWarnedAboutAtTheirColumn() {
        #expect(lint("# mydocker-lint disable=cwd-relative,bogus\nprocess: {args: [x], cwd: rel}\n") == ["1:38 unknown-lint-rule"])
        #expect(lint("#mydocker-lint ignore=x\nprocess: {args: [x]}\n") == ["1:16 unknown-lint-rule"])
        #expect(lint("# mydocker-linter disable=x\nprocess: {args: [x]}\n") == [])
    }

    @Test func hashesInsideQuotedAndBlockScalarsAreText() {
        let text = """
        process:
          args: ["a # mydocker-lint disable=zzz", 'b # mydocker-lint disable=yyy']
          env:
            - |
              X=1
              # mydocker-lint disable=xxx
        """
        #expect(lint(text) == [])
    }

    @Test func aFileThatDoesNotParseStillHonoursDirectives() {
        #expect(lint("process: a: b\n") == ["1:11 yaml-syntax"])
        #expect(lint("# mydocker-lint disable=yaml-syntax\nprocess: a: b\n") == [])
        #expect(lint("# mydocker-lint disable=cwd-relative\nprocess: a: b\n") == ["2:11 yaml-syntax"])
        #expect(lint("# mydocker-lint disable-file=yaml-syntax\nprocess: [\n") == [])
    }

    @Test func anIDMappingRunningPastTheLastIDIsAnError() {
        #expect(lint("process: {args: [x]}\nlinux: {namespaces: [user], uidMappings: [{containerID: 0, hostID: 4294967294, size: 2}], gidMappings: [{containerID: 0, hostID: 0, size: 1}]}\n")
                == ["2:86 mapping-out-of-range"])
    }

    @Test func aJoinedUserNamespaceNeedsNoMappings() {
        #expect(lint("process: {args: [x]}\nlinux: {namespaces: [{type: user, path: /proc/self/ns/user}]}\n") == [])
    }

    @Test func hostnameLengthCountsBytes() {
        let name = String(repeating: "é", count: 33)  // 66 bytes, 33 characters
        #expect(lint("hostname: \(name)\nprocess: {args: [x]}\nlinux: {namespaces: [uts]}\n") == ["1:11 hostname-too-long"])
    }
}

@Suite struct DiagnosticTextTests {
    @Test func githubEscapesDataAndProperties() {
        let d = Diagnostic(file: "a,b:c.yaml", position: SourcePosition(line: 1, column: 2), severity: .error, message: "100% wrong\nreally", ruleID: "type")
        #expect(DiagnosticText.github([LoadResult(spec: nil, diagnostics: [d])]) == "::error file=a%2Cb%3Ac.yaml,line=1,col=2::100%25 wrong%0Areally [type]\n")
    }

    @Test func summaryCountsInWords() {
        #expect(DiagnosticText.summary(errors: 2, warnings: 1, files: 3) == "2 errors, 1 warning in 3 files")
        #expect(DiagnosticText.summary(errors: 1, warnings: 0, files: 1) == "1 error, 0 warnings in 1 file")
    }

    @Test func jsonStringsEscapeQuotesBackslashesAndControls() {
        #expect(JSONValue.quote("a\"b\\c\n\u{01}é") == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }

    @Test func sarifURIsArePercentEncoded() {
        #expect(DiagnosticText.uri("specs/my spec#1.yaml") == "specs/my%20spec%231.yaml")
    }

    @Test func textWithoutASourceLineHasNoCaret() {
        let d = Diagnostic(file: "x", position: SourcePosition(line: 9, column: 1), severity: .error, message: "m", ruleID: "r")
        #expect(DiagnosticText.render(LoadResult(spec: nil, diagnostics: [d], source: Array("a\n".utf8)), color: false) == "x:9:1: error: m [r]\n")
    }
}
