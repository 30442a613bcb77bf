"""Charts drawn with matplotlib's object API (``Figure``; never the state-machine
interface, which keeps global figures across request threads): pure functions
from plain data to SVG or PNG bytes, safe to call from any request thread."""
