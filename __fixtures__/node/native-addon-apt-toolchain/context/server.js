const bcrypt = require('bcrypt');
const express = require('express');

const app = express();
app.use(express.json());
app.post('/hash', async (req, res) => res.json({ hash: await bcrypt.hash(req.body.password, 12) }));
app.listen(3000);
