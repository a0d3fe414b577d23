#!/usr/bin/env bash
# Builds the Go side of the tests: the Go saga's worker (examples/go-tenant-provisioning, go.temporal.io/sdk
# from the Go module proxy, pinned by its go.mod/go.sum) into .tools/go/bin/go-tenant-worker. Modules
# and the build cache stay in .tools/go, a folder of this checkout only (.tools/ is not committed).
# Prints the worker's path.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export GOPATH="$root/.tools/go" GOMODCACHE="$root/.tools/go/pkg/mod" GOCACHE="$root/.tools/go/cache" GOFLAGS="-mod=readonly -buildvcs=false"
worker="$root/.tools/go/bin/go-tenant-worker"
(cd "$root/examples/go-tenant-provisioning" && go build -o "$worker" .) >&2
echo "$worker"
