#!/bin/sh
set -e

# Secrets mounted as files become environment variables before the app starts.
if [ -f /run/secrets/session_key ]; then
  export SESSION_KEY="$(cat /run/secrets/session_key)"
fi

exec "$@"
