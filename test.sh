#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this project's kind (JDK 17 and Maven present).
# Installs what the tests need and is not there yet, then runs unit tests and integration tests.
#   ./test.sh            everything that runs in CI
set -euo pipefail
cd "$(dirname "$0")"

need() { command -v "$1" >/dev/null 2>&1; }

if ! need java || ! need mvn; then
  echo "test.sh: needs java (17) and mvn on PATH" >&2
  exit 1
fi

mvn -B -ntp verify "$@"
