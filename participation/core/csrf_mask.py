"""CSRF tokens masked per response, so compression cannot leak them (BREACH).

Flask-WTF's token is the session's constant random secret, signed: the same characters in
every page of a session for a second at a time, and its first part never changes. Pages are
sent compressed, and the phone page puts that token next to text others typed (their
ideas) and text a request reflects; someone who watches the venue Wi-Fi and can make a
phone load pages with text of their choosing could learn the token a character at a time
from how the compressed size changes (BREACH). So no page ever carries the token as it is:
each response masks it with a fresh random pad, as Django does, and the token is unmasked
before Flask-WTF checks it. The masked token is ``<pad>~<cipher>``: ``cipher[i]`` is the
token's character shifted by the pad's in the token's own alphabet. A token without ``~``
(from a page rendered before masking) is passed on as it is; whatever the check receives is
then checked by Flask-WTF exactly as before, so a garbled token fails there with the usual
friendly page.
"""

import secrets
import string
from types import MethodType

from flask import current_app, g, request
from flask_wtf.csrf import CSRFProtect, _FlaskFormCSRF, generate_csrf

# Every character of Flask-WTF's token (URL-safe base64 and the dots of its signature).
ALPHABET = string.ascii_letters + string.digits + "-_."
_INDEX = {char: index for index, char in enumerate(ALPHABET)}
SEPARATOR = "~"


def mask(token):
    """``token`` masked with a fresh random pad (a new string on every call)."""
    if not _INDEX.keys() >= set(token):
        return token  # not a token of ours: leave it alone (never happens with Flask-WTF)
    pad = "".join(secrets.choice(ALPHABET) for _ in token)
    size = len(ALPHABET)
    cipher = "".join(ALPHABET[(_INDEX[t] + _INDEX[p]) % size] for t, p in zip(token, pad))
    return f"{pad}{SEPARATOR}{cipher}"


def unmask(sent):
    """The token a masked one carries; anything that is not a well-formed masked token is
    returned unchanged (so Flask-WTF refuses it, or accepts an unmasked valid token)."""
    if not isinstance(sent, str) or SEPARATOR not in sent:
        return sent
    pad, _, cipher = sent.partition(SEPARATOR)
    if len(pad) != len(cipher) or not _INDEX.keys() >= set(pad + cipher):
        return "invalid"
    size = len(ALPHABET)
    return "".join(ALPHABET[(_INDEX[c] - _INDEX[p]) % size] for c, p in zip(cipher, pad))


def masked_csrf_token():
    """This response's masked token: one pad per response, the same string in every form
    of a page (so a page with 100 dot buttons still compresses it to one copy)."""
    masked = g.get("participation_masked_csrf")
    if masked is None:
        masked = g.participation_masked_csrf = mask(generate_csrf())
    return masked


def install(app, protect):
    """Masked tokens in every template of ``app``; ``protect`` (the app's CSRFProtect, made
    in ``extensions``, which sits below this layer) unmasks what a request sends (form
    field or X-CSRFToken header) before it checks it. Call after ``protect.init_app``."""
    app.jinja_env.globals["csrf_token"] = masked_csrf_token  # macros see only the globals
    app.context_processor(lambda: {"csrf_token": masked_csrf_token})  # after Flask-WTF's: wins
    protect._get_csrf_token = MethodType(_unmasked_request_token, protect)


# The bodies werkzeug parses into ``request.form``; any other body has no form field to look in.
_FORM_BODIES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _unmasked_request_token(protect):
    if request.mimetype in _FORM_BODIES:
        return unmask(CSRFProtect._get_csrf_token(protect))
    # A JSON post (phone.js, the API): Flask-WTF would find nothing in the form and go on to
    # the headers; asking for the form first builds the form parser's structures for nothing.
    for header in current_app.config["WTF_CSRF_HEADERS"]:
        token = request.headers.get(header)
        if token:
            return unmask(token)
    return None


class MaskedFormCSRF(_FlaskFormCSRF):
    """A form's own CSRF field: masked when drawn, unmasked when checked (forms are checked
    by the app's CSRFProtect before any view, this covers a form checked on its own)."""

    def generate_csrf_token(self, csrf_token_field):
        return masked_csrf_token()

    def validate_csrf_token(self, form, field):
        field.data = unmask(field.data)
        return super().validate_csrf_token(form, field)
