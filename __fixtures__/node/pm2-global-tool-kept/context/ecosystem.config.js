module.exports = {
  apps: [{ name: 'worker-pool', script: 'src/index.js', instances: 2, exec_mode: 'cluster' }],
};
