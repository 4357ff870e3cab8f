const express = require('express');
const { writeJson } = require('./utils/file');

const app = express();

async function start() {
  // The cloud SDK reads its credentials from the file this variable names (firebase.json).
  await writeJson(process.env.GOOGLE_APPLICATION_CREDENTIALS, { project_id: process.env.PROJECT_ID });
  app.get('/health', (req, res) => res.send('ok'));
  app.listen(3000);
}

start();
