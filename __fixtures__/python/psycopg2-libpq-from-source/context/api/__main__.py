import os

import sqlalchemy

engine = sqlalchemy.create_engine(os.environ["DATABASE_URL"])
print(engine.url)
