"""Who may do what: small named predicates, written once.

Views, templates (``register`` makes them Jinja globals) and the API ask these instead of
comparing owners and roles themselves. ``account`` is ``current_user``: anonymous visitors
are allowed nothing a moderator is.
"""

from .cards_keys import cards_key_matches
from .remote_keys import remote_key_matches
from .wall_keys import wall_key_matches


def _logged_in(account):
    return bool(account and account.is_authenticated)


def may_administer(account):
    """Admins: manage accounts and the public address; they may also manage every workshop."""
    return _logged_in(account) and account.is_admin


def is_co_moderator(account, workshop):
    return any(other.id == account.id for other in workshop.co_moderators)


def is_owner_or_admin(account, workshop):
    return _logged_in(account) and (workshop.owner_id == account.id or account.is_admin)


def may_moderate(account, workshop):
    """Open the workshop's moderator pages and act there: owner, co-moderator or admin."""
    if is_owner_or_admin(account, workshop):
        return True
    return _logged_in(account) and is_co_moderator(account, workshop)


def may_invite(account, workshop):
    """Invite and remove co-moderators: the owner, or an admin."""
    return is_owner_or_admin(account, workshop)


def may_remove_co_moderator(account, workshop, moderator_id):
    """Whoever may invite; and every co-moderator may leave on their own."""
    return moderator_id == account.id or may_invite(account, workshop)


def may_delete(account, workshop):
    """Delete the workshop with everything in it: the owner, or an admin.

    A co-moderator runs the event with the owner, but the workshop is not theirs to end.
    """
    return is_owner_or_admin(account, workshop)


def may_view_wall(account, workshop, key):
    """See the wall and its live stream: the workshop's moderators, or whoever holds the
    secret wall key (a second laptop at the projector, not logged in)."""
    return may_moderate(account, workshop) or wall_key_matches(workshop, key)


def may_drive_run(account, workshop, key=None):
    """Move through the run sheet (next step, timer, reveal, spotlight, QR code on the
    wall): the workshop's moderators, or whoever holds the secret remote link's key. It
    does not open the console, the editor or any idea's text the room cannot see."""
    return may_moderate(account, workshop) or remote_key_matches(workshop, key)


def may_enter_cards(account, workshop, key=None):
    """Type the room's paper cards in (and their sticker dots), read photos of cards, see
    the cards entered so far: the workshop's moderators, or whoever holds the secret
    "Kartenerfassung" link's key. The key opens the paper-card pages of this workshop,
    nothing else: no console, no hiding or editing of ideas, no other workshop."""
    return may_moderate(account, workshop) or cards_key_matches(workshop, key)


def may_use_template(account, template):
    """Use, download or delete a saved template (``SavedTemplate``): its owner only, admins
    included; templates are personal and shared as files."""
    return _logged_in(account) and template is not None and template.owner_id == account.id


def access_label(account, workshop):
    """Why ``account`` sees ``workshop`` on the dashboard: "owner", "co" or "admin"."""
    if workshop.owner_id == account.id:
        return "owner"
    if is_co_moderator(account, workshop):
        return "co"
    return "admin"


TEMPLATE_RULES = (may_administer, may_moderate, may_invite, may_remove_co_moderator, may_delete, may_drive_run,
                  may_enter_cards)


def register(app):
    """Make the rules templates need callable there, under their own names."""
    for rule in TEMPLATE_RULES:
        app.add_template_global(rule)
