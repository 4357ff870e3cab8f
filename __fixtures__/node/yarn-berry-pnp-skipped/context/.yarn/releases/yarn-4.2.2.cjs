#!/usr/bin/env node
/* yarn 4.2.2 bundle (trimmed for the fixture) */
