from fastapi import APIRouter

router = APIRouter(prefix="/tables")

_TABLES = [{"id": 1, "seats": 2}, {"id": 2, "seats": 4}]


@router.get("/")
def list_tables():
    return _TABLES
