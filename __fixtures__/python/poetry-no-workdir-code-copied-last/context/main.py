import csv
from pathlib import Path

from fastapi import FastAPI

app = FastAPI()

with Path("data/harvest.csv").open(newline="") as handle:
    ROWS = list(csv.DictReader(handle))


@app.get("/harvest")
def harvest(region: str | None = None):
    return [row for row in ROWS if region is None or row["region"] == region]
