# mactor — build, test and run. `make run` and `make test` are the two
# commands a newcomer needs; the rest are for developers.

GO        ?= go
BIN       := $(CURDIR)/bin
MODULE    := github.com/mactor/mactor
PROTO_DIR := messages/proto
PROTOS    := $(shell find $(PROTO_DIR) -name '*.proto' | LC_ALL=C sort)

.PHONY: all build run test proto bench lint vet clean

all: build

build:
	$(GO) build -o $(BIN)/mactor ./cmd/mactor

run: build
	$(BIN)/mactor serve

# protoc comes from Debian's protobuf-compiler (3.21.12 on bookworm);
# protoc-gen-go is pinned by the `tool` directive in go.mod.
proto:
	$(GO) build -o $(BIN)/protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go
	protoc -I $(PROTO_DIR) --plugin=protoc-gen-go=$(BIN)/protoc-gen-go \
		--go_out=. --go_opt=module=$(MODULE) $(PROTOS)

vet:
	$(GO) vet ./...

lint: vet
	$(GO) tool staticcheck ./...

clean:
	rm -rf $(BIN)
