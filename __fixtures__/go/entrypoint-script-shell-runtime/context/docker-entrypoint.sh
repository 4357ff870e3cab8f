#!/bin/sh
set -e

# Give the database a moment when compose starts everything at once.
if [ -n "$STARTUP_DELAY" ]; then
	sleep "$STARTUP_DELAY"
fi

exec "$@"
