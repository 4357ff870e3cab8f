const express = require('express');
const { PrismaClient } = require('@prisma/client');
const logger = require('./logger');

const prisma = new PrismaClient();
const app = express();
app.use(express.json());

app.get('/bookings', async (_req, res) => {
  res.json(await prisma.booking.findMany({ orderBy: { startsAt: 'asc' } }));
});

app.post('/bookings', async (req, res) => {
  const booking = await prisma.booking.create({ data: { customer: req.body.customer, startsAt: new Date(req.body.startsAt) } });
  logger.info('booking created', { id: booking.id });
  res.status(201).json(booking);
});

app.listen(3000, () => logger.info('listening on 3000'));
