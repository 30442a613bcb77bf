"""Join codes: six characters that are easy to read aloud and type on a phone.

The alphabet leaves out 0/O, 1/I/L, which people confuse on posters and projectors.
"""

import re
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_SEPARATORS = re.compile(r"[\s\-_.]+")


def generate_code(random_choice=secrets.choice):
    return "".join(random_choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw):
    """Return the canonical form of a typed code, or None when it cannot be a code."""
    code = _SEPARATORS.sub("", raw or "").upper()
    if len(code) != CODE_LENGTH or any(char not in ALPHABET for char in code):
        return None
    return code
