"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from ..ideas.models import IDEA_SOURCES
from .paging import CURSOR_PATTERN, DEFAULT_LIMIT, MAX_LIMIT

ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string", "description": "German message for the person"},
        "field": {"type": ["string", "null"]},
    },
}

QUESTION = {
    "type": "object",
    "required": ["id", "position", "text"],
    "properties": {"id": {"type": "integer"}, "position": {"type": "integer"}, "text": {"type": "string"}},
}

GROUP = {
    "type": "object",
    "description": "A group of the workshop's group work: a table in the hall or a breakout room online",
    "required": ["id", "number", "name", "topic", "question_id"],
    "properties": {
        "id": {"type": "integer", "description": "What an idea's `group_id` refers to"},
        "number": {"type": "integer", "minimum": 1,
                   "description": "1, 2, 3 … in the workshop; its short join link is /j/{code}/g{number}"},
        "name": {"type": "string", "maxLength": 80},
        "topic": {"type": "string", "maxLength": 200, "description": "Its topic; empty: none"},
        "question_id": {"type": ["integer", "null"], "description": "The guiding question it works on; null: all"},
    },
}

WORKSHOP = {
    "type": "object",
    "required": ["code", "title", "description", "is_open", "idea_max_length", "dots_per_participant",
                 "show_ideas_to_attendees", "questions", "groups", "phase"],
    "properties": {
        "code": {"type": "string", "pattern": "^[A-HJKMNP-Z2-9]{6}$"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "is_open": {"type": "boolean"},
        "idea_max_length": {"type": "integer"},
        "dots_per_participant": {"type": "integer"},
        "show_ideas_to_attendees": {"type": "boolean"},
        "questions": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
        "groups": {"type": "array", "items": {"$ref": "#/components/schemas/Group"},
                   "description": "The groups (tables, breakout rooms) by number; empty: no group work"},
        "phase": {"$ref": "#/components/schemas/Phase"},
    },
}

STEP_KINDS = ["collect", "silent", "present", "vote", "result", "pause", "closed"]
EPOCH_MS = {"type": ["integer", "null"], "description": "Server time in milliseconds since 1970 (UTC), or null"}

STEP = {
    "type": "object",
    "description": "The step of the run sheet (Ablauf) that is current",
    "required": ["id", "kind", "title", "position", "count", "question_ids", "auto", "duration", "started_at",
                 "ends_at", "paused_remaining", "ended"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "enum": STEP_KINDS,
                 "description": "collect (Sammeln), silent (Still sammeln: attendees see only their own ideas), "
                 "present (Gruppen stellen vor: the groups present their promoted ideas in turn; no posting, no dots), "
                 "vote (Punkten: counts hidden until the reveal), result (Ergebnis), pause, closed"},
        "title": {"type": "string"},
        "position": {"type": "integer", "minimum": 1, "description": "Number of the step, from 1"},
        "count": {"type": "integer", "description": "How many steps the run sheet has"},
        "question_ids": {"type": "array", "items": {"type": "integer"},
                         "description": "The questions it applies to; empty: all"},
        "auto": {"type": "boolean", "description": "Moves on by itself when its time is up"},
        "duration": {"type": ["integer", "null"], "description": "Planned seconds, or null (no countdown)"},
        "started_at": EPOCH_MS,
        "ends_at": {**EPOCH_MS, "description": "When the countdown ends (server epoch ms); null when paused or without one"},
        "paused_remaining": {"type": ["number", "null"], "description": "Seconds left while the countdown is paused"},
        "ended": {"type": "boolean"},
    },
}

PHASE = {
    "type": "object",
    "description": "What the room may do now. Without a run sheet `step` is null and `kind` is open or closed.",
    "required": ["is_open", "kind", "votes_hidden", "step", "next"],
    "properties": {
        "is_open": {"type": "boolean"},
        "kind": {"type": "string", "enum": ["open", *STEP_KINDS]},
        "votes_hidden": {"type": "boolean", "description": "Dots are counted in secret: every idea's `votes` is null"},
        "step": {"oneOf": [{"$ref": "#/components/schemas/Step"}, {"type": "null"}]},
        "next": {
            "oneOf": [
                {"type": "object", "required": ["id", "kind", "title", "question_ids"],
                 "properties": {"id": {"type": "integer"}, "kind": {"type": "string", "enum": STEP_KINDS},
                                "title": {"type": "string"},
                                "question_ids": {"type": "array", "items": {"type": "integer"}}}},
                {"type": "null"},
            ],
            "description": "The step after the current one (the first when none runs), or null",
        },
    },
}

IDEA = {
    "type": "object",
    "required": ["id", "question_id", "text", "nickname", "status", "votes", "paper_votes", "source",
                 "source_name", "merged_into_id", "merged_texts", "edited", "field_id", "field_confirmed",
                 "created_at", "group_id", "promoted"],
    "properties": {
        "id": {"type": "integer"},
        "question_id": {"type": "integer"},
        "text": {"type": "string"},
        "nickname": {"type": ["string", "null"],
                     "description": "The participant's nickname; for a paper card or an imported row the name "
                     "written on it; null: anonymous"},
        "status": {"type": "string", "enum": ["visible", "hidden", "pending"]},
        "votes": {"type": ["integer", "null"], "minimum": 0,
                  "description": "All dots: the digital ones (each person counted once incl. merged ideas) plus "
                  "`paper_votes`; null while the workshop counts them in secret (a voting step before the reveal)"},
        "paper_votes": {"type": ["integer", "null"], "minimum": 0,
                        "description": "The part of `votes` given outside the app: sticker dots on a paper card "
                        "(\"Klebepunkte\") or votes carried over from an imported file, incl. merged ideas; "
                        "null while the dots are counted in secret"},
        "source": {"type": "string", "enum": list(IDEA_SOURCES),
                   "description": "Where the idea came from: typed on a phone (or sent through this API), a "
                   "paper card typed in or read from a photo, or a row of an imported file"},
        "source_name": {"type": ["string", "null"], "maxLength": 200,
                        "description": "The imported file's name (source `import`), otherwise null"},
        "merged_into_id": {"type": ["integer", "null"]},
        "merged_texts": {"type": "array", "items": {"type": "string"}, "description": "Texts of ideas merged into this one"},
        "edited": {"type": "boolean"},
        "field_id": {"type": ["integer", "null"], "description": "Handlungsfeld, null: not yet assigned"},
        "field_confirmed": {"type": "boolean", "description": "The field was set by a moderator"},
        "created_at": {"type": "string", "format": "date-time"},
        "group_id": {"type": ["integer", "null"],
                     "description": "The group (`Workshop.groups[].id`) it was posted in; null: no group"},
        "promoted": {"type": "boolean",
                     "description": "Its group promoted it to the plenary (\"Unsere drei wichtigsten\")"},
    },
}

VOTED = {
    "type": "object",
    "required": ["idea_id", "votes", "dots_used", "dots"],
    "properties": {
        "idea_id": {"type": "integer", "description": "The idea holding the dot (the merge target for a merged idea)"},
        "votes": {"type": ["integer", "null"], "description": "The idea's dots; null while they are counted in secret"},
        "dots_used": {"type": "integer"},
        "dots": {"type": "integer", "description": "Dots per participant in this workshop"},
    },
}

NEW_IDEA = {
    "type": "object",
    "required": ["question_id", "text"],
    "properties": {
        "question_id": {"type": "integer"},
        "text": {"type": "string", "description": "1 to idea_max_length characters after trimming"},
        "idempotency_key": {
            "type": "string",
            "pattern": "^[A-Za-z0-9_-]{8,64}$",
            "description": "Client-chosen key; a repeated key returns the idea stored the first time",
        },
        "nickname": {"type": "string", "maxLength": 40},
    },
}


IDEAS_PAGE = {
    "type": "object",
    "required": ["ideas", "next", "next_cursor", "silent"],
    "properties": {
        "ideas": {"type": "array", "items": {"$ref": "#/components/schemas/Idea"}},
        "silent": {"type": "boolean", "description": "Still sammeln: the room collects in silence, so `ideas` "
                   "holds only the caller's own (none without the participant cookie), as the phone page shows"},
        "next": {"type": ["string", "null"], "format": "uri-reference",
                 "description": "The address of the next page; null on the last page"},
        "next_cursor": {"type": ["string", "null"], "pattern": CURSOR_PATTERN,
                        "description": "The `cursor` of the next page; null on the last page"},
    },
}

IDEAS_PAGE_PARAMETERS = [
    {"name": "limit", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
     "description": "Ideas per page"},
    {"name": "cursor", "in": "query", "required": False,
     "schema": {"type": "string", "pattern": CURSOR_PATTERN},
     "description": "Opaque: the `next_cursor` of the previous page; leave out for the first page"},
    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "The ETag of a page fetched before"},
]

IDEAS_PAGE_HEADERS = {
    "ETag": {"required": True, "schema": {"type": "string"}, "description": "Changes whenever the page does"},
    "Link": {"required": False, "schema": {"type": "string"}, "description": '`<next>; rel="next"` unless this is the last page'},
}


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _vote_responses():
    return {
        "200": {"description": "The idea's dots now", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Voted"}}}},
        "400": _error("The CSRF token is missing or wrong"),
        "404": _error("No such workshop or idea"),
        "409": _error("Not possible now: no dots left, own idea, hidden idea, workshop closed, or not joined"),
    }


CODE_PARAMETER = {
    "name": "code", "in": "path", "required": True,
    "schema": {"type": "string"}, "description": "The workshop's join code",
}


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "participation API",
            "version": "1.0.0",
            "description": "Questions and ideas of live participation workshops. Posting needs the "
            "CSRF token of GET /api/session in the X-CSRFToken header and the cookies it set.",
        },
        "paths": {
            "/api/session": {
                "get": {
                    "summary": "Start a browser session and get its CSRF token",
                    "operationId": "getSession",
                    "responses": {"200": {"description": "The token", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["csrf_token"], "properties": {"csrf_token": {"type": "string"}}}}}}},
                }
            },
            "/api/workshops/{code}": {
                "get": {
                    "summary": "A workshop, its guiding questions and its groups",
                    "operationId": "getWorkshop",
                    "parameters": [CODE_PARAMETER],
                    "responses": {
                        "200": {"description": "The workshop", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Workshop"}}}},
                        "404": _error("No workshop with this code"),
                    },
                }
            },
            "/api/workshops/{code}/ideas": {
                "get": {
                    "summary": "The workshop's visible ideas, oldest first, a page at a time",
                    "description": "Ideas are listed in the order in which they were stored (committed), "
                    "so new ideas only ever appear at the end, and a walk along `next` lists every idea "
                    "exactly once however many are posted meanwhile. Follow `next` (also sent as a `Link: <…>; rel=\"next\"` header) "
                    "until it is null to get all of them. Each page carries an ETag: send it back in "
                    "If-None-Match and an unchanged page answers 304 without a body. While the room "
                    "collects in silence (`silent`: true) only the caller's own ideas are listed; while "
                    "the dots are counted in secret every `votes` is null (the reveal changes the ETag).",
                    "operationId": "listIdeas",
                    "parameters": [CODE_PARAMETER, *IDEAS_PAGE_PARAMETERS],
                    "responses": {
                        "200": {"description": "A page of visible ideas", "headers": IDEAS_PAGE_HEADERS,
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IdeasPage"}}}},
                        "304": {"description": "The page is unchanged since the ETag given in If-None-Match",
                                "headers": {"ETag": IDEAS_PAGE_HEADERS["ETag"]}},
                        "400": _error("`limit` is no whole number from 1 to 500, or `cursor` is not one this API handed out"),
                        "404": _error("No workshop with this code"),
                    },
                },
                "post": {
                    "summary": "Post an idea to one of the workshop's questions",
                    "operationId": "postIdea",
                    "parameters": [
                        CODE_PARAMETER,
                        {"name": "X-CSRFToken", "in": "header", "required": True, "schema": {"type": "string"}},
                        {"name": "Idempotency-Key", "in": "header", "required": False,
                         "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"}},
                    ],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewIdea"}}}},
                    "responses": {
                        "201": {"description": "Stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Posted"}}}},
                        "200": {"description": "Already stored under this idempotency key", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Posted"}}}},
                        "400": _error("The body is no valid JSON (`bad_json`: broken, nested too deeply, not UTF-8) or not a JSON object, or the CSRF token is missing or wrong"),
                        "404": _error("No workshop with this code"),
                        "409": _error("The workshop is closed"),
                        "422": _error("Empty or too long text, or a question_id that is no integer or belongs to another workshop"),
                        "429": _error("Too many new participants from this browser session or address: "
                                      "a post without the participant cookie would create one (see Retry-After)"),
                    },
                },
            },
            "/api/workshops/{code}/ideas/{idea_id}/vote": {
                "parameters": [
                    CODE_PARAMETER,
                    {"name": "idea_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "X-CSRFToken", "in": "header", "required": True, "schema": {"type": "string"}},
                ],
                "post": {
                    "summary": "Give one of the participant's dots to an idea",
                    "operationId": "giveVote",
                    "responses": _vote_responses(),
                },
                "delete": {
                    "summary": "Take a dot back",
                    "operationId": "takeBackVote",
                    "responses": _vote_responses(),
                },
            },
        },
        "components": {
            "schemas": {
                "Error": ERROR,
                "Question": QUESTION,
                "Workshop": WORKSHOP,
                "Group": GROUP,
                "Phase": PHASE,
                "Step": STEP,
                "Idea": IDEA,
                "IdeasPage": IDEAS_PAGE,
                "NewIdea": NEW_IDEA,
                "Voted": VOTED,
                "Posted": {
                    "type": "object", "required": ["idea", "created"],
                    "properties": {"idea": {"$ref": "#/components/schemas/Idea"}, "created": {"type": "boolean"}},
                },
            }
        },
    }
