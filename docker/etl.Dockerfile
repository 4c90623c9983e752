# syntax=docker/dockerfile:1.7
# The etl container: the `etl` CLI (NEMWeb crawler, AEMO parser, Delta engine) compiled to JavaScript.
# Build context: the repository root (infra/src/components/images builds it for linux/arm64).

FROM node:24-bookworm-slim AS build
WORKDIR /app
# Every workspace manifest, so `npm ci` accepts the lockfile of the whole repository.
COPY package.json package-lock.json tsconfig.base.json ./
COPY etl/package.json etl/
COPY auth/package.json auth/
COPY infra/package.json infra/
COPY ops/package.json ops/
RUN npm ci --workspace etl --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY etl etl
RUN npx tsc -p etl/tsconfig.json

FROM node:24-bookworm-slim
ENV NODE_ENV=production
# A capped V8 heap keeps peak memory bounded whatever the file size (docs/bench-aemo.md).
ENV NODE_OPTIONS=--max-old-space-size=512
WORKDIR /app
COPY package.json package-lock.json ./
COPY etl/package.json etl/
COPY auth/package.json auth/
COPY infra/package.json infra/
COPY ops/package.json ops/
RUN npm ci --workspace etl --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/etl/dist etl/dist
USER node
# Dagster Pipes overrides the command per run (e.g. `run DISPATCHIS`); the default runs every report.
ENTRYPOINT ["node", "/app/etl/dist/cli/main.js"]
CMD ["run"]
