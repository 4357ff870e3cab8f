from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "change-me"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "events.urls"

DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "events", "HOST": "db"}}

# Activity log, next to the project
LOG_DIR = BASE_DIR / "logs"
LOG_DIR.mkdir(parents=True, exist_ok=True)

LOGGING = {
    "version": 1,
    "handlers": {
        "file": {
            "class": "logging.FileHandler",
            "filename": str(LOG_DIR / "events.log"),
        },
    },
    "root": {"handlers": ["file"], "level": "INFO"},
}
