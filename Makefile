# The verbs people use. Run as root on Debian: missing packages are installed first.
PREFIX ?= /usr/local
SWIFT ?= swift
# A fully static executable: the parent and the re-executed child each skip the dynamic loader's relocations
# (apply starts about twice as fast). lld links it. Nothing links Foundation (or libdispatch): the argument
# parser is our own Sources/Arguments, so every process starts without their constructors and pages.
# Metadata of concrete generic types through direct accessors instead of demangled type names: the Swift
# runtime's demangler was a tenth of apply's CPU time; this takes about 0.25 ms off each apply.
# Each function in a section of its own, laid out by scripts/startup.order (scripts/startup-order.sh makes it): the
# code a container's start runs sits together, so each process faults in fewer pages of it.
RELEASE_FLAGS = -c release --product mydocker --static-swift-stdlib -Xswiftc -static-executable \
	-Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
	-Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections \
	-Xlinker --symbol-ordering-file=$(CURDIR)/scripts/startup.order -Xlinker --no-warn-symbol-ordering
BIN = .build/release/mydocker
# The manual page, generated from the command table (mydocker __manual).
MAN = .build/man/mydocker.1
# The version every build is stamped with (mydocker --version): scripts/version.sh, the one place it is worked out.
# Passed in the environment, where Package.swift reads it, so that SwiftPM evaluates the manifest again (it caches
# the evaluation until the manifest or the environment changes) whenever the version changes.
export MYDOCKER_VERSION := $(shell scripts/version.sh)

.PHONY: all build deps demo test bench bench-lint install clean lint man fuzz fuzz-build fuzz-smoke

all: build

deps:
	@scripts/install-deps.sh test

build:
	@scripts/install-deps.sh build
	$(SWIFT) build $(RELEASE_FLAGS)

# Lint every example spec, then run each one as a real container.
demo: deps build
	@MYDOCKER=$(BIN) scripts/demo.sh

lint: build
	$(BIN) lint specs/

# Every test: unit tests, lint goldens, and integration tests that run real containers (as root).
# Serial, because integration tests compare the host's mount table, loop devices and hostname before and after.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	@$(MAKE) --no-print-directory fuzz-smoke

# The lint path under libFuzzer (Sources/LintFuzz): built apart, in .build/fuzz, so that the normal build never
# sees -sanitize=fuzzer. `make fuzz` runs from the committed corpus (fuzz/corpus) for FUZZ_TIME seconds, keeping
# what it finds new in .build/fuzz/corpus; a crash leaves .build/fuzz/crash-* (replay it with .build/debug/LintFuzz FILE).
FUZZ_FLAGS = -c release --product LintFuzz --scratch-path .build/fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
FUZZ_BIN = .build/fuzz/release/LintFuzz
FUZZ_TIME ?= 600

fuzz-build:
	$(SWIFT) build $(FUZZ_FLAGS)

fuzz: fuzz-build
	mkdir -p .build/fuzz/corpus
	$(FUZZ_BIN) -dict=fuzz/yaml.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 -max_total_time=$(FUZZ_TIME) \
		-artifact_prefix=.build/fuzz/ .build/fuzz/corpus fuzz/corpus

# A short bounded run, part of make test: 5,000 inputs (the corpus among them), or 60 s at most.
fuzz-smoke: fuzz-build
	rm -rf .build/fuzz/smoke && mkdir -p .build/fuzz/smoke
	$(FUZZ_BIN) -dict=fuzz/yaml.dict -max_len=65536 -timeout=10 -rss_limit_mb=2048 -runs=5000 -max_total_time=60 \
		-artifact_prefix=.build/fuzz/smoke/ .build/fuzz/smoke fuzz/corpus

bench:
	@scripts/install-deps.sh bench
	$(SWIFT) build $(RELEASE_FLAGS)
	bench/bench.sh $(BIN)

# Lint throughput: 10,000 generated specs, side by side with check-jsonschema over the same files.
bench-lint:
	@scripts/install-deps.sh bench
	$(SWIFT) build $(RELEASE_FLAGS)
	bench/lint-bench.sh $(BIN)

# mydocker(1) from the command table the parser uses.
man: build
	install -d $(dir $(MAN))
	$(BIN) __manual > $(MAN).tmp && mv $(MAN).tmp $(MAN)

# The binary, its manual page, and its bash, zsh and fish completions (generated from the same table).
install: build man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
		$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/mydocker
	install -m 0644 $(MAN) $(DESTDIR)$(PREFIX)/share/man/man1/mydocker.1
	$(BIN) completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/mydocker
	$(BIN) completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_mydocker
	$(BIN) completion fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/mydocker.fish

clean:
	rm -rf .build demo
