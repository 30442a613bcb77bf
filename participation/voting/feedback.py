"""The answer to a dot given without JavaScript, shown beside the idea that was tapped.

The vote form redirects to the idea's anchor; the answer travels in the session to that
page, which renders it in the idea's card (not at the top of a long page, out of sight).
"""

from flask import session

_KEY = "vote_feedback"


def remember_feedback(idea_id, message, error=False):
    session[_KEY] = {"idea": idea_id, "message": message, "error": bool(error)}


def take_feedback():
    """``{"idea": id, "message": text, "error": bool}`` of the last dot, once; or None."""
    return session.pop(_KEY, None)
