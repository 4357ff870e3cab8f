require('hono');
