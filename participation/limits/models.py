from ..extensions import db


class RateCounter(db.Model):
    name = db.Column(db.String(120), primary_key=True)  # scope and participant token hash
    bucket = db.Column(db.Integer, primary_key=True, autoincrement=False)  # window number
    hits = db.Column(db.Integer, nullable=False, default=0)
