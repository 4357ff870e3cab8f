const express = require('express');
const { audit } = require('./audit');

const app = express();
app.use(express.json());

app.post('/readings', (req, res) => {
  audit.info('reading', { meter: req.body.meter, kwh: req.body.kwh });
  res.sendStatus(202);
});

app.listen(Number(process.env.PORT ?? 3000));
