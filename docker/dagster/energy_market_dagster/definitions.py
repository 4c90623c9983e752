"""Dagster definitions: the etl asset graph, materialised by launching the etl container on ECS via Dagster Pipes.

The asset graph is `etl assets --json`, produced from the etl catalogue when the image is built, so Dagster and
the pipeline never disagree on what exists. A run selects assets; this module turns the selection into report
ids and starts one etl task (`etl run <report ids>`), which reports materialisations back through Pipes
(context via environment, messages via the task's CloudWatch log stream).
"""

import json
import os
import re
from pathlib import Path

import boto3
import dagster as dg
from dagster_aws.pipes import PipesECSClient

ASSETS_FILE = Path(os.environ.get("ENERGY_MARKET_ASSETS_FILE", Path(__file__).with_name("assets.json")))
ETL_TAG = {"energy-market/etl": "run"}


def asset_key(key: str) -> dg.AssetKey:
    """`bronze/dispatchprice_v5` -> AssetKey(["bronze", "dispatchprice_v5"]); other characters become `_`."""
    return dg.AssetKey([re.sub(r"[^A-Za-z0-9_]", "_", part) for part in key.split("/")])


def load_graph(path: Path) -> tuple[list[dg.AssetSpec], dict[dg.AssetKey, str]]:
    """Asset specs for every node, and the report id each report-backed asset belongs to."""
    nodes = json.loads(path.read_text())["assets"]
    specs: list[dg.AssetSpec] = []
    reports: dict[dg.AssetKey, str] = {}
    for node in nodes:
        key = asset_key(node["key"])
        specs.append(
            dg.AssetSpec(
                key=key,
                description=node.get("description"),
                deps=[asset_key(dep) for dep in node.get("dependsOn", [])],
                group_name=node["key"].split("/")[0],
                kinds={"delta"} if node.get("kind") != "landing" else {"s3"},
                # A run with nothing new for a report materialises nothing for it; that is not a failure.
                skippable=True,
            )
        )
        if node.get("reportId"):
            reports[key] = node["reportId"]
    return specs, reports


SPECS, REPORTS = load_graph(ASSETS_FILE)


def etl_run_request(report_ids: list[str]) -> dict:
    """ECS RunTask arguments for one etl task, from the environment the task definition sets."""
    env = os.environ
    return {
        "cluster": env["ETL_ECS_CLUSTER"],
        "taskDefinition": env["ETL_TASK_DEFINITION"],
        "count": 1,
        "capacityProviderStrategy": [{"capacityProvider": env["ETL_CAPACITY_PROVIDER"], "weight": 1}],
        "networkConfiguration": {
            "awsvpcConfiguration": {
                "subnets": env["ETL_SUBNETS"].split(","),
                "securityGroups": env["ETL_SECURITY_GROUPS"].split(","),
                "assignPublicIp": "DISABLED",
            }
        },
        "overrides": {
            "containerOverrides": [{"name": env["ETL_CONTAINER"], "command": ["run", *report_ids]}]
        },
    }


@dg.multi_asset(specs=SPECS, can_subset=True, op_tags=ETL_TAG, name="etl")
def etl_assets(context: dg.AssetExecutionContext, pipes_ecs: PipesECSClient):
    selected = context.selected_asset_keys
    report_ids = sorted({REPORTS[key] for key in selected if key in REPORTS})
    context.log.info(f"launching etl for {len(report_ids) or 'all'} reports")
    yield from pipes_ecs.run(
        context=context,
        run_task_request=etl_run_request(report_ids),
        pipes_container_name=os.environ["ETL_CONTAINER"],
    ).get_results()


etl_job = dg.define_asset_job("etl_all", selection=dg.AssetSelection.all(), tags=ETL_TAG)

defs = dg.Definitions(
    assets=[etl_assets],
    jobs=[etl_job],
    schedules=[
        # NEMWeb publishes dispatch files every five minutes.
        dg.ScheduleDefinition(job=etl_job, cron_schedule="*/5 * * * *", default_status=dg.DefaultScheduleStatus.RUNNING)
    ],
    resources={"pipes_ecs": PipesECSClient(client=boto3.client("ecs"))},
)
