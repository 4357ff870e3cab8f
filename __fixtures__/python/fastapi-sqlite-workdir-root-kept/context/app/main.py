from fastapi import FastAPI

from .database import engine

app = FastAPI()
