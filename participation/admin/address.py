"""The admin's page for the public address phones reach (QR codes, join, wall and focus links).

Storing it in the app fixes a venue laptop's ``127.0.0.1`` without editing files or
restarting; PUBLIC_BASE_URL, when set by the operator, still wins and the page says so.
"""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..core import public_address
from ..workshops.urls import is_unreachable_from_phones, lan_suggestions
from . import bp
from .forms import PublicAddressForm
from .views import admin_required


def render_address_page(form=None, status=200):
    app = current_app._get_current_object()
    stored = public_address.stored_base_url(app)
    form = form or PublicAddressForm(formdata=None, data={"address": stored or ""})
    in_force = public_address.base_url(app)
    return render_template(
        "admin/address.html",
        form=form,
        configured=public_address.configured_base_url(app),
        stored=stored,
        in_force=in_force,
        request_base=request.host_url.rstrip("/"),
        unreachable=is_unreachable_from_phones(in_force or request.host_url),
        suggestions=lan_suggestions(),
    ), status


@bp.get("/address")
@admin_required
def public_address_page():
    return render_address_page()


@bp.post("/address")
@admin_required
def save_public_address():
    form = PublicAddressForm()
    if form.validate():
        try:
            value = public_address.store_base_url(current_app._get_current_object(), form.address.data)
        except public_address.AddressError as refused:
            form.address.errors.append(refused.message)
        else:
            if value:
                flash(_("Die öffentliche Adresse ist gespeichert: %(address)s. QR-Codes und Links zeigen ab sofort "
                        "darauf.", address=value))
            else:
                flash(_("Die öffentliche Adresse ist entfernt. QR-Codes zeigen wieder auf die Adresse, unter der "
                        "die Seite aufgerufen wird."))
            return redirect(url_for("admin.public_address_page"))
    return render_address_page(form, 422)
