#!/bin/sh
# Writes dagster.yaml and workspace.yaml from the task's environment, then runs the task's command.
set -eu
python /opt/dagster/app/render_instance.py
exec "$@"
