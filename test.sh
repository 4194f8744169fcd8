#!/usr/bin/env bash
# The whole test suite, on a fresh machine of this project's kind (JDK 17, Maven, Node.js present).
# Installs what the tests need and is not there yet (Debian packages with apt-get: chromium, redis-server,
# postgresql; npm packages),
# then runs unit tests and integration tests: mvn clean verify (through ./mvnw, the Maven the project pins, when present).
#   ./test.sh            everything that runs in CI
#   ./test.sh --faults   the fault suite only: every test tagged "faults", including the long ones CI skips
#   ./test.sh -pl verticles/bridge -am     any extra arguments go to Maven
set -euo pipefail
cd "$(dirname "$0")"

profile=()
if [ "${1:-}" = "--faults" ]; then
  profile=(-Pfaults)
  shift
fi

need() { command -v "$1" >/dev/null 2>&1; }

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test.sh: installing $* (apt-get)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# The Maven wrapper pins the Maven version (.mvn/wrapper/maven-wrapper.properties); a plain mvn on PATH otherwise.
if [ -x ./mvnw ]; then mvn=(./mvnw); else mvn=(mvn); fi
need java || { echo "test.sh: needs java (17) on PATH" >&2; exit 1; }
[ -x ./mvnw ] || need mvn || { echo "test.sh: needs ./mvnw or mvn on PATH" >&2; exit 1; }
need node && need npm || apt_install nodejs npm
# Headless Chromium for the browser tests (Debian's build: no browser download at test time).
need chromium || apt_install chromium
# Redis and PostgreSQL servers: the durable-history tests start their own on free ports in temp dirs.
need redis-server || apt_install redis-server
[ -x /usr/lib/postgresql/15/bin/initdb ] || apt_install postgresql

# The official bridge client and playwright-core, pinned in clients/test/package-lock.json.
(cd clients/test && npm ci --no-audit --no-fund --loglevel=error)

"${mvn[@]}" -B -ntp clean verify ${profile[@]+"${profile[@]}"} "$@"
