# syntax=docker/dockerfile:1.7
# The auth service Caddy asks through forward_auth (OIDC against Cognito). Runs on the Caddy host, loopback only.
# Build context: the repository root.

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY etl/package.json etl/
COPY auth/package.json auth/
COPY infra/package.json infra/
COPY ops/package.json ops/
RUN npm ci --workspace auth --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY auth auth
RUN npx tsc -p auth/tsconfig.json

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY etl/package.json etl/
COPY auth/package.json auth/
COPY infra/package.json infra/
COPY ops/package.json ops/
RUN npm ci --workspace auth --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/auth/dist auth/dist
USER node
ENTRYPOINT ["node", "/app/auth/dist/main.js"]
