import os

from fastapi import FastAPI
from sqlalchemy import create_engine, text

engine = create_engine(os.getenv("DATABASE_URL", "postgresql://booking:booking@db/booking"))
app = FastAPI()


@app.get("/tables")
def tables():
    with engine.connect() as connection:
        return [row._asdict() for row in connection.execute(text("select id, seats from tables"))]
