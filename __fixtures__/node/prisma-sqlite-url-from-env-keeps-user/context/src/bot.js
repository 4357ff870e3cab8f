require('dotenv').config();
const { PrismaClient } = require('@prisma/client');

const prisma = new PrismaClient();

async function recordSession(user) {
  await prisma.session.create({ data: { user, joinedAt: new Date() } });
}

module.exports = { recordSession };
