"""The secret key of a workshop's "Kartenerfassung" link: a helper without an account types
the room's paper cards in (and their sticker dots), for this workshop only
(``link_keys.SecretLink``)."""

from .link_keys import SecretLink

_CARDS = SecretLink("cards_salt", "cards-key")

cards_key_of = _CARDS.key_of
rotate_cards_key = _CARDS.rotate
revoke_cards_key = _CARDS.revoke
cards_key_matches = _CARDS.matches
