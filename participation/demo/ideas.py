"""Demo ideas for a "Dithmarschen Digital" kick-off evening.

Each entry is ``(question_index, text, nickname)``: ``question_index`` points
into the three guiding questions of the "dithmarschen" workshop template
(0 = examples where technology already helps, 1 = concrete project ideas for
the county strategy, 2 = how technology could improve everyday life),
``text`` is the idea as an attendee typed it on a phone, and ``nickname`` is
the optional name they gave, or ``None``.

The texts are invented. They deliberately look like real input: mostly short,
sometimes a single word, a few long ones, inconsistent capitalisation, typos,
emoji, abbreviations and near-duplicates, spread over all fields of action.
They are used to fill a demo workshop and as realistic input for tests of the
wall, the classifier and the exports.
"""

from __future__ import annotations

DEMO_IDEAS: tuple[tuple[int, str, str | None], ...] = (
    # --- 0: "Welche Beispiele kennen wir, bei denen Technologie uns unterstützt?"
    (0, "Online-Banking", None),
    (0, "Videokonferenz mit den Enkeln in Hamburg", "Oma Inge"),
    (0, "Schul-App", None),
    (0, "E-Rezept, ging beim letzten mal echt schnell in der Apotheke", "Jan aus Heide"),
    (0, "Navi im Auto 🙂", None),
    (0, "Videosprechstunde beim Hausarzt, spart mir die Fahrt nach Heide", "Hauke"),
    (0, "Fahrplan-App vom Nahverkehr aufm Handy, stimmt meistens jedenfals", None),
    (0, "homeoffice seit corona, klappt gut wenn das internet mitspielt", "Pendlerin_Meike"),
    (0, "Lernplattform in der Schule, meine Tochter lädt da ihre Hausaufgaben hoch", "Sabine"),
    (0, "WhatsApp-Gruppe vom Sportverein", None),
    (0, "Hausnotruf für meine Mutter, gibt uns allen ein sicheres Gefühl", "Carsten"),
    (0, "Melkroboter und GPS-Traktor auf dem Hof", "Landwirt_Peter"),
    (0, "Online Termin beim Bürgerbüro buchen", None),
    (0, "Smart Meter zeigt mir was die PV-Anlage gerade an Strom bringt", "Solar-Sönke"),
    (0, "Onleihe von der Bücherei, E-Books ausleihen ohne hinzufahren 👍", "Leseratte"),
    (0, "Videokonferenzen im Job", None),
    (0, "Kfz-Zulassung online gemacht, ging erstaunlich einfach", None),
    (0, "Windpark meldet per Fernüberwachung sofort, wenn eine Anlage ausfällt", None),
    (0, "vhs-kurse per zoom", "Birte"),
    (0, "Warn-App bei Sturmflut und Unwetter", None),
    (0, "Carsharing am Bahnhof in Meldorf", None),
    (0, "Onlineshop für unseren Hofladen, läuft besser als gedacht", "Hofladen Karin"),
    (0, "kontaktlos bezahlen beim bäcker", None),
    (0, "Tablet im Pflegeheim, damit die Bewohner mit Angehörigen videotelefonieren können", "Pflegekraft Anja"),
    (0, "Glasfaser im Dorf, endlich ruckelt der Stream nicht mehr 📶", "Torben"),
    (0, "Digitaler Veranstaltungskalender vom Tourismusverein in Büsum", None),
    (0, "Elternbriefe kommen jetzt per App und nicht mehr als Zettel im Ranzen", None),
    (0, "Abfall-App erinnert an die Müllabfuhr", "Heiko"),
    (0, "Sprachassistent für meinen Vater, der schlecht sieht", None),
    (0, "Onlinebanking", "Gerd"),
    (
        0,
        "Ich pendle nach Brunsbüttel ins Industriegebiet. Mit der App vom Arbeitgeber "
        "sehe ich meine Schichten und kann mit Kollegen tauschen, das hat vieles leichter gemacht.",
        None,
    ),
    # --- 1: "Welche konkrete Projektidee haben wir für die Digitalstrategie im Kreis?"
    (1, "Car-Sharing-App für den ganzen Kreis", None),
    (1, "Co-Working-Space in Heide für Pendler, die nicht jeden Tag nach Hamburg wollen", "Jan aus Heide"),
    (1, "Digitale Einkaufshilfe für ältere Leute auf den Dörfern", "Oma Inge"),
    (1, "Rufbus per App bestellen 🚌", None),
    (1, "Mitfahrbank mit Display, auf dem man sieht wer gleich in die Richtung fährt", "Kalle"),
    (1, "kostenloses WLAN in allen bürgerhäusern und dorfgemeinschaftshäusern", None),
    (1, "Glasfaserausbau bis in die letzte Milchkammer!!", "Landwirt_Peter"),
    (1, "Ein Bürgerportal, wo alle Anträge vom Kreis und den Ämtern an einer Stelle sind", "Anke"),
    (1, "Telemedizin-Station in Dörfern ohne Hausarzt, mit Pflegekraft vor Ort", None),
    (1, "Digitale Tafeln und Tablets für alle Grundschulen im Kreis", "Lehrerin aus Meldorf"),
    (1, "Ladesäulen an jedem Dorfgemeinschafthaus", None),
    (
        1,
        "Ehrenamts-Plattform, auf der Vereine Helfer suchen und Freiwillige sich eintragen können",
        "Vereinsmeier",
    ),
    (1, "Funklöcher kartieren: jeder kann per app melden, wo kein Netz ist", None),
    (1, "Digitaler Dorfladen mit Abholstation rund um die Uhr", "Maren"),
    (1, "Schnellere Termine beim straßenverkehrsamt durch Online-Terminvergabe", None),
    (
        1,
        "Dashboard, das zeigt wie viel Windstrom und Wasserstoff im Kreis gerade erzeugt wird",
        "Solar-Sönke",
    ),
    (1, "Jobbörse für Dithmarscher Betriebe, speziell für Azubis", None),
    (1, "Digitallotsen, die Senioren zu Hause beim Handy helfen", "Gesine"),
    (1, "Sensoren am Deich, die den Wasserstand melden", None),
    (1, "Kulturportal mit allen Konzerten, Museen und Theaterterminen im Kreis an einem Ort", "Kulturfan"),
    (1, "Makerspace für Jugendliche in Brunsbüttel", None),
    (
        1,
        "Mein Vorschlag: eine gemeinsame Plattform für die ganze Region, auf der "
        "Handwerksbetriebe, Landwirte und kleine Läden ihre Angebote zeigen können. Viele "
        "hier haben keine eigene Homepage und werden im Netz einfach nicht gefunden. Der "
        "Kreis könnte das zusammen mit den Gewerbevereinen aufbauen und Schulungen "
        "anbieten, damit die Betriebe ihre Seiten auch selbst pflegen. Gerade für die "
        "Urlauber in Büsum wäre das praktisch, die suchen sowieso alles übers Handy.",
        "Hofladen Karin",
    ),
    (1, "hausarzt-termine online buchen im ganzen kreis", None),
    (
        1,
        "Pflege-Plattform: freie Plätze bei Pflegediensten und Heimen auf einen Blick",
        "Pflegekraft Anja",
    ),
    (1, "Freies WLAN am Büsumer Hafen und in der Fußgängerzone in Heide", None),
    (1, "Eine Schul-Cloud für alle Schulen im Kreis statt jede Schule was eigenes", "Sabine"),
    (1, "E-Bike-Verleih an den Bahnhöfen", None),
    (1, "Bürgerbüro auf Rädern, kommt 1x im Monat mit Laptop ins Dorf", "Hauke"),
    (1, "Smarte Straßenbeleuchtung, die nur angeht wenn jemand kommt. Spart Strom", None),
    (1, "Online-Sprechstunde vom Jugendamt", None),
    (1, "5G an der Küste für Landwirtschaft und Tourismus", "Thies"),
    # --- 2: "Wie könnte uns Technologie helfen, unseren Alltag besser zu gestalten?"
    (2, "Digitale Bürgerdienste, damit man nicht wegen jedem Formular aufs Amt muss", None),
    (2, "Kostenfreies W-LAN überall im Ort", "Torben"),
    (2, "Bildungsangebote online, auch abends nach der Arbeit", "Birte"),
    (2, "Wenn der Bus Verspätung hat, will ich das in Echtzeit sehen 🚌", "Lea"),
    (2, "Weniger Papierkram bei Anträgen", None),
    (2, "Mehr Homeoffice möglich machen, dann spar ich mir 2 Stunden pendeln am Tag", "Pendlerin_Meike"),
    (2, "Arztbriefe und Befunde digital statt per Fax", None),
    (2, "Einkäufe liefern lassen, wenn man nicht mehr Auto fahren kann", "Oma Inge"),
    (2, "Stabiles Handynetz auf der B5, ständig bricht das Gespräch ab", None),
    (2, "Mitfahrgelegenheiten im Dorf einfacher finden", "Kalle"),
    (2, "E-Rezept überall einführen", None),
    (2, "Sturzsensor in der Wohnung für alleinlebende Senioren", "Gesine"),
    (2, "WLAN in Bus und Bahn", None),
    (2, "Feuerwehr-Alarmierung per App, dann wissen alle sofort wer kommt", "Feuerwehr-Jens"),
    (2, "Heizung per Handy steuern und Energie sparen", None),
    (
        2,
        "Digitale Vereinsverwaltung, damit das Ehrenamt nicht an der Bürokratie scheitert",
        "Vereinsmeier",
    ),
    (2, "Computerkurse für Ältere in der Bücherei", None),
    (2, "Schlaglöcher oder wilden Müll direkt mit Foto ans Amt melden können", "Heiko"),
    (2, "Sperrmüll online anmelden", None),
    (2, "Kita-Platz online anmelden und sehen, wo was frei ist", "Maren"),
    (2, "Nachbarschaftshilfe per App organisieren 👍", None),
    (
        2,
        "Technik soll helfen, aber nicht alles ersetzen. Meine Eltern haben kein Smartphone "
        "und kommen mit dem ganzen Online-Kram nicht klar. Bitte immer auch einen "
        "Ansprechpartner vor Ort oder am Telefon lassen!",
        "Gerd",
    ),
    (2, "weniger Funklöcher!!!", None),
    (2, "Freies WLAN an Schulen und Bushaltestellen", None),
    (2, "Online-Sprechstunde beim Bürgermeister", "Anke"),
    (2, "Lern-Apps für Kinder mit Leseschwäche", "Lehrerin aus Meldorf"),
    (2, "fahrrad app mit schönen routen durch die marsch", None),
    (2, "Smart Home für mehr Selbstständigkeit im Alter 🙂", None),
    (2, "Wärmepumpe und PV per App im Blick behalten", "Solar-Sönke"),
    (2, "Weiterbildung für Beschäftigte in kleinen Betrieben digital anbieten", None),
    (2, "Schichtpläne und Urlaubsanträge per App, vorallem in der Pflege", "Pflegekraft Anja"),
    (2, "Wartezeiten beim Arzt aufs Handy geschickt bekommen, statt 2 Std im Wartezimmer zu sitzen", None),
)
