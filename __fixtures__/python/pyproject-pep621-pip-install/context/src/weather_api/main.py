import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/forecast")
def forecast():
    return {"sky": "clear"}


def run():
    uvicorn.run(app, host="0.0.0.0", port=8080)
