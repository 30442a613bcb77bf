"""Hostile values in every form of the app: no 5xx, whatever a person (or a script) types.

Each state-changing route of the security walk is sent by someone who may use it, with a
valid CSRF token, its usual form (``security.routes.FORMS``) and every text in it replaced
by values that broke or could break a database, a template or a parser: NUL (PostgreSQL
refuses it in text), other control characters, bidi overrides, a byte-order mark, emoji,
combining marks, 100 000 characters, markup, and numbers where text belongs. The JSON API
gets the same through the idea's text and nickname, lone surrogates included (JSON can
carry them as escapes; no database stores them).
"""

from helpers import csrf_token
from security.routes import STATE_CHANGING, build, in_safe_order, sender_for, walk

HOSTILE = [
    "Bus\x00linie",
    "\x01\x07\x1b[31m\x7f \u202eenilsuB\u202c \ufeffBOM\u200b Z\u0351\u0352a\u0354lgo 🚌",
    "x" * 100_000,
    "<script>alert(1)</script>{{ 7*7 }}",
    "99999999999999999999",
    "",
]
JSON_HOSTILE = HOSTILE + ["a\ud800b", "\udfff", "\ud83d"]


def _hostile_forms(form):
    """The form with one field at a time holding a hostile value, the others as usual."""
    for name, original in form.items():
        for value in HOSTILE:
            yield {**form, name: value if isinstance(original, str) else [value]}


def test_no_form_answers_with_a_server_error_whatever_it_holds(world):
    failures, count = [], 0
    for rule, method in in_safe_order(walk(world.app, STATE_CHANGING.__contains__)):
        if rule.rule.startswith("/api/"):
            continue  # below, with JSON
        client = world.client(sender_for(rule))
        for form in _hostile_forms(build(world, rule, method).form or {"text": ""}):
            request = build(world, rule, method)  # current ids and versions
            request.form = form
            count += 1
            try:  # TESTING lets exceptions through instead of answering 500
                response = request.send(client, csrf_token(client))
            except Exception as error:  # noqa: BLE001  (every crash is a finding)
                failures.append(f"{request.label} with {form!r:.100}: {type(error).__name__} {error!s:.100}")
                continue
            if response.status_code >= 500:
                failures.append(f"{request.label} with {form!r:.100}: {response.status_code}")
    assert count >= 40 * len(HOSTILE), count
    assert not failures, "\n".join(failures)


def test_no_json_text_or_nickname_breaks_the_api(world):
    """Newcomers whose first idea creates their participant: once the hostile value as the
    text, once as the nickname sent along. Nothing unstorable is stored."""
    code, question = world.a.workshop.code, world.a.question_ids[0]
    failures = []
    for number, value in enumerate(JSON_HOSTILE):
        for where in ("text", "nickname"):
            client = world.app.test_client()
            body = {"question_id": question, "idempotency_key": f"hostile-{where}-{number:04d}",
                    "text": f"Idee {number} {value}"[:400] if where == "text" else f"Idee {number}",
                    "nickname": value[:40] if where == "nickname" else "Ida"}
            try:
                response = client.post(f"/api/workshops/{code}/ideas", json=body,
                                       headers={"X-CSRFToken": csrf_token(client)})
            except Exception as error:  # noqa: BLE001  (TESTING lets exceptions through)
                failures.append(f"{where} {value!r:.60}: {type(error).__name__} {error!s:.100}")
                continue
            if response.status_code not in (201, 422):
                failures.append(f"{where} {value!r:.60}: {response.status_code}")
            elif response.status_code == 201:
                stored = response.get_json()["idea"]
                shown = stored["text"] + (stored["nickname"] or "")
                if "\x00" in shown or any("\ud800" <= char <= "\udfff" for char in shown):
                    failures.append(f"{where} {value!r:.60}: stored {shown!r:.80}")
    assert not failures, "\n".join(failures)


def test_a_nul_in_a_query_or_a_path_is_a_bad_request(world):
    owner, code = world.client("owner"), world.a.workshop.code
    for url in (f"/moderation/workshops/{world.a.workshop.id}/console?status=%00", "/join?code=AB%00CD",
                "/j/AB%00CD", f"/w/{code}/wall?key=%00"):
        assert owner.get(url).status_code == 400, url
