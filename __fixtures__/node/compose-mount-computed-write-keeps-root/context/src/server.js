const fs = require('fs');
const path = require('path');
const express = require('express');

const storageRoot = () => path.resolve(process.cwd(), 'storage');

const app = express();
app.post('/users/:id', (req, res) => {
  const home = path.join(storageRoot(), req.params.id);
  fs.mkdirSync(home, { recursive: true });
  res.sendStatus(201);
});
app.listen(5150);
