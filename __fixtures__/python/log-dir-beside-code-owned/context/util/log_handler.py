import logging
import os
from logging.handlers import TimedRotatingFileHandler

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT_ROOT = os.path.join(HERE, os.pardir)
LOG_DIR = os.path.join(PROJECT_ROOT, "log")

if not os.path.exists(LOG_DIR):
    os.makedirs(LOG_DIR)


def get_logger(name):
    logger = logging.getLogger(name)
    log_file = os.path.join(LOG_DIR, "{}.log".format(name))
    handler = TimedRotatingFileHandler(filename=log_file, when="D", backupCount=7)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    return logger
