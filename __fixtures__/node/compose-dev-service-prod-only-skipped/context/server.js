const express = require('express');
const logger = require('pino')();

const app = express();
app.get('/orders', (req, res) => res.json([]));
app.listen(8080, () => logger.info('listening on 8080'));
