from flask import redirect, render_template, request

from guestbook import app, db


class Guest(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(120), nullable=False)


@app.route("/", methods=["GET", "POST"])
def index():
    if request.method == "POST":
        db.session.add(Guest(name=request.form["name"]))
        db.session.commit()
        return redirect("/")
    return render_template("index.html", guests=Guest.query.all())
