from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

app = FastAPI(title="Todos")


class Todo(BaseModel):
    title: str
    done: bool = False


todos: dict[int, Todo] = {}


@app.get("/todos")
def list_todos() -> dict[int, Todo]:
    return todos


@app.post("/todos", status_code=201)
def create_todo(todo: Todo) -> int:
    todo_id = max(todos, default=0) + 1
    todos[todo_id] = todo
    return todo_id


@app.delete("/todos/{todo_id}", status_code=204)
def delete_todo(todo_id: int) -> None:
    if todos.pop(todo_id, None) is None:
        raise HTTPException(status_code=404, detail="todo not found")
