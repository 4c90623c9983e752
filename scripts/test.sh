#!/usr/bin/env bash
# The test command: prepares a fresh machine, then runs every jest test.
# The machine-readable report goes to reports/jest.json (CI counts passes and failures from it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
mkdir -p reports
exec npx jest --json --outputFile=reports/jest.json "$@"
