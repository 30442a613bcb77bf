from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from . import bp
from .forms import LoginForm
from .services import authenticate


def _safe_next(target):
    """Only follow redirects to paths on this site."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("workshops.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("workshops.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        moderator = authenticate(form.username.data, form.password.data)
        if moderator:
            session.clear()  # a fresh session at login: nothing from before carries over
            login_user(moderator, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Benutzername oder Passwort ist falsch."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    session.clear()
    flash(_("Sie sind abgemeldet."))
    return redirect(url_for("core.index"))
