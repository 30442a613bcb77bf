"""The secret key of a group's facilitator link (Tischmoderation): it opens that group's
facilitator page and nothing else (``workshops.link_keys.SecretLink``; the salt is the
group's own, so rotating one group's link leaves the others alone)."""

from ..workshops.link_keys import SecretLink

_FACILITATOR = SecretLink("facilitator_salt", "facilitator-key")

facilitator_key_of = _FACILITATOR.key_of
rotate_facilitator_key = _FACILITATOR.rotate
revoke_facilitator_key = _FACILITATOR.revoke
facilitator_key_matches = _FACILITATOR.matches
