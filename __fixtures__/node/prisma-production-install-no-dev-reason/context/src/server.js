const express = require('express');
const { PrismaClient } = require('@prisma/client');

const prisma = new PrismaClient();
const app = express();
app.get('/tables', async (req, res) => res.json(await prisma.table.findMany()));
app.listen(4000);
