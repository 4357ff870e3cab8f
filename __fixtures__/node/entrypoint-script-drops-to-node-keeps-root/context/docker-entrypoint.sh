#!/bin/sh
set -e
# The uploads volume arrives owned by whoever created it on the host.
mkdir -p /usr/src/app/uploads
chown -R node:node /usr/src/app/uploads
exec su-exec node "$@"
