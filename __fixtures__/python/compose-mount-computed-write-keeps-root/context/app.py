import os

from flask import Flask, request

app = Flask(__name__)
STORAGE = os.environ.get("STORAGE_DIR", "storage")


@app.route("/files/<name>", methods=["PUT"])
def put_file(name):
    target = os.path.join(STORAGE, os.path.basename(name))
    with open(target, "wb") as out:
        out.write(request.get_data())
    return "", 201
