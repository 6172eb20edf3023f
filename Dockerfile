# One image for every Wharf process; docker-compose.yml picks the app per service with `command`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 and sqlite3 compile from source when their prebuilt binaries cannot be fetched.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    WHARF_HOST=0.0.0.0 \
    WHARF_DATA_DIR=/data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/dist ./dist
# A new named volume mounted on /data takes this folder's owner, so the services can write there.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080 8081 8082 8083
CMD ["node", "-r", "./scripts/register-paths.js", "dist/apps/edge/src/main.js"]
