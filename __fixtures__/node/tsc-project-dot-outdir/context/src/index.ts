import 'dotenv/config';
import express from 'express';

const app = express();
app.get('/quotes', (_req, res) => res.json([]));
app.listen(3000);
