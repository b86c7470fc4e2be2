# One image for the four services; docker-compose.yml picks the app with `command`.
# Build stage: the whole workspace, to run the Nx builds.
FROM node:24-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json ./
# postinstall fixes kafkajs's read_committed filter (tools/patches).
COPY tools/patches ./tools/patches
RUN npm install --no-audit --no-fund
COPY . .
RUN npx nx run-many -t build --projects=admin,ingest-producer,word-count,rolling-mean --outputStyle=static \
 && npm run build:provision

# Runtime stage: production dependencies and the bundles only, as an unprivileged user.
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY tools/patches ./tools/patches
RUN npm install --omit=dev --ignore-scripts --no-audit --no-fund && node tools/patches/apply.cjs && npm cache clean --force
COPY --from=build /repo/dist ./dist
USER node
# PORT is set per service; /health/ready is 200 only when the app's Kafka parts are up (/health/live: the process answers).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/admin/main.js"]
