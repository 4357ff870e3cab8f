const express = require('express');

const app = express();
app.get('/todos', (req, res) => res.json([]));
app.listen(3000);
