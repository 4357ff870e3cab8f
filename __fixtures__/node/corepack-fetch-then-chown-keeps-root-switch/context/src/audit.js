const winston = require('winston');

const audit = winston.createLogger({
  level: 'info',
  format: winston.format.json(),
  transports: [new winston.transports.File({ filename: 'logs/readings.log' })],
});

module.exports = { audit };
