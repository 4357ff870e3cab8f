from .base import *  # noqa: F403

DEBUG = False
STATIC_ROOT = "/var/www/mysite/static"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "mysite",
        "HOST": "db",
    }
}
