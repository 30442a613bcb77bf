"""Charts drawn with matplotlib's object API (``Figure``, never ``pyplot``): pure functions
from plain data to SVG or PNG bytes, safe to call from any request thread."""
