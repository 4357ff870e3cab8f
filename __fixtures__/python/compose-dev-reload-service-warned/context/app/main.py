from fastapi import FastAPI
from sqlalchemy import create_engine, text

from app import settings

app = FastAPI(debug=settings.DEBUG)
engine = create_engine(settings.DATABASE_URL.replace("postgresql://", "postgresql+psycopg://"))


@app.get("/health")
def health():
    with engine.connect() as connection:
        connection.execute(text("select 1"))
    return {"ok": True}
