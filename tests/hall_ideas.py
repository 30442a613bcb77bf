"""Ideas of a real hall for tests of the Handlungsfelder page: 125 or 500 German ideas
in the Dithmarschen workshop, grown to 10 Handlungsfelder.

The texts are built from what attendees write about each field (a wish, a place of the
Kreis, sometimes a reason), the way phones deliver them: short, in varying spelling,
some with emoji, and a share that fits no field at all (dogs, Boßeln, storks, …), so
that the analysis leaves some unassigned and proposes groups. Deterministic: the same
``count`` always gives the same texts in the same order.
"""

PLACES = (
    "Heide", "Meldorf", "Brunsbüttel", "Büsum", "Albersdorf", "Marne", "Wesselburen", "Lunden",
    "Hennstedt", "Tellingstedt", "Burg", "Friedrichskoog", "Wöhrden", "Nordhastedt", "Eddelak",
    "Schafstedt", "Hemmingstedt", "Weddingstedt", "St. Michaelisdonn", "Süderhastedt",
)
REASONS = (
    "", "", "", " – das wäre super", ", bitte bald!", " 👍", ", auch für Ältere",
    ", wie in Nordfriesland", " (dringend)", ", sonst ziehen die Jungen weg",
)

# (field, wishes); "{ort}" is a place of the Kreis
WISHES = {
    "Bildung": (
        "Tablets für alle Grundschüler in {ort}",
        "Computerkurs für Senioren in der VHS {ort}",
        "Schul-App für Elternbriefe und Krankmeldungen in {ort}",
        "WLAN in jeder Schule in {ort}",
        "Lernplattform für Hausaufgaben, die auch auf dem Handy läuft ({ort})",
        "Medienkompetenz schon in der Kita {ort}",
    ),
    "Gesundheit & Pflege": (
        "Telemedizin beim Hausarzt in {ort}",
        "Videosprechstunde mit dem Facharzt statt Fahrt nach {ort}",
        "Hausnotruf für alle über 80 in {ort}",
        "E-Rezept direkt an die Apotheke in {ort} schicken",
        "Online-Termine beim Arzt in {ort}",
        "Pflegedienst {ort} mit Tablet statt Zettelwirtschaft",
    ),
    "Mobilität": (
        "Rufbus per App bestellen, auch abends nach {ort}",
        "Mitfahrbank am Ortsausgang von {ort} 🚌",
        "Echtzeit-Anzeige an der Bushaltestelle in {ort}",
        "Carsharing mit E-Autos in {ort}",
        "Radweg mit Beleuchtung zwischen {ort} und Heide",
        "Bus und Bahn in einer Fahrplan-App für {ort}",
    ),
    "Verwaltung & Bürgerservice": (
        "Ausweis online beantragen statt ins Amt {ort} zu fahren",
        "Bürgerbüro {ort} mit Online-Terminvergabe",
        "Anträge der Gemeinde {ort} digital ausfüllen",
        "Mängelmelder-App für Schlaglöcher in {ort}",
        "Bauantrag in {ort} komplett online",
        "Sprechstunde des Bürgermeisters von {ort} per Video",
    ),
    "Wirtschaft & Arbeit": (
        "Coworking-Space im alten Bahnhof {ort}",
        "Online-Marktplatz für Händler aus {ort}",
        "Homeoffice-Plätze für Pendler in {ort}",
        "Digitale Jobbörse für Ausbildung in {ort}",
        "Hofladen in {ort} mit Online-Bestellung",
        "Handwerker aus {ort} online buchen",
    ),
    "Breitband & Infrastruktur": (
        "Glasfaser für alle Höfe rund um {ort}",
        "Funklöcher bei {ort} endlich schließen!!",
        "Schnelles Internet im Gewerbegebiet {ort}",
        "Freies WLAN auf dem Marktplatz {ort}",
        "5G-Mast für {ort}, Handyempfang ist katastrophal",
        "Glasfaseranschluss in {ort} schneller verlegen",
    ),
    "Umwelt & Energie": (
        "Bürgerwindpark {ort} mit Strompreis-App",
        "Ladesäulen für E-Autos in {ort}",
        "Smarte Straßenlaternen in {ort} sparen Strom",
        "Solaranlagen auf allen Dächern der Gemeinde {ort}",
        "Sensoren für Hochwasser am Deich bei {ort}",
        "Energiespar-Beratung online für {ort}",
    ),
    "Kultur, Freizeit & Ehrenamt": (
        "Vereinsplattform für alle Vereine in {ort}",
        "Veranstaltungskalender für {ort} als App",
        "Ehrenamtsbörse für {ort} – wer hilft wem?",
        "Onleihe der Bücherei {ort} bekannter machen",
        "Digitales Museum über die Geschichte von {ort}",
        "Sportverein {ort} mit Online-Hallenbuchung",
    ),
    "Sicherheit & Katastrophenschutz": (
        "Sirenen und Warn-App bei Sturmflut in {ort}",
        "Feuerwehr {ort} mit Tablets im Einsatz",
        "Notfall-Treffpunkte in {ort} auf einer Karte",
        "Beleuchtete Wege zum Bahnhof {ort} für mehr Sicherheit",
    ),
    "Tourismus & Handel": (
        "Urlaubs-App für Gäste in {ort} mit allen Angeboten",
        "Online-Buchung von Ferienwohnungen in {ort}",
        "Digitaler Stadtführer für {ort}",
        "Strandkorb in {ort} per App reservieren",
    ),
}

# Fits none of the 10 fields: the analysis leaves these open and proposes groups.
UNFITTING = (
    "Hundewiese mit Zaun in {ort}",
    "Boßelturnier mit Grünkohl in {ort}",
    "Storchennest mit Kamera in {ort}",
    "Hundekotbeutel-Spender an der Hundewiese {ort} 🐕",
    "Grünkohlessen nach dem Boßeln in {ort}",
    "Mehr Bänke am Deich bei {ort}",
)

EXTRA_FIELDS = (
    ("Sicherheit & Katastrophenschutz", "Warnung und Hilfe bei Sturmflut, Unwetter und Notfällen.",
     ("sturmflut", "warn-app", "sirene", "feuerwehr", "katastrophenschutz", "sicherheit", "notfall"), "#7c2d12"),
    ("Tourismus & Handel", "Gäste, Urlaub und Einkaufen in den Orten und an der Küste.",
     ("tourismus", "urlaub", "gäste", "ferienwohnung", "strand", "stadtführer", "einkaufen"), "#0f766e"),
)


def hall_ideas(count):
    """``count`` different idea texts, spread over all fields, one in 12 fitting none."""
    fitting = [wish for pool in WISHES.values() for wish in pool]
    texts, seen, step = [], set(), 0
    while len(texts) < count:
        place = PLACES[(step * 7 + step // len(PLACES)) % len(PLACES)]
        reason = REASONS[(step // 3) % len(REASONS)]
        if step % 12 == 11:
            wish = UNFITTING[(step // 12) % len(UNFITTING)]
        else:
            wish = fitting[(step * 5) % len(fitting)]
        text = wish.format(ort=place) + reason
        step += 1
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def build_hall(workshop, count):
    """Grow the Dithmarschen ``workshop`` to 10 fields, store ``count`` ideas, analyse.

    Returns ({text: idea id}, {field name: field id}). Call inside an app context.
    """
    from participation.database import write_transaction
    from participation.ideas.models import VISIBLE, Idea
    from participation.fields.services import run_analysis
    from participation.workshops.structure import add_field

    for name, description, keywords, colour in EXTRA_FIELDS:
        if all(field.name != name for field in workshop.fields):
            add_field(workshop, name, description, keywords, colour)
    with write_transaction() as session:
        ideas = [
            Idea(workshop_id=workshop.id, question_id=workshop.questions[n % len(workshop.questions)].id,
                 idempotency_key=f"hall-{workshop.id}-{n:05d}", text=text, status=VISIBLE)
            for n, text in enumerate(hall_ideas(count))
        ]
        session.add_all(ideas)
    run_analysis(workshop)
    return {idea.text: idea.id for idea in ideas}, {field.name: field.id for field in workshop.fields}
