import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))

from flask import Flask  # noqa: E402
from util.log_handler import get_logger  # noqa: E402

log = get_logger("server")
app = Flask(__name__)


@app.route("/healthz")
def healthz():
    log.info("health check")
    return "", 204


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5010)
