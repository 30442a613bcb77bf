"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

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

WORKSHOP = {
    "type": "object",
    "required": ["code", "title", "description", "is_open", "idea_max_length", "questions"],
    "properties": {
        "code": {"type": "string", "pattern": "^[A-HJKMNP-Z2-9]{6}$"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "is_open": {"type": "boolean"},
        "idea_max_length": {"type": "integer"},
        "questions": {"type": "array", "items": {"$ref": "#/components/schemas/Question"}},
    },
}

IDEA = {
    "type": "object",
    "required": ["id", "question_id", "text", "nickname", "status", "created_at"],
    "properties": {
        "id": {"type": "integer"},
        "question_id": {"type": "integer"},
        "text": {"type": "string"},
        "nickname": {"type": ["string", "null"]},
        "status": {"type": "string", "enum": ["visible", "hidden", "pending"]},
        "created_at": {"type": "string", "format": "date-time"},
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


def _error(description):
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


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
                    "summary": "A workshop and its guiding questions",
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
                    "summary": "The workshop's visible ideas, oldest first",
                    "operationId": "listIdeas",
                    "parameters": [CODE_PARAMETER],
                    "responses": {
                        "200": {"description": "Visible ideas", "content": {"application/json": {"schema": {
                            "type": "object", "required": ["ideas"],
                            "properties": {"ideas": {"type": "array", "items": {"$ref": "#/components/schemas/Idea"}}}}}}},
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
                        "400": _error("Not a JSON object, or the CSRF token is missing or wrong"),
                        "404": _error("No workshop with this code"),
                        "409": _error("The workshop is closed"),
                        "422": _error("Empty or too long text, or a question_id that is no integer or belongs to another workshop"),
                    },
                },
            },
        },
        "components": {
            "schemas": {
                "Error": ERROR,
                "Question": QUESTION,
                "Workshop": WORKSHOP,
                "Idea": IDEA,
                "NewIdea": NEW_IDEA,
                "Posted": {
                    "type": "object", "required": ["idea", "created"],
                    "properties": {"idea": {"$ref": "#/components/schemas/Idea"}, "created": {"type": "boolean"}},
                },
            }
        },
    }
