"""Logging in and out, and changing one's own password."""

import logging

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from ..core.urls import safe_local_target
from . import bp, throttle
from .forms import ChangePasswordForm, LoginForm
from .services import AccountError, authenticate, change_own_password, end_all_sessions

log = logging.getLogger(__name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("workshops.dashboard"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            attempt = throttle.admit(form.username.data)
        except throttle.LoginThrottled as throttled:
            log.warning("login refused", extra={"event": "login.throttled"})
            form.password.errors.append(
                ngettext("Zu viele fehlgeschlagene Anmeldungen von hier. Bitte warten Sie %(num)d Sekunde und "
                         "versuchen Sie es dann noch einmal.",
                         "Zu viele fehlgeschlagene Anmeldungen von hier. Bitte warten Sie %(num)d Sekunden und "
                         "versuchen Sie es dann noch einmal.", throttled.retry_after)
            )
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(throttled.retry_after)}
        moderator = authenticate(form.username.data, form.password.data)
        if moderator:
            attempt.succeeded()
            session.clear()  # a fresh session at login: nothing from before carries over
            login_user(moderator, remember=form.remember.data)
            log.info("login", extra={"event": "login.ok"})
            response = redirect(safe_local_target(request.args.get("next"), url_for("workshops.dashboard")))
            return throttle.remember_device(response, form.username.data)
        attempt.failed()
        log.info("login failed", extra={"event": "login.failed"})
        form.password.errors.append(_("Benutzername oder Passwort ist falsch."))
    if form.errors:
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    end_all_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("Sie sind abgemeldet."))
    return redirect(url_for("pages.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    moderator = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            change_own_password(moderator, form.current_password.data, form.password.data)
        except AccountError as refused:
            getattr(form, refused.field or "password").errors.append(refused.message)
        else:
            # The session id carries the account's session token, which the new password
            # replaced: renew it here, or this session ends too (all others do).
            remember = bool(request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")))
            session.clear()
            login_user(moderator, remember=remember)
            flash(_("Ihr Passwort ist geändert. Andere Anmeldungen mit dem alten Passwort sind beendet."))
            return redirect(url_for("workshops.dashboard"))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status
