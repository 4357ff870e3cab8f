import compression from 'compression';
import express from 'express';

const app = express();
app.use(compression());
app.use(express.static('dist'));
app.get('*', (req, res) => res.sendFile('index.html', { root: 'dist' }));
app.listen(8080);
