import os

from dotenv import load_dotenv

# Developers keep DATABASE_URL in .env; the deployment sets it in the environment.
load_dotenv()

DATABASE_URL = os.environ["DATABASE_URL"]
DEBUG = os.getenv("DEBUG", "0") == "1"
