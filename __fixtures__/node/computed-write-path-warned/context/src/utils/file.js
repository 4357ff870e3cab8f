const fs = require('node:fs/promises');

async function writeJson(path, value) {
  await fs.writeFile(path, JSON.stringify(value, null, 2));
}

module.exports = { writeJson };
