import express from 'express';

const app = express();
app.get('/healthz', (_req, res) => res.sendStatus(204));
app.listen(Number(process.env.PORT ?? 3000), () => console.log('lobby up'));
