"""Moving one item of an ordered list (questions, fields, run-sheet steps, catalogue entries,
milestones, candidates): the one way to swap with a neighbour and number the list again."""


def move_one(items, item, offset):
    """Move ``item`` ``offset`` places (-1 up, +1 down) among ``items`` (in their order) and
    number them 0, 1, … in their ``position``. False, and nothing changed, when it would
    leave the list. ``item`` is found by id: it may be a copy loaded before ``items``."""
    items = list(items)
    index = next(number for number, each in enumerate(items) if each.id == item.id)
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        each.position = position
    return True
