"""Every route of the app as a concrete request: its URL filled from a workshop of the
security world, its scope (who may use it) and a form that would change something.

A route the tables here cannot fill fails the walk (``RouteNotCovered``), so a new route is
never skipped silently: give its URL argument a value in ``argument_value``, its form in
``FORMS`` and, if it is meant for everybody, its endpoint in ``PUBLIC``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from werkzeug.routing.converters import AnyConverter

from helpers import TEST_PASSWORD

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")

# Endpoints anybody may use without a workshop's code, link or key.
PUBLIC = {"static", "pages.index", "pages.join_by_code", "auth.login", "api.openapi", "api.session_token",
          "ops.healthz", "i18n.switch", "pages.accessibility", "pages.privacy", "pages.help_page",
          "ideas.service_worker"}

# Scopes: who may use a route.
MODERATOR = "moderator"  # logged-in moderator of that workshop (the default for anything unknown)
ADMIN = "admin"  # logged-in admin (/moderation/admin/)
ATTENDEE = "attendee"  # anybody with the join code; writes need the attendee's cookie
FOCUS = "focus"  # anybody with the secret focus link
CODE = "code"  # /w/<code>/...: public pictures of a workshop, the wall (key or moderator)
REMOTE = "remote"  # /fernbedienung/<code>...: the run sheet's remote (remote key or moderator)
CARDS = "cards"  # /karten/<code>...: typing in paper cards (the "Kartenerfassung" link's key or moderator)
FACIL = "facilitator"  # /gruppe/<code>/<number>...: a group's facilitator page (its Tischmoderation key or moderator)
EVERYBODY = "public"
# --- issue 22 ---
PROCESS_PAGE = "process-page"  # /p/<slug>...: a process's public page (404 unless published)
VOTER = "voter"  # /auswahl/<choice_code>...: a final vote's page (anybody with its code while it is open)
# --- end issue 22 ---

# URL arguments that name an object of a workshop (swapped for another workshop's).
OBJECT_ARGUMENTS = ("idea_id", "item_id", "field_id", "link_id", "measure_id", "moderator_id", "step_id",
                    "import_token", "group_id",
                    "process_id", "entry_id", "choice_id", "candidate_id", "milestone_id")  # issue 22
# Attendee routes that act on the attendee's own idea (the others act on somebody else's).
OWN_IDEA_ENDPOINTS = {"ideas.edit", "ideas.delete"}
# Routes that act on a paper card (a phone's idea is none)
PAPER_CARD_ENDPOINTS = {"paper.card_dots"}
# Which of a workshop's visible ideas a route acts on (default: the first), so that the
# owner's walk through all routes does not hide the idea it spotlights next.
IDEA_INDEX = {"moderation.hide": 2, "moderation.merge": 3, "moderation.unmerge": 3, "moderation.fix_text": 4}
# Routes outside /api/ that take JSON (with the CSRF token in X-CSRFToken), as phones send it.
JSON_ROUTES = {"ideas.queue_report"}
# Arguments that are not about a workshop at all.
FIXED_ARGUMENTS = {
    ("i18n.switch", "code"): "en",
    ("exports.chart", "name"): "questions",
    ("exports.public_chart", "name"): "questions",
    ("exports.chart", "fmt"): "svg",
    ("exports.export", "fmt"): "csv",
    ("static", "filename"): "css/app.css",
    # an action that changes something in every state (an event for the wall), so that the
    # key holder's request proves the key works
    ("runsheet.remote_act", "action"): "qr",
}


# Routes that take away what others need (the measure, the link, the field, the workshop,
# the account, the session): a walk that sends every route for real sends these last, in
# this order.
DESTRUCTIVE = [
    # --- issue 22, feedback ---
    "feedback.delete_milestone",
    # --- end issue 22, feedback ---
    "workshops.delete_template", "runsheet.delete_step", "runsheet.new_remote_link", "runsheet.revoke_remote_link",
    "paper.new_link", "paper.revoke_link",
    "groups.new_facilitator_link", "groups.revoke_facilitator_link", "groups.delete",  # issue 21 (manage)
    "focus_groups.delete_measure", "focus_groups.revoke_link", "workshops.delete_field", "ideas.delete",
    "ideas.delete_all",
    "workshops.set_state", "workshops.remove_co_moderator", "moderation.delete_workshop", "admin.delete_account",
    "auth.change_password", "auth.logout",
]


class RouteNotCovered(LookupError):
    pass


def scope(rule):
    if rule.endpoint in PUBLIC:
        return EVERYBODY
    if rule.rule.startswith("/f/"):
        return FOCUS
    if rule.rule.startswith(("/j/", "/api/workshops/")):
        return ATTENDEE
    if rule.rule.startswith("/w/"):
        return CODE
    if rule.rule.startswith("/fernbedienung/"):
        return REMOTE
    if rule.rule.startswith("/karten/"):
        return CARDS
    if rule.rule.startswith("/gruppe/"):
        return FACIL
    if rule.rule.startswith("/p/"):  # issue 22
        return PROCESS_PAGE
    if rule.rule.startswith("/auswahl/"):  # issue 22
        return VOTER
    if rule.endpoint.startswith("admin.") or rule.rule.startswith("/moderation/admin"):
        return ADMIN
    return MODERATOR  # anything else needs a moderator, /moderation/ and unknown prefixes alike


def methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def walk(app, method_filter=None):
    """(rule, method) for every route, sorted; ``method_filter`` picks methods."""
    pairs = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint)):
        for method in methods(rule):
            if method_filter is None or method_filter(method):
                pairs.append((rule, method))
    return pairs


def in_safe_order(routes):
    """``routes`` ((rule, method) pairs) with the destructive ones last."""
    order = {endpoint: position for position, endpoint in enumerate(DESTRUCTIVE, start=1)}
    return sorted(routes, key=lambda route: order.get(route[0].endpoint, 0))


def sender_for(rule):
    """The client of the security world that may use ``rule`` on workshop A (the remote and
    the paper-card pages: a visitor who holds nothing but the link's key, which ``build``
    puts in)."""
    return {ADMIN: "admin", ATTENDEE: "attendee", REMOTE: "anonymous", CARDS: "anonymous",
            FACIL: "anonymous"}.get(scope(rule), "owner")


def _any_value(rule, name):
    converter = rule._converters.get(name)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    return None


def argument_value(rule, name, side, values):
    """The value of URL argument ``name`` naming an object of ``side`` (a workshop)."""
    if (rule.endpoint, name) in FIXED_ARGUMENTS:
        return FIXED_ARGUMENTS[rule.endpoint, name]
    choice = _any_value(rule, name)
    if choice is not None:
        return choice
    if scope(rule) == FACIL and name in ("number", "idea_id"):
        return facilitator_argument(rule, name, side)
    if name == "workshop_id":
        return side.workshop.id
    if name == "code":
        return side.workshop.code
    if name == "token":
        return side.tokens[0]
    if name == "idea_id":
        if rule.endpoint in PAPER_CARD_ENDPOINTS:
            return side.paper_idea_ids[0]
        if rule.endpoint in OWN_IDEA_ENDPOINTS and side.own_idea_id:
            return side.own_idea_id
        return side.idea_ids[IDEA_INDEX.get(rule.endpoint, 0) % len(side.idea_ids)]
    if name == "item_id":
        kind = values.get("kind") or _any_value(rule, "kind")
        kind = kind or ("questions" if "/questions/" in rule.rule else "fields")
        return side.question_ids[0] if kind == "questions" else side.field_ids[0]
    if name == "field_id":
        return side.field_ids[0]
    if name == "link_id":
        return side.link_ids[0]
    if name == "measure_id":
        return side.measure_ids[0]  # in the field of tokens[0]
    if name == "moderator_id":
        return side.co_moderator_ids[0]
    if name == "step_id":
        return side.step_ids[0]
    if name == "account_id":
        return side.spare_account_id
    if name == "template_id":
        return side.saved_template_ids[0]
    if name == "import_token":
        return side.import_token
    # --- issue 21, groups (manage) ---
    if name == "group_id":
        # deleting takes the last group (one without ideas): the others stay for the routes after it
        return side.group_ids[-1] if rule.endpoint == "groups.delete" else side.group_ids[0]
    if name == "number":  # a group's number (its short link, its wall)
        return side.group_numbers[0]
    # --- end issue 21, groups (manage) ---
    # --- issue 22: processes, Rückmeldung, the final vote ---
    if name == "process_id":
        return side.process_id
    if name == "slug":
        return side.process_slug
    if name == "entry_id":
        return side.process_field_ids[0]
    if name == "milestone_id":
        return side.milestone_ids[0]
    if name == "choice_id":
        return side.choice_ids[0]
    if name == "choice_code":
        return side.choice_codes[0]
    if name == "candidate_id":
        return side.candidate_ids[0]
    # --- end issue 22 ---
    raise RouteNotCovered(
        f"{rule.rule} ({rule.endpoint}): no value for <{name}>; add one to argument_value()")


@dataclass
class Request:
    rule: object
    method: str
    url: str
    form: dict
    json: object = None

    @property
    def label(self):
        return f"{self.method} {self.url} ({self.rule.endpoint})"

    def send(self, client, csrf_token=None):
        headers = {}
        if self.rule.rule.startswith("/api/") or self.rule.endpoint in JSON_ROUTES:
            if csrf_token:
                headers["X-CSRFToken"] = csrf_token
            return client.open(self.url, method=self.method, json=self.json, headers=headers)
        if self.method == "GET":
            return client.get(self.url)
        data = dict(self.form)
        if csrf_token:
            data["csrf_token"] = csrf_token
        return client.open(self.url, method=self.method, data=data)


def build(world, rule, method, side=None, overrides=None, link_key=None):
    """The request for ``rule`` naming objects of ``side`` (default: workshop A). The
    remote's and the paper cards' routes carry ``link_key`` (default: the side's key of
    that link; "" for none) in the query or form."""
    side = side or world.a
    values = {}
    for name in sorted(rule.arguments, key=lambda name: name != "kind"):  # kind decides item_id
        values[name] = argument_value(rule, name, side, values)
    values.update(overrides or {})
    url = world.app.url_map.bind("localhost").build(rule.endpoint, values, method=method)
    form, json = {}, None
    if method in STATE_CHANGING:
        maker = FORMS.get(rule.endpoint)
        if maker is None:
            raise RouteNotCovered(f"{rule.rule} ({rule.endpoint}): no form data; add it to FORMS")
        body = maker(world, side, values)
        if rule.rule.startswith("/api/") or rule.endpoint in JSON_ROUTES:
            json = body
        else:
            form = body
    elif rule.endpoint in ("live.poll", "live.stream"):
        url += "?view=moderation"
    if scope(rule) in (REMOTE, CARDS, FACIL):
        own = {REMOTE: side.remote_key, CARDS: side.cards_key,
               FACIL: side.facilitator_keys[0] if side.facilitator_keys else ""}[scope(rule)]
        key = own if link_key is None else link_key
        if key and method == "GET":
            url += f"?key={key}"
        elif key:
            form["key"] = key
    return Request(rule, method, url, form, json)


# --- group work: the facilitator page (issue 21, "facil") ---
# Which of group 1's ideas (``Side.group_idea_ids``) each facilitator action acts on.
FACIL_IDEA_INDEX = {"groups.facilitator_hide": 0, "groups.facilitator_show": 1, "groups.facilitator_fix": 2,
                    "groups.facilitator_merge": 3, "groups.facilitator_promote": 4,
                    "groups.facilitator_unpromote": 5}


def facilitator_argument(rule, name, side):
    """Group 1 of ``side`` and its ideas (``world._facilitated_groups``)."""
    number = side.group_numbers[0] if side.group_numbers else 1
    if name == "number":
        return number
    return side.group_idea_ids[number][FACIL_IDEA_INDEX.get(rule.endpoint, 0)]


def _facilitator_merge_target(world, side, values):
    number = side.group_numbers[0] if side.group_numbers else 1
    return {"target_id": str(side.group_idea_ids[number][4])}
# --- end group work: facilitator ---


def _version(measure_id):
    from participation.extensions import db
    from participation.measures.models import Measure

    measure = db.session.get(Measure, measure_id)
    return str(measure.version) if measure is not None else "1"


def _in_ten_days():
    from participation.focus_groups.services import BERLIN

    return (datetime.now(BERLIN).date() + timedelta(days=10)).isoformat()


def _template_file():
    """A valid template file on disk: the test client opens a path afresh for each request."""
    import json
    import tempfile

    document = {"format": "participation-template", "version": 1, "name": "Eingeschleuste Vorlage",
                "questions": ["Frage?"], "fields": [], "steps": [{"kind": "collect"}]}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(document, handle)
    return handle.name


def _photo(world, side, values):
    """A small photo of a card on disk (the photo page's form; the test client opens a
    path afresh for each request)."""
    import tempfile

    from PIL import Image, ImageDraw

    picture = Image.new("L", (240, 80), 255)
    ImageDraw.Draw(picture).text((10, 30), "Eingeschleust", fill=0)
    with tempfile.NamedTemporaryFile(suffix=".png", delete=False) as handle:
        picture.save(handle, format="PNG")
    return {"question_id": str(side.question_ids[0]), "photo": (handle.name, "karte.png")}
def _import_file():
    """A small CSV of ideas on disk (the test client opens a path afresh for each request)."""
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as handle:
        handle.write("Idee;Punkte\r\nEingeschleuste Import-Idee;2\r\n".encode("utf-8-sig"))
    return handle.name


def _nothing(world, side, values):
    return {}


def _author_of(idea_id):
    from participation.extensions import db
    from participation.ideas.models import Idea

    return db.session.get(Idea, idea_id).participant_id


# Forms that would change something if the request were let through.
FORMS = {
    # attendees
    "ideas.join": lambda w, s, v: {"nickname": "Neuer Name"},
    "ideas.submit": lambda w, s, v: {"question_id": s.question_ids[0], "text": "Eingeschleuste Idee",
                                             "idempotency_key": "sicherheit-0001-abcdef"},
    "ideas.edit": lambda w, s, v: {"text": "Eingeschleuste Änderung"},
    "ideas.delete": _nothing,
    "ideas.delete_all": _nothing,
    "voting.vote": _nothing,
    "ideas.queue_report": lambda w, s, v: {"waiting": 4},
    "voting.unvote": _nothing,
    "api.post_idea": lambda w, s, v: {"question_id": s.question_ids[0], "text": "Eingeschleuste API-Idee",
                                              "idempotency_key": "sicherheit-0002-abcdef"},
    "api.vote": _nothing,
    "api.unvote": _nothing,
    "runsheet.done": lambda w, s, v: {"done": "1"},
    # focus groups
    "focus_groups.new_measure": lambda w, s, v: {"title": "Eingeschleuste Maßnahme", "version": "0",
                                                  "field_ids": str(s.field_ids[0])},
    "focus_groups.edit_measure": lambda w, s, v: {"title": "Überschrieben", "version": _version(v["measure_id"]),
                                                   "priority": "hoch"},
    "focus_groups.delete_measure": lambda w, s, v: {"version": _version(v["measure_id"])},
    # moderators
    "auth.login": lambda w, s, v: {"username": "owner-anna", "password": "falsch-falsch-falsch"},
    "auth.logout": _nothing,
    "auth.change_password": lambda w, s, v: {"current_password": TEST_PASSWORD,
                                             "password": "ganz-neu-und-lang-42",
                                             "password_confirm": "ganz-neu-und-lang-42"},
    "workshops.invite": lambda w, s, v: {"username": "co-emil"},
    "runsheet.act": _nothing,
    "runsheet.remote_act": lambda w, s, v: {"show": "1"},
    "runsheet.add_step": lambda w, s, v: {"kind": "collect", "question_ids": str(s.question_ids[0]), "minutes": "4",
                                          "title": "Eingeschleuster Schritt"},
    "runsheet.add_default": _nothing,
    "runsheet.save_step": lambda w, s, v: {"kind": "pause", "minutes": "3", "title": "Überschrieben"},
    "runsheet.move_step": lambda w, s, v: {"direction": "down"},
    "runsheet.delete_step": _nothing,
    "runsheet.new_remote_link": _nothing,
    "runsheet.revoke_remote_link": _nothing,
    "workshops.remove_co_moderator": _nothing,
    "paper.add": lambda w, s, v: {"question_id": s.question_ids[0], "text": "Eingeschleuste Karte",
                                  "author": "Fremd", "paper_votes": "9", "card_key": "sicherheit-karte-0001"},
    "paper.add_lines": lambda w, s, v: {"question_id": s.question_ids[0], "lines": "Eingeschleust\nZweimal",
                                        "card_key": "sicherheit-zeilen-0001"},
    "paper.card_dots": lambda w, s, v: {"paper_votes": "42"},
    "paper.idea_dots": lambda w, s, v: {"paper_votes": "17"},
    "paper.new_link": _nothing,
    "paper.revoke_link": _nothing,
    "workshops.save_as_template": lambda w, s, v: {"name": "Eingeschleuste Vorlage", "description": ""},
    "workshops.import_template": lambda w, s, v: {"file": (_template_file(), "vorlage.json")},
    "workshops.delete_template": _nothing,
    "imports.upload": lambda w, s, v: {"file": (_import_file(), "ideen.csv")},
    "imports.run": lambda w, s, v: {"text": "0", "question": f"q{s.question_ids[0]}", "votes": "1",
                                    "action": "import"},
    # admins
    "admin.create_account": lambda w, s, v: {"username": "neu-gustav", "password": "ganz-neu-und-lang-42",
                                             "password_confirm": "ganz-neu-und-lang-42", "role": "admin"},
    "admin.change_role": lambda w, s, v: {f"r{v['account_id']}-role": "admin"},
    "admin.reset_password": lambda w, s, v: {"password": "ganz-neu-und-lang-42",
                                             "password_confirm": "ganz-neu-und-lang-42"},
    "admin.delete_account": _nothing,
    "admin.save_public_address": lambda w, s, v: {"address": "http://192.168.1.20:5000"},
    "workshops.new": lambda w, s, v: {"template": "dithmarschen", "title": "Eingeschleust"},
    "workshops.set_state": lambda w, s, v: {"open": "0"},
    "workshops.save_settings": lambda w, s, v: {"title": "Umbenannt", "idea_max_length": "300",
                                                        "place": "Heide", "description": "", "event_date": "",
                                                        "is_open": "y"},
    "workshops.save_page": lambda w, s, v: {"title": "Umbenannt", "idea_max_length": "300", "place": "Heide",
                                                "description": "", "event_date": "", "is_open": "y",
                                                "action": "save-settings"},
    "workshops.add_question": lambda w, s, v: {"new-question-text": "Eingeschleuste Frage?"},
    "workshops.update_question": lambda w, s, v: {f"q{v['item_id']}-text": "Geänderte Frage?"},
    "workshops.delete_question": _nothing,
    "workshops.add_field": lambda w, s, v: {"new-field-name": "Eingeschleust", "new-field-colour": "#123456",
                                                    "new-field-keywords": "", "new-field-description": ""},
    "workshops.update_field": lambda w, s, v: {f"f{v['item_id']}-name": "Umbenannt",
                                                       f"f{v['item_id']}-colour": "#654321",
                                                       f"f{v['item_id']}-keywords": "bus",
                                                       f"f{v['item_id']}-description": ""},
    "workshops.delete_field": _nothing,
    "workshops.move": lambda w, s, v: {"direction": "down"},
    "moderation.hide": _nothing,
    "moderation.show": _nothing,
    "moderation.spotlight": _nothing,
    "moderation.clear_spotlight": _nothing,
    "moderation.unmerge": _nothing,
    "moderation.merge": lambda w, s, v: {"target_id": str(s.idea_ids[1])},
    "moderation.fix_text": lambda w, s, v: {"text": "Korrigiert von außen"},
    "moderation.live_settings": lambda w, s, v: {"dots_per_participant": "9", "word_filter": "boot"},
    "moderation.reset_all_votes": lambda w, s, v: {"confirm": "yes"},
    # the last ideas: the walk spotlights and merges the first ones
    "moderation.bulk_ideas": lambda w, s, v: {"idea_id": [str(s.idea_ids[-1])], "action": "hide"},
    "moderation.source_ideas": lambda w, s, v: {"source": f"p{_author_of(s.idea_ids[-2])}", "action": "hide",
                                                "since": "0"},
    "moderation.new_wall_link": _nothing,
    # --- groups: the moderator's overview (issue 21, helper "grid") ---
    "groups.help_done": _nothing,
    "groups.group_message": lambda w, s, v: {"message": "Eingeschleust: Noch 5 Minuten", "action": "send"},
    # --- end groups overview ---
    "moderation.delete_workshop": lambda w, s, v: {"confirm_title": s.workshop.title},
    "fields.run": _nothing,
    "fields.move": lambda w, s, v: {"field_id": str(s.field_ids[1])},
    "fields.release": _nothing,
    "fields.adopt": lambda w, s, v: {"idea_id": [str(i) for i in s.idea_ids[:2]], "name": "Neues Feld",
                                              "term": "bus"},
    # not the ideas "adopt" took just before: a moderator's decision is never moved by a proposal
    "fields.merge_into": lambda w, s, v: {"idea_id": [str(i) for i in s.idea_ids[2:4]],
                                                   "field_id": str(s.field_ids[0]), "term": "bus"},
    "fields.discovery": lambda w, s, v: {"k": "3"},
    "focus_groups.create_link": lambda w, s, v: {f"field-{v['field_id']}-label": "Eingeschleust",
                                          f"field-{v['field_id']}-expires_on": _in_ten_days()},
    "focus_groups.revoke_link": _nothing,
    "exports.publish_results": lambda w, s, v: {"publish": "1"},
    # --- issue 21, groups (manage) ---
    "groups.manage": lambda w, s, v: {"name": "Eingeschleuste Gruppe", "topic": "Von außen", "facilitator": "Fremd"},
    "groups.add_many": lambda w, s, v: {"count": "2", "prefix": "Eingeschleust"},
    "groups.edit": lambda w, s, v: {"name": "Umbenannte Gruppe", "topic": "Überschrieben"},
    "groups.delete": _nothing,
    "groups.promote_limit": lambda w, s, v: {"limit": "7"},
    "groups.new_facilitator_link": _nothing,
    "groups.revoke_facilitator_link": _nothing,
    "groups.choose": lambda w, s, v: {"group_id": str(s.group_ids[1]), "back": "ideas"},
    # --- end issue 21, groups (manage) ---
    # paper cards (the "Kartenerfassung" key)
    "paper.photo": _photo,
    # --- group work: the facilitator page (the group's Tischmoderation key) ---
    "groups.facilitator_hide": _nothing,
    "groups.facilitator_show": _nothing,
    "groups.facilitator_fix": lambda w, s, v: {"text": "Korrigiert vom Tisch"},
    "groups.facilitator_merge": _facilitator_merge_target,
    "groups.facilitator_promote": _nothing,
    "groups.facilitator_unpromote": _nothing,
    "groups.facilitator_help": _nothing,
    "groups.facilitator_help_clear": _nothing,
    # --- end group work: facilitator ---
    "paper.confirm_photo": lambda w, s, v: {"question_id": str(s.question_ids[0]), "rows": "1", "action": "save",
                                            "card-0-key": "foto-sicherheit-0001", "card-0-text": "Eingeschleuste Karte",
                                            "card-0-take": "1"},
    # --- issue 22, feedback ---
    "feedback.measure": lambda w, s, v: {"stage": "verworfen", "stage_reason": "Eingeschleust",
                                         "public_update": "Eingeschleuste Neuigkeit", "is_public": "y"},
    "feedback.add_milestone": lambda w, s, v: {"new-title": "Eingeschleuster Meilenstein"},
    "feedback.tick_milestone": lambda w, s, v: {f"m{v['milestone_id']}-done_on": "2026-01-15"},
    "feedback.untick_milestone": _nothing,
    "feedback.rename_milestone": lambda w, s, v: {f"r{v['milestone_id']}-title": "Eingeschleust umbenannt"},
    "feedback.move_milestone": lambda w, s, v: {"direction": "down"},
    "feedback.delete_milestone": _nothing,
    # --- end issue 22, feedback ---
}


# --- issue 22, process ---
def _process_title(side):
    from participation.extensions import db
    from participation.processes.models import Process

    db.session.rollback()
    return db.session.get(Process, side.process_id).title


def _another_process(side):
    """A process of the workshop's owner other than the side's (``processes.create`` made
    one): joining it from the workshop's page moves the workshop there."""
    from sqlalchemy import select

    from participation.extensions import db
    from participation.processes.models import Process

    db.session.rollback()
    other = db.session.scalar(select(Process.id).where(Process.owner_id == side.workshop.owner_id,
                                                       Process.id != side.process_id).order_by(Process.id.desc()))
    return str(other or side.process_id)


FORMS.update({
    "processes.create": lambda w, s, v: {"title": "Eingeschleuster Prozess", "description": "Von außen"},
    "processes.save_settings": lambda w, s, v: {"title": "Umbenannter Prozess", "description": "Überschrieben",
                                                "slug": s.process_slug},
    "processes.add_entry": lambda w, s, v: {"new-entry-name": "Eingeschleustes Feld", "new-entry-colour": "#123456",
                                            "new-entry-keywords": "", "new-entry-description": ""},
    "processes.update_entry": lambda w, s, v: {f"e{v['entry_id']}-name": "Umbenanntes Feld",
                                               f"e{v['entry_id']}-colour": "#654321",
                                               f"e{v['entry_id']}-keywords": "bus",
                                               f"e{v['entry_id']}-description": ""},
    "processes.move_entry": lambda w, s, v: {"direction": "down"},
    "processes.remove_entry": _nothing,
    "processes.adopt_field": _nothing,  # after remove_entry: the field it unlinked goes back into the catalogue
    # the workshop moves to the process "create" made, comes back through "add", is taken out
    "processes.join_from_workshop": lambda w, s, v: {"process_id": _another_process(s)},
    "processes.add_workshop": lambda w, s, v: {"workshop_id": str(s.workshop.id)},
    "processes.remove_workshop": _nothing,
    "processes.delete": lambda w, s, v: {"confirm_title": _process_title(s)},
})
# first: the catalogue entry goes before "workshops.delete_field" takes its field
DESTRUCTIVE[0:0] = ["processes.remove_entry", "processes.adopt_field"]
_BEFORE = DESTRUCTIVE.index("moderation.delete_workshop")
DESTRUCTIVE[_BEFORE:_BEFORE] = ["processes.join_from_workshop", "processes.add_workshop",
                                "processes.remove_workshop", "processes.delete"]
# --- end issue 22, process ---
# --- issue 22, choices ---
def _choice_in(state, values, tie=False):
    """Put the side's final vote into ``state`` before a request that needs it (the world's
    vote is open; drafts take candidates, a closed vote with a tie at the border takes the
    moderator's pick): the walk checks who may send a route, tests/choices which state
    allows what."""
    from participation.choices import tally
    from participation.choices.models import CLOSED, ProjectChoice
    from participation.database import write_transaction
    from participation.extensions import db

    db.session.rollback()
    with write_transaction() as session:
        choice = session.get(ProjectChoice, values["choice_id"])
        if choice is None:
            return None
        choice.state, choice.winners = state, 1
        rows = tally.tally(choice.method, [(candidate.id, candidate.title) for candidate in choice.candidates], [], 1)
        choice.result = {"ballots": 0, "rows": rows} if state == CLOSED and tie else None
    return choice


def _choice_form(state, form=None, tie=False):
    def maker(world, side, values):
        _choice_in(state, values, tie)
        return dict(form or {})
    return maker


def _choice_settings(world, side, values):
    choice = _choice_in("entwurf", values)
    return {"title": "Überschriebene Abstimmung", "method": "punkte", "points": "4", "winners": "1"} \
        if choice is not None else {}


def _choice_vote(world, side, values):
    from participation.choices.models import ProjectChoice
    from participation.extensions import db
    from sqlalchemy import select

    db.session.rollback()
    choice = db.session.scalar(select(ProjectChoice).where(ProjectChoice.code == values["choice_code"]))
    if choice is not None:
        _choice_in("offen", {"choice_id": choice.id})
    return {f"c{candidate_id}": "1" for candidate_id in side.candidate_ids[:1]}


def _choice_pick(world, side, values):
    _choice_in("abgeschlossen", values, tie=True)
    return {"picked": str(side.candidate_ids[1])}


FORMS.update({
    "choices.vote": _choice_vote,
    "choices.create": lambda w, s, v: {"title": "Eingeschleuste Abstimmung", "method": "punkte", "points": "3",
                                       "winners": "1"},
    "choices.settings": _choice_settings,
    "choices.add_candidate": _choice_form("entwurf", {"title": "Eingeschleuster Vorschlag"}),
    "choices.move_candidate": _choice_form("entwurf", {"direction": "down"}),
    "choices.remove_candidate": _choice_form("entwurf"),
    "choices.open_vote": _choice_form("entwurf"),
    "choices.close_vote": _choice_form("offen"),
    "choices.pick": _choice_pick,
    "choices.delete": _choice_form("offen", {"confirm": "ja"}),
})
# the vote's candidates, its result and the vote itself go last
DESTRUCTIVE[0:0] = ["choices.remove_candidate", "choices.close_vote", "choices.delete"]
# --- end issue 22, choices ---
