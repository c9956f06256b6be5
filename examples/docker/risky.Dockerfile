# The same image with the mistakes Responsibility Lens flags: an unpinned base image,
# credentials baked into the image, a download with no checksum, SSH exposed, and the
# process left running as root.
FROM node:latest
ENV NODE_ENV=production
ENV DB_PASSWORD=Orders-Db-Pass-2024!
ARG NPM_TOKEN=orders-ci-npm-token-6f1d9b3e
ADD https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
EXPOSE 22 8080
CMD ["node", "src/server.js"]
