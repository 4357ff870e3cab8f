import express from "express";
import cors from "cors";
import morgan from "morgan";

const app = express();
app.use(cors());
app.use(morgan("dev"));
app.get("/appointments", (_req, res) => res.json([]));
app.listen(5000);
