#!/usr/bin/env bash
# Installs what the production-topology tests run on, idempotently (a second run takes a second):
#   1. PostgreSQL from Debian's packages (persistence and SQL visibility for Temporal, and the service's
#      own stores), when the machine lacks it;
#   2. the Temporal server and temporal-sql-tool, built from their Go module (go.temporal.io/server,
#      cmd/server and cmd/tools/sql) into .tools/temporal-server/<version>/, with the module's SQL schema
#      beside them. Releases >= 1.32 need Go 1.27: GOTOOLCHAIN makes the go command fetch that toolchain
#      from the module proxy. The first build takes about 10 minutes on 2 cores; the result is cached.
# TEMPORAL_SERVER_PATH and TEMPORAL_SQL_TOOL_PATH (with TEMPORAL_SCHEMA_DIR), when set, name binaries to use.
set -euo pipefail
cd "$(dirname "$0")/../.."

TEMPORAL_SERVER_VERSION=v1.32.2
export GOTOOLCHAIN=go1.27.3
DIR=".tools/temporal-server/$TEMPORAL_SERVER_VERSION"

say() { printf '[cluster-setup] %s\n' "$*" >&2; }

# --- PostgreSQL -------------------------------------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    say "PostgreSQL is not installed; as root: apt-get install --no-install-recommends postgresql"
    exit 1
  fi
  say "installing PostgreSQL (Debian package postgresql)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi

# --- Temporal server, built from its Go module ----------------------------------------------------
if [ -n "${TEMPORAL_SERVER_PATH:-}" ] && [ -n "${TEMPORAL_SQL_TOOL_PATH:-}" ] && [ -n "${TEMPORAL_SCHEMA_DIR:-}" ]; then
  exit 0
fi
if [ -x "$DIR/bin/temporal-server" ] && [ -x "$DIR/bin/temporal-sql-tool" ] && [ -d "$DIR/schema/postgresql" ]; then
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  say "Go is needed to build the Temporal server (go.temporal.io/server $TEMPORAL_SERVER_VERSION)"
  exit 1
fi
say "building the Temporal server $TEMPORAL_SERVER_VERSION from its Go module (about 10 minutes the first time)"
build="$DIR/build"
mkdir -p "$build" "$DIR/bin"
(
  cd "$build"
  export GOFLAGS=-mod=mod
  [ -f go.mod ] || go mod init cadre-temporal-server >/dev/null 2>&1
  go get "go.temporal.io/server@$TEMPORAL_SERVER_VERSION" >/dev/null 2>&1
  go build -o ../bin/temporal-server go.temporal.io/server/cmd/server
  go build -o ../bin/temporal-sql-tool go.temporal.io/server/cmd/tools/sql
)
module="$(cd "$build" && go list -m -f '{{.Dir}}' go.temporal.io/server)"
rm -rf "$DIR/schema" && mkdir -p "$DIR/schema"
cp -r "$module/schema/postgresql" "$DIR/schema/"
chmod -R u+w "$DIR/schema"
"$DIR/bin/temporal-server" --version >&2 || true
