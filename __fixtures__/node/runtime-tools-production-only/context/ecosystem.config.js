module.exports = {
  apps: [{ name: 'ticket-service', script: './dist/server.js', instances: 2, exec_mode: 'cluster' }],
};
