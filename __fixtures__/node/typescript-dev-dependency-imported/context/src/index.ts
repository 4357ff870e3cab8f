import 'dotenv/config';
import express from 'express';
import { ordersRouter } from './routes/orders';

const app = express();
app.use(express.json());
app.use('/orders', ordersRouter);

const port = Number(process.env.PORT ?? 4000);
app.listen(port, () => console.log(`orders-api listening on ${port}`));

export default app;
