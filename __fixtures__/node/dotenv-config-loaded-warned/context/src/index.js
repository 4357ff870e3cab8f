require('dotenv').config();
const express = require('express');
const logger = require('pino')();
const { invoices } = require('./routes');

const app = express();
app.use('/invoices', invoices);
const port = Number(process.env.PORT || 3000);
app.listen(port, () => logger.info(`billing-api listening on ${port}`));
