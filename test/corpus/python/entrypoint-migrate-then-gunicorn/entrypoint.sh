#!/bin/bash
set -e
python manage.py migrate --noinput
exec gunicorn blog.wsgi:application --bind 0.0.0.0:8000
