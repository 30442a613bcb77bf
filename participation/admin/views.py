"""Admin pages under /moderation/admin/: every account, and what an admin may do to it."""

from functools import wraps

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import func, select

from ..auth import services as accounts
from ..auth.models import ADMIN, Moderator
from ..extensions import db
from ..workshops.models import Workshop
from ..workshops.rules import may_administer
from . import bp
from .forms import DeleteAccountForm, NewAccountForm, ResetPasswordForm, RoleForm
from .services import delete_moderator


def admin_required(view):
    """Logged in and an admin; other moderators get 403 (the pages exist, they just may not)."""

    @wraps(view)
    @login_required
    def guarded(*args, **kwargs):
        if not may_administer(current_user):
            abort(403)
        return view(*args, **kwargs)

    return guarded


def _account_or_404(account_id):
    account = db.session.get(Moderator, account_id)
    if account is None:
        abort(404)
    return account


def _workshop_counts():
    rows = db.session.execute(select(Workshop.owner_id, func.count(Workshop.id)).group_by(Workshop.owner_id))
    return dict(rows.all())


def render_accounts(status=200, new_form=None, role_forms=None):
    role_forms = role_forms or {}
    accounts_list = accounts.all_moderators()
    for account in accounts_list:
        role_forms.setdefault(account.id, RoleForm(formdata=None, prefix=f"r{account.id}", data={"role": account.role}))
    return render_template(
        "admin/accounts.html",
        accounts=accounts_list,
        workshop_counts=_workshop_counts(),
        new_form=new_form or NewAccountForm(formdata=None),
        role_forms=role_forms,
    ), status


@bp.get("/")
@admin_required
def accounts_page():
    return render_accounts()


@bp.post("/accounts")
@admin_required
def create_account():
    form = NewAccountForm()
    if form.validate():
        try:
            account = accounts.create_moderator(form.username.data, form.password.data, role=form.role.data)
        except accounts.AccountError as refused:
            getattr(form, refused.field or "username").errors.append(refused.message)
        else:
            flash(_("Das Konto „%(name)s“ ist angelegt. Geben Sie der Person ihr Passwort auf einem sicheren Weg.",
                    name=account.username))
            return redirect(url_for("admin.accounts_page", _anchor=f"account-{account.id}"))
    return render_accounts(422, new_form=form)


@bp.post("/accounts/<int:account_id>/role")
@admin_required
def change_role(account_id):
    account = _account_or_404(account_id)
    form = RoleForm(prefix=f"r{account.id}")
    if form.validate():
        try:
            accounts.set_role(account, form.role.data)
        except accounts.AccountError as refused:
            form.role.errors.append(refused.message)
        else:
            if account.role == ADMIN:
                flash(_("„%(name)s“ hat jetzt Administratorrechte.", name=account.username))
            else:
                flash(_("„%(name)s“ ist jetzt Moderator ohne Administratorrechte.", name=account.username))
            if account.id == current_user.id and not account.is_admin:
                return redirect(url_for("workshops.dashboard"))
            return redirect(url_for("admin.accounts_page", _anchor=f"account-{account.id}"))
    return render_accounts(422, role_forms={account.id: form})


@bp.route("/accounts/<int:account_id>/password", methods=["GET", "POST"])
@admin_required
def reset_password(account_id):
    account = _account_or_404(account_id)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(account, form.password.data)
        except accounts.AccountError as refused:
            form.password.errors.append(refused.message)
        else:
            if account.id == current_user.id:
                login_user(account)  # the session id carries the session token the new password replaced
            flash(_("Das Passwort von „%(name)s“ ist neu gesetzt; alle bisherigen Anmeldungen dieses Kontos "
                    "sind beendet.", name=account.username))
            return redirect(url_for("admin.accounts_page", _anchor=f"account-{account.id}"))
    status = 422 if form.errors else 200
    return render_template("admin/password.html", account=account, form=form), status


@bp.route("/accounts/<int:account_id>/delete", methods=["GET", "POST"])
@admin_required
def delete_account(account_id):
    account = _account_or_404(account_id)
    form = DeleteAccountForm()
    error = None
    if account.id == current_user.id:
        error = _("Sie können Ihr eigenes Konto nicht löschen.")
    elif form.validate_on_submit():
        name = account.username
        try:
            moved = delete_moderator(account, current_user._get_current_object())
        except accounts.AccountError as refused:
            error = refused.message
        else:
            flash(_("Das Konto „%(name)s“ ist gelöscht.", name=name))
            if moved:
                flash(_("Seine Workshops gehören jetzt Ihnen: %(count)d.", count=moved))
            return redirect(url_for("admin.accounts_page"))
    status = 422 if error and form.is_submitted() else 200
    owned = _workshop_counts().get(account.id, 0)
    return render_template("admin/delete.html", account=account, form=form, error=error, owned=owned), status
