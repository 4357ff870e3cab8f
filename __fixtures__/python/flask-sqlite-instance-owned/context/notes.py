from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
# The database ships with a few sample notes.
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:////srv/notes/instance/notes.db"
db = SQLAlchemy(app)
