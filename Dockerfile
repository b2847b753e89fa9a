# Production image: compiled JavaScript (scripts/build.js), production dependencies only, a non-root user.
# Build: docker build -t opsgraph . ; each component is one command (see docker-compose.yml and deploy/).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build.js dist

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./
USER node
EXPOSE 4000
# reflect-metadata is loaded first, as the development require hook does; the V8 flags are platform/node-flags.ts'.
ENTRYPOINT ["node", "--max-semi-space-size=64", "-r", "reflect-metadata"]
CMD ["scripts/serve.js", "gateway"]
