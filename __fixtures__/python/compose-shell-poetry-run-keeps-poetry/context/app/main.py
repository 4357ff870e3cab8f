from fastapi import FastAPI

app = FastAPI()


@app.get("/users/{user_id}")
def user(user_id: int):
    return {"id": user_id}
