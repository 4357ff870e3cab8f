from flask import Flask, render_template
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///tanks.db"
db = SQLAlchemy(app)


class Tank(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80))


with app.app_context():
    db.create_all()


@app.route("/")
def index():
    return render_template("index.html", tanks=Tank.query.all())
