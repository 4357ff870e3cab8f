import { Router } from 'express';
import type { Request, Response } from 'express';
import { pool } from '../db';

export const ordersRouter = Router();

ordersRouter.get('/', async (_req: Request, res: Response) => {
  const { rows } = await pool.query('SELECT id, total FROM orders ORDER BY id');
  res.json(rows);
});
