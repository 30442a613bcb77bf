"""The secret key of a workshop's remote link: the moderator's own phone drives the run
sheet (next step, timer, reveal) without logging in (``link_keys.SecretLink``)."""

from .link_keys import SecretLink

_REMOTE = SecretLink("remote_salt", "remote-key")

remote_key_of = _REMOTE.key_of
rotate_remote_key = _REMOTE.rotate
revoke_remote_key = _REMOTE.revoke
remote_key_matches = _REMOTE.matches
