import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();
app.use(express.json());

app.get('/recipes', async (_req, res) => {
  res.json(await prisma.recipe.findMany({ orderBy: { createdAt: 'desc' } }));
});

app.post('/recipes', async (req, res) => {
  const { title, minutes } = req.body as { title: string; minutes: number };
  res.status(201).json(await prisma.recipe.create({ data: { title, minutes } }));
});

app.listen(3000);
