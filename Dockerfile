# Work-safety credit exchange gateway. Node 22 LTS, runs as the unprivileged "node" user.
# The gateway runs as plain JavaScript (dist/main.js, built by `npm run build`): no TypeScript loader in the process.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/build.ts ./scripts/
COPY src ./src
COPY adapters ./adapters
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=8080 DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# dist/main.js finds schemas/, config/ and src/store/migrations/ from the package root (the directory holding package.json).
COPY package.json tsconfig.json ./
COPY --from=build /app/dist ./dist
COPY schemas ./schemas
COPY config ./config
# The TypeScript sources are not run by the gateway; docker-compose runs the platform simulators from
# this image with tsx (simulators/cli.ts imports src/ and adapters/), and the migrations live in src/store/migrations.
COPY src ./src
COPY adapters ./adapters
COPY simulators ./simulators
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/main.js"]
CMD ["--role", "all"]
