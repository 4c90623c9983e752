# syntax=docker/dockerfile:1.7
# Caddy with our Caddyfile. Site, upstreams and ACME email come from the environment (docker/caddy/Caddyfile).
FROM caddy:2.11-alpine
COPY docker/caddy/Caddyfile /etc/caddy/Caddyfile
# Certificates and ACME account keys live in /data, a volume mounted from the host's certificate EBS volume.
VOLUME ["/data"]
