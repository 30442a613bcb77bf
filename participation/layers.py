"""The layers of the app, lowest first: a package may import its own modules and the
packages of lower layers, never a package of its own or a higher layer.

A lower layer that must react to a higher one offers a registration (the factory
connects them) or a signal; ``tests/test_layers.py`` fails on any import against this
table. The factory (``participation/__init__.py``), the table aggregator
``participation/models.py`` and this module are outside the layers.
"""

LAYERS = (
    # the base: pure computation and configuration, the Flask extensions, the database
    # session helpers, the web plumbing every feature uses (errors, headers, time, text),
    # then languages and charts, which build on that plumbing
    ("pure", {"config", "analysis"}),
    ("extensions", {"extensions"}),
    ("database", {"database"}),
    ("web", {"core"}),
    ("languages, charts", {"i18n", "charts"}),
    # the one rate-limit store; accounts (their login throttle counts there), the event log
    # and its fan-out
    ("limits", {"limits"}),
    ("accounts, events", {"auth", "events"}),
    # workshops with questions, Handlungsfelder, codes, permission rules, wall keys, editor
    ("workshops", {"workshops"}),
    # phases of the evening: the run sheet's state machine and what the room may do in each step
    ("phases", {"phases"}),
    # participants, posting, idea state; the measures (Maßnahmen) drafted from ideas
    ("ideas, measures", {"ideas", "measures"}),
    ("voting", {"voting"}),
    ("moderation", {"moderation"}),
    # group work: groups, joining, promoting, facilitator links and rules (the streams,
    # exports and run sheet above filter by group)
    ("groups", {"groups"}),
    # features built on the above: the Handlungsfelder page, the streams, the exports, the
    # run sheet's pages (editor, console controls, the moderator's remote), paper cards
    # (entry page, sticker dots, OCR) and the import of other tools' files
    ("fields, live, exports, run sheet, paper, imports",
     {"fields", "live", "exports", "runsheet", "paper", "imports"}),
    # participation processes: several workshops with one catalogue of Handlungsfelder,
    # counts and exports across them
    ("processes", {"processes"}),
    # what comes after the evening: the written documentation (Dokumentation), what became
    # of the ideas (Rückmeldung: measure stages, milestones, public pages, the phone's note)
    # and the final vote that chooses a project
    ("reports, feedback, choices", {"reports", "feedback", "choices"}),
    # pages that compose several features
    ("focus groups, api, pages, admin, ops, demo", {"focus_groups", "api", "pages", "admin", "ops", "demo"}),
)

# Not in any layer: the app factory and the module that imports every feature's models.
OUTSIDE = {"", "models", "layers"}


def layer_of(package):
    """The index of ``package`` (a top-level package or module below ``participation``)."""
    for index, (_name, packages) in enumerate(LAYERS):
        if package in packages:
            return index
    raise KeyError(f"participation.{package} is in no layer: add it to participation/layers.py")
