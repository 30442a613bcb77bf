"""Measures (Maßnahmenmerkblatt): the sheet's boxes and labels, and the measures drafted
from a workshop's ideas. Focus groups write them (``focus_groups``); exports print them."""
