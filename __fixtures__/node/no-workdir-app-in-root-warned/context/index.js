const express = require('express');

const app = express();
app.use(express.json());

const notes = [];

app.get('/notes', (req, res) => res.json(notes));
app.post('/notes', (req, res) => {
  notes.push({ id: notes.length + 1, text: String(req.body.text ?? '') });
  res.status(201).json(notes.at(-1));
});

app.listen(process.env.PORT || 3000, () => console.log('listening'));
