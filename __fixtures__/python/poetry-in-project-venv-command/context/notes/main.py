from fastapi import FastAPI

app = FastAPI()
NOTES: list[str] = []


@app.get("/notes")
def list_notes() -> list[str]:
    return NOTES
