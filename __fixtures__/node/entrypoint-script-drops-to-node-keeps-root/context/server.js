const express = require('express');
const app = express();
app.post('/upload', (req, res) => res.sendStatus(201));
app.listen(3000);
