# mactor — build, test and run. `make run` and `make test` are the two
# commands a newcomer needs; the rest are for developers.

GO        ?= go
BIN       := $(CURDIR)/bin
MODULE    := github.com/mactor/mactor
PROTO_DIR := messages/proto
PROTOS    := $(shell find $(PROTO_DIR) -name '*.proto' | LC_ALL=C sort)

.PHONY: all build run test unit proto proto-check wirecompat bench lint vet clean

all: build

build:
	$(GO) build -o $(BIN)/mactor ./cmd/mactor

run: build
	$(BIN)/mactor serve --sim --hooks-config examples/hooks/tour.yaml

# protoc comes from Debian's protobuf-compiler (3.21.12 on bookworm);
# protoc-gen-go is pinned by the `tool` directive in go.mod.
proto:
	$(GO) build -o $(BIN)/protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go
	protoc -I $(PROTO_DIR) --plugin=protoc-gen-go=$(BIN)/protoc-gen-go \
		--go_out=. --go_opt=module=$(MODULE) $(PROTOS)

vet:
	$(GO) vet ./...

# The README's test command: vet, generated code up to date, unit tests
# with the race detector, and the wire-compatibility tests.
test: vet proto-check unit wirecompat module-test

unit:
	$(GO) test -race -timeout 12m ./...

# Regenerates the Go code and fails if it differs from what is committed.
proto-check: proto
	@if [ -n "$$(git status --porcelain -- messages)" ]; then \
		echo "generated code under messages/ is stale; run make proto and commit:"; \
		git status --porcelain -- messages; exit 1; fi

# Wire compatibility with Debian's mesos-go (its own Go module).
# setup.sh copies the Debian package's sources into test/wirecompat/.deps
# and gives them go.mod files (mesos-go ships none).
wirecompat:
	test/wirecompat/setup.sh
	cd test/wirecompat && $(GO) vet ./... && $(GO) test -count=1 ./...

# The Mesos module's client library (bridge/module, C++17): built with
# CMake under AddressSanitizer and UBSan, and its gtest suite run against
# the engine binary built above (docs/module.md).
MODULE_BUILD := bridge/module/build-asan
module-test: build
	cmake -S bridge/module -B $(MODULE_BUILD) -DCMAKE_BUILD_TYPE=Debug \
		-DMACTOR_SANITIZE=ON -DMACTOR_BIN=$(BIN)/mactor
	cmake --build $(MODULE_BUILD) -j2
	cd $(MODULE_BUILD) && ctest --output-on-failure

bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x ./...

lint: vet
	$(GO) tool staticcheck ./...

clean:
	rm -rf $(BIN)
