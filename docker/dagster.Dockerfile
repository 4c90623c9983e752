# syntax=docker/dockerfile:1.7
# Dagster: webserver, daemon, the etl code server and run workers all use this image (different commands).
# Build context: the repository root.

# The asset graph comes from the etl catalogue itself (`etl assets --json`), so Dagster and etl never disagree.
FROM node:24-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY etl/package.json etl/
COPY auth/package.json auth/
COPY infra/package.json infra/
COPY ops/package.json ops/
RUN npm ci --workspace etl --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY etl etl
RUN npx tsx etl/src/cli/main.ts assets --json > /assets.json

FROM python:3.12-slim-bookworm
ENV DAGSTER_HOME=/opt/dagster/home \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1
COPY docker/dagster/requirements.txt /opt/dagster/requirements.txt
RUN pip install --no-cache-dir -r /opt/dagster/requirements.txt \
 && useradd --system --home-dir /opt/dagster --shell /usr/sbin/nologin dagster \
 && mkdir -p /opt/dagster/home \
 && chown dagster /opt/dagster/home
COPY docker/dagster/ /opt/dagster/app/
COPY --from=assets /assets.json /opt/dagster/app/energy_market_dagster/assets.json
WORKDIR /opt/dagster/app
USER dagster
ENTRYPOINT ["/opt/dagster/app/entrypoint.sh"]
CMD ["dagster-webserver", "-h", "0.0.0.0", "-p", "3000", "-w", "/opt/dagster/workspace.yaml"]
