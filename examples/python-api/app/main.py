import os

import psycopg2
from fastapi import FastAPI

app = FastAPI(title="todo-api")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/todos")
def todos() -> list[dict[str, object]]:
    with psycopg2.connect(os.environ.get("DATABASE_URL", "postgresql://todo@db/todo")) as connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT id, title, done FROM todos ORDER BY id")
            return [{"id": row[0], "title": row[1], "done": row[2]} for row in cursor.fetchall()]
