const express = require('express');

const links = { gh: 'https://github.com' };
const app = express();
app.get('/:code', (req, res) => (links[req.params.code] ? res.redirect(links[req.params.code]) : res.sendStatus(404)));
app.listen(3000);
