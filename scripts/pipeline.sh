#!/usr/bin/env bash
# The main job: prepares a fresh machine, then runs the pipeline locally on embedded defaults.
# Extra arguments go to `etl run` (for example --source, --from, --to, --lake).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec npx tsx etl/src/cli/main.ts run "$@"
