module.exports = { apps: [{ name: 'api', script: 'server.js', instances: 2 }] };
