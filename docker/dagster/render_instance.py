"""Write dagster.yaml and workspace.yaml from the task environment (set by infra/src/components/dagster).

JSON is valid YAML, so the files are written with the standard library only. The database credentials stay
environment references ({"env": ...}): ECS injects them from Secrets Manager and they never reach a file.
"""

import json
import os
from pathlib import Path


def required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise SystemExit(f"render_instance: environment variable {name} is not set; the ECS task definition sets it")
    return value


def csv(name: str) -> list[str]:
    return [part for part in required(name).split(",") if part]


def ecs_run_launcher() -> dict:
    return {
        "module": "dagster_aws.ecs",
        "class": "EcsRunLauncher",
        "config": {
            "task_definition": required("DAGSTER_RUN_TASK_DEFINITION"),
            "container_name": required("DAGSTER_RUN_CONTAINER"),
            "use_current_ecs_task_config": False,
            # No tag-based secret discovery: it would need secretsmanager:ListSecrets on "*". The run-worker task
            # definition already carries the only secret a run needs (the database credentials).
            "secrets_tag": None,
            "run_task_kwargs": {
                "cluster": required("DAGSTER_ECS_CLUSTER"),
                "capacityProviderStrategy": [{"capacityProvider": required("DAGSTER_RUN_CAPACITY_PROVIDER"), "weight": 1}],
                "networkConfiguration": {
                    "awsvpcConfiguration": {
                        "subnets": csv("DAGSTER_RUN_SUBNETS"),
                        "securityGroups": csv("DAGSTER_RUN_SECURITY_GROUPS"),
                        "assignPublicIp": "DISABLED",
                    }
                },
            },
        },
    }


def instance_config() -> dict:
    config = {
        "storage": {
            "postgres": {
                "postgres_db": {
                    "hostname": {"env": "DAGSTER_PG_HOST"},
                    "port": {"env": "DAGSTER_PG_PORT"},
                    "db_name": {"env": "DAGSTER_PG_DB"},
                    "username": {"env": "DAGSTER_PG_USERNAME"},
                    "password": {"env": "DAGSTER_PG_PASSWORD"},
                    # The parameter group sets rds.force_ssl=1: plain connections are refused.
                    "params": {"sslmode": "require"},
                }
            }
        },
        "run_coordinator": {
            "module": "dagster.core.run_coordinator",
            "class": "QueuedRunCoordinator",
            "config": {
                "max_concurrent_runs": 4,
                # One etl run at a time: runs of the same reports must not race on the landing ledger.
                "tag_concurrency_limits": [{"key": "energy-market/etl", "limit": 1}],
            },
        },
        "run_monitoring": {"enabled": True, "start_timeout_seconds": 600},
        "telemetry": {"enabled": False},
    }
    # Only the processes that launch or stop runs (daemon, admin webserver, run workers) load the ECS launcher,
    # which reads its task definition at start; the read-only webserver and the code server have no AWS role.
    launcher = required("DAGSTER_RUN_LAUNCHER")
    if launcher == "ecs":
        config["run_launcher"] = ecs_run_launcher()
    elif launcher != "none":
        raise SystemExit(f"render_instance: DAGSTER_RUN_LAUNCHER is {launcher!r}; expected 'ecs' or 'none'")
    return config


def workspace_config() -> dict:
    return {
        "load_from": [
            {
                "grpc_server": {
                    "host": required("DAGSTER_CODE_SERVER_HOST"),
                    "port": int(required("DAGSTER_CODE_SERVER_PORT")),
                    "location_name": "energy-market",
                }
            }
        ]
    }


def main() -> None:
    home = Path(os.environ.get("DAGSTER_HOME", "/opt/dagster/home"))
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text(json.dumps(instance_config(), indent=2))
    workspace = Path(os.environ.get("DAGSTER_WORKSPACE_FILE", "/opt/dagster/workspace.yaml"))
    workspace.write_text(json.dumps(workspace_config(), indent=2))


if __name__ == "__main__":
    main()
