const express = require('express');
const multer = require('multer');

const upload = multer({ dest: '/app/uploads' });
const app = express();
app.post('/files', upload.single('file'), (req, res) => res.json({ id: req.file.filename }));
app.listen(3000);
