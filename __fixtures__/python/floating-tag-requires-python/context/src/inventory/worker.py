from celery import Celery

app = Celery("inventory", broker="redis://redis:6379/0")


def main():
    app.worker_main(["worker", "--loglevel=info"])
