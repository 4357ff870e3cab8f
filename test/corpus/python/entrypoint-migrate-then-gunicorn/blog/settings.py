INSTALLED_APPS = ["django.contrib.staticfiles"]
STATIC_URL = "/static/"
STATIC_ROOT = "staticfiles"
ROOT_URLCONF = "blog.urls"
