"""What a phone transfers on its first visit to the phone page of a busy workshop.

``build_busy_workshop`` fills the Dithmarschen workshop with 100 ideas as a hall writes
them (German, umlauts, emoji, a share of long texts, nicknames and none, dots given), and
``first_visit`` loads the phone page through a Flask test client the way a phone does: the
page, then every static file it references (stylesheets, scripts and the modules they
import, icons), each with the ``Accept-Encoding`` given, counting the bytes of each body
as sent. Used by tests/ideas/test_page_weight.py and bench/page_weight.py.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from hall_ideas import hall_ideas

LONG_TEXTS = (
    "Ein Bürgerbus für die Dörfer zwischen Heide und Büsum, der nach Bedarf fährt und per App "
    "oder Telefon bestellt werden kann, damit auch ältere Menschen ohne Auto zum Arzt, zum "
    "Einkaufen und zur Volkshochschule kommen. Wichtig wäre, dass man auch ohne Smartphone "
    "buchen kann und dass der Bus Rollstühle und Rollatoren mitnimmt 🚌♿",
    "Glasfaser bis in jedes Haus, auch in den Außenbereichen von Süderhastedt und Eddelak: "
    "Homeoffice, Schule von zu Hause und die Telemedizin funktionieren sonst nicht. Bitte die "
    "Gemeinden zusammen ausschreiben lassen, dann wird es günstiger – und die Straßen nur "
    "einmal aufreißen! 👷‍♀️📶",
    "Eine Dorf-App für Wöhrden: Veranstaltungen, Mitfahrgelegenheiten, Nachbarschaftshilfe, "
    "Fundsachen und die Öffnungszeiten vom Dorfladen an einem Ort. Die Vereine sollen selbst "
    "eintragen können, ohne dass jemand im Amt alles freigeben muss. Datenschutz beachten 🔒",
)
NICKNAMES = ("Anke", "Jörn", "Maren", "Hauke", "Sönke", "Frauke", "Özlem", "Björn", None)


def busy_texts(count=100):
    """``count`` idea texts: the hall's short ones, every eighth a long one, some emoji."""
    texts = []
    for number, text in enumerate(hall_ideas(count)):
        if number % 8 == 7:
            text = f"{LONG_TEXTS[number % len(LONG_TEXTS)]} ({number})"
        elif number % 5 == 2:
            text = f"{text} 💡"
        texts.append(text)
    return texts


def build_busy_workshop(workshop, count=100):
    """Fill ``workshop`` with ``count`` visible ideas from several people, some with dots.
    Returns the texts. Call inside an app context."""
    from helpers import make_participant, post_idea
    from participation.database import write_transaction
    from participation.voting.services import give_vote
    from participation.workshops.services import update_workshop

    update_workshop(workshop, idea_max_length=2000)
    people = []
    for number, nickname in enumerate(NICKNAMES):
        person = make_participant(workshop, f"person{number}")
        with write_transaction():
            person.nickname = nickname
        people.append(person)
    texts = busy_texts(count)
    ideas = [
        post_idea(workshop, people[number % len(people)], text, question=number % len(workshop.questions))
        for number, text in enumerate(texts)
    ]
    for number, idea in enumerate(ideas[1::4][:27]):  # each person gives their 3 dots
        voter = people[number % len(people)]
        if voter.id != idea.participant_id:
            give_vote(voter, idea)
    return texts


ASSET = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="(/static/[^"]+)"')
SERVICE_WORKER = re.compile(r'data-service-worker="([^"]+)"')  # phone.js registers it at once
MODULE_IMPORT = re.compile(r'\bfrom\s*"(\.{1,2}/[^"]+)"')  # static imports: loaded with the page


@dataclass
class Transfer:
    """One answer of a first visit: its address, body bytes as sent, and its headers."""

    url: str
    size: int
    encoding: str
    content_type: str
    cache_control: str


@dataclass
class FirstVisit:
    page: Transfer
    assets: list = field(default_factory=list)

    @property
    def total(self):
        return self.page.size + sum(asset.size for asset in self.assets)

    def table(self):
        rows = [self.page, *self.assets]
        lines = [f"{row.size:>8,} B  {row.encoding or 'identity':<8}  {row.url}" for row in rows]
        lines.append(f"{self.total:>8,} B  total")
        return "\n".join(lines)


def _transfer(response, url):
    assert response.status_code == 200, (url, response.status_code)
    return Transfer(
        url=url,
        size=len(response.get_data()),  # the body as sent (compressed when it is)
        encoding=response.headers.get("Content-Encoding", ""),
        content_type=response.headers.get("Content-Type", ""),
        cache_control=response.headers.get("Cache-Control", ""),
    )


def _decoded(response):
    from flask_compress.flask_compress import _uncompress_data

    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return (_uncompress_data(data, encoding) if encoding else data).decode("utf-8")


def first_visit(client, path, accept_encoding="gzip, deflate"):
    """Load ``path`` and everything it references once, as a browser with an empty cache."""
    headers = {"Accept-Encoding": accept_encoding}
    response = client.get(path, headers=headers)
    visit = FirstVisit(page=_transfer(response, path))
    html = _decoded(response).replace("&amp;", "&")
    pending = ASSET.findall(html) + SERVICE_WORKER.findall(html)
    seen = set()
    while pending:
        url = pending.pop(0)
        if url in seen:
            continue
        seen.add(url)
        answer = client.get(url, headers=headers)
        visit.assets.append(_transfer(answer, url))
        if urlsplit(url).path.endswith(".js"):
            pending += [urljoin(url, module) for module in MODULE_IMPORT.findall(_decoded(answer))]
    return visit
