from fastapi import FastAPI

from routers import tables

app = FastAPI(title="Bookings")
app.include_router(tables.router)
