import express from 'express';

const app = express();
app.get('/hello/:name', (req, res) => {
  res.json({ greeting: `Hello, ${req.params.name}` });
});
app.listen(8080);
