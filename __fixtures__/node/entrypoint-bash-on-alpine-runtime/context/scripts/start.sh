#!/usr/bin/env bash
set -euo pipefail

: "${PORT:=3000}"
export PORT
exec node src/index.js
