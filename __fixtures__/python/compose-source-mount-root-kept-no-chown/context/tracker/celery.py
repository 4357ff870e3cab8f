from celery import Celery

app = Celery("tracker")
