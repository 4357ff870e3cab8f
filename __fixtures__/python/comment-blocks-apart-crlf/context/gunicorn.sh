#!/bin/sh
exec gunicorn --bind 0.0.0.0:5002 app:app
