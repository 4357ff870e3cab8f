#!/usr/bin/env node
/* yarn 4.3.1 bundle (trimmed for the fixture) */
