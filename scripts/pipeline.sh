#!/usr/bin/env bash
# The main job: prepares a fresh machine, then runs the pipeline locally on embedded defaults (lake in ./.lake).
# Extra arguments go to `etl run` (for example --source, --from, --to, --lake, report ids).
# Offline default: with no --source (and no ETL_SOURCE), when the shared AEMO fixture mirror sits next to the
# repository (../shared/fixtures/aemo/nemweb, as on CI and these machines, which have no internet), the run reads
# that mirror, from 2018 on so its MMSDM history is included. Otherwise it crawls the live https://nemweb.com.au.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"

args=("$@")
has_source=0
has_from=0
for arg in "$@"; do
  case "$arg" in
    --source | --source=*) has_source=1 ;;
    --from | --from=*) has_from=1 ;;
  esac
done
mirror="$(cd "$repo_root/.." && pwd)/shared/fixtures/aemo/nemweb"
if [ "$has_source" = 0 ] && [ -z "${ETL_SOURCE:-}" ] && [ -d "$mirror" ]; then
  echo "pipeline: no --source given; using the local NEMWeb fixture mirror $mirror"
  echo "pipeline: (pass --source https://nemweb.com.au to crawl the live site)"
  args=(--source "$mirror" "${args[@]}")
  if [ "$has_from" = 0 ]; then args+=(--from 2018-01-01); fi
fi
exec npx tsx etl/src/cli/main.ts run "${args[@]}"
