from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///guests.db"
db = SQLAlchemy(app)

from guestbook import routes  # noqa: E402,F401
