"""Who may do what with a process (also Jinja globals, see ``register``)."""

from ..workshops.rules import may_moderate


def _logged_in(account):
    return bool(account and account.is_authenticated)


def may_manage_process(account, process):
    """Edit the process, its catalogue and its public page, delete it, take workshops out,
    run its final vote: the process's owner, or an admin."""
    return _logged_in(account) and process is not None and (account.is_admin or process.owner_id == account.id)


def may_view_process(account, process):
    """See the process page, its counts, exports and documentation: whoever may manage it,
    and the moderators of any of its workshops (they see the others' counts and ideas)."""
    if may_manage_process(account, process):
        return True
    return _logged_in(account) and any(may_moderate(account, workshop) for workshop in process.workshops)


def may_add_workshop(account, process, workshop):
    """Put a workshop into the process: who manages the process and moderates the workshop."""
    return may_manage_process(account, process) and may_moderate(account, workshop)


def register(app):
    app.jinja_env.globals.update(may_manage_process=may_manage_process, may_view_process=may_view_process)
