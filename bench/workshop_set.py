"""A labelled workshop set: invented ideas for the eight "Dithmarschen Digital" fields.

208 ideas as attendees of a county digital-strategy evening might type them on their
phones, 26 per field of action of the "dithmarschen" template, each with the field a
moderator would put it in. They were written for the analysis benchmark by the developer
of the analysis, after reading the template's field descriptions and keywords, and so
are probably easier than a real evening; many ideas deliberately avoid the template's
keywords ("Tablets für jede Klasse", "Kein Netz in Wesselburen"), some are ambiguous
between two fields (the gold field is the one the idea is mainly about), and the spelling
is messy on purpose: typos, umlauts typed as "ae" or left out, shouting, emoji,
one-word ideas and a few long ones.

Used by ``bench/analysis.py`` and by tests. Invented text, no personal data.
"""

from __future__ import annotations

BILDUNG = "Bildung"
GESUNDHEIT = "Gesundheit & Pflege"
MOBILITAET = "Mobilität"
VERWALTUNG = "Verwaltung & Bürgerservice"
WIRTSCHAFT = "Wirtschaft & Arbeit"
BREITBAND = "Breitband & Infrastruktur"
UMWELT = "Umwelt & Energie"
KULTUR = "Kultur, Freizeit & Ehrenamt"

WORKSHOP_SET: tuple[tuple[str, str], ...] = (
    # --- Bildung
    (BILDUNG, "Tablets für jede Klasse, nicht nur fürs Gymnasium"),
    (BILDUNG, "Informatik ab der 5. Klasse"),
    (BILDUNG, "digitale Schulbücher statt 10 kg Ranzen 🎒"),
    (BILDUNG, "Lehrkräfte brauchen Fortbildungen, viele kennen sich selbst nicht aus"),
    (BILDUNG, "Smartboards"),
    (BILDUNG, "Online-Nachhilfe von Studenten für Schüler auf dem Land"),
    (BILDUNG, "Ein IT-Hausmeister für mehrere Schulen, die Lehrer können das nicht nebenbei"),
    (BILDUNG, "Handyführerschein für Grundschüler"),
    (BILDUNG, "Programmierkurse für Kinder und Jugendliche in den Ferien 💻"),
    (BILDUNG, "Eltern-App statt Zettelwirtschaft, Krankmeldung vom Kind per Handy an die Klassenlehrerin"),
    (BILDUNG, "Kurse für Senioren wie man Whatsapp und Onlinebanking benutzt"),
    (BILDUNG, "Medienbildung"),
    (BILDUNG, "Berufsschule in Heide besser ausstatten, da stehen noch Röhrenmonitore"),
    (BILDUNG, "Distanzunterricht wenn der Schulbus wegen Glatteis nicht fährt"),
    (BILDUNG, "Lernvideos für die Meisterschule und die Ausbildung"),
    (BILDUNG, "Unterricht per Video für kranke Kinder, die lange nicht in die Schule können"),
    (BILDUNG, "Elternabende digital, dann müssen wir nicht 30 km fahren"),
    (BILDUNG, "WLAN in jedem Klassenraum"),
    (BILDUNG, "Leihgeräte für Schüler deren Eltern sich keinen Laptop leisten können"),
    (BILDUNG, "Uni-Vorlesungen hierher streamen, damit junge Leute zum Studieren nicht wegziehen müssen"),
    (BILDUNG, "VHS-Sprachkurse auch online anbieten"),
    (BILDUNG, "Fake News erkennen lernen, auch für Erwachsene"),
    (BILDUNG, "Schulen untereinander vernetzen, gemeinsame Lernplattform im ganzen Kreis"),
    (BILDUNG, "Bildung"),
    (BILDUNG, "Mathe-App für meine Kinder die auch ohne Internet geht"),
    (
        BILDUNG,
        "Meine Kinder gehen in Albersdorf zur Schule. In Corona-Zeiten hat jede Lehrerin ein "
        "anderes Programm benutzt, mal Mails, mal Padlet, mal gar nichts. Ich wünsche mir, dass "
        "der Kreis eine einheitliche Lösung für alle Schulen vorgibt und die Lehrkräfte auch "
        "schult, damit das beim nächsten Mal nicht wieder so ein Chaos wird.",
    ),
    # --- Gesundheit & Pflege
    (GESUNDHEIT, "Telemedizin"),
    (GESUNDHEIT, "Videosprechstunde auch beim Facharzt, nicht nur beim Hausarzt"),
    (GESUNDHEIT, "Digitale Patientenakte damit ich nicht jedes mal alle Befunde mitschleppen muss"),
    (GESUNDHEIT, "Notfall-App die zeigt wo der nächste Defi hängt ❤️"),
    (GESUNDHEIT, "Ersthelfer per Smartphone alarmieren wie in anderen Kreisen, die sind oft schneller als der RTW"),
    (GESUNDHEIT, "Medikamente per Drohne aufs Dorf liefern 🚁"),
    (GESUNDHEIT, "Pflegeroboter? Lieber mehr Personal!"),
    (GESUNDHEIT, "Dokumentation in der Pflege aufm Tablet statt auf Papier, spart so viel Zeit"),
    (GESUNDHEIT, "Termine beim Zahnarzt online buchen"),
    (GESUNDHEIT, "Online-Warteliste für die Notaufnahme in Heide"),
    (GESUNDHEIT, "Gesundheitskiosk mit Telemedizin im Dorfgemeinschaftshaus"),
    (GESUNDHEIT, "Hebammen-Suche online, hier findet man ja keine mehr"),
    (GESUNDHEIT, "GPS-Uhr für demenzkranke Angehörige"),
    (GESUNDHEIT, "Apotheken Notdienst app"),
    (GESUNDHEIT, "Psychotherapie per Video, die Wartezeiten sind hier ewig"),
    (GESUNDHEIT, "Pflegende Angehörige vernetzen, Forum oder Gruppe zum Austauschen"),
    (GESUNDHEIT, "Fitness-Apps von der Krankenkasse bezahlen lassen"),
    (
        GESUNDHEIT,
        "Praxen auf dem Land mit Teleassistenz, so dass die Praxisschwester Hausbesuche macht "
        "und der Doc zugeschaltet wird",
    ),
    (GESUNDHEIT, "Kranknhaus Brunsbüttel erhalten!!! 😡"),
    (GESUNDHEIT, "E-Rezept funzt bei mir noch nicht richtig"),
    (GESUNDHEIT, "Sensoren in der Wohnung die merken wenn Oma gestürzt ist"),
    (GESUNDHEIT, "Pflegeplätze"),
    (GESUNDHEIT, "Blutzucker automatisch an den Artz schicken"),
    (GESUNDHEIT, "Videobesuche im Altenheim"),
    (GESUNDHEIT, "Der Notarzt braucht zu lange aufs Land. Drohnen mit Defibrillator?"),
    (
        GESUNDHEIT,
        "Ich arbeite im ambulanten Pflegedienst. Wir fahren jeden Tag hunderte Kilometer und "
        "verlieren viel Zeit mit Papier und Telefon. Eine gemeinsame digitale Tourenplanung und "
        "Dokumentation, die auch in Funklöchern offline funktioniert, würde uns so viel Stress "
        "ersparen. Dann bleibt mehr Zeit für die Menschen.",
    ),
    # --- Mobilität
    (MOBILITAET, "Bürgerbus per App buchen"),
    (MOBILITAET, "Echtzeitdaten für alle Busse in Dithmarschen"),
    (MOBILITAET, "MEHR BUSSE AM WOCHENENDE!!! Samstags kommt man hier nicht weg"),
    (MOBILITAET, "Mitfahr-App für Pendler nach Brunsbüttel und Hamburg"),
    (MOBILITAET, "E-Scooter"),
    (MOBILITAET, "Ladesäulen für E-Autos an jedem Supermarkt ⚡"),
    (MOBILITAET, "Ein Ticket für alles: Bus, Bahn und Leihrad in einer App"),
    (MOBILITAET, "Radwege!!"),
    (MOBILITAET, "Autonomer Shuttle zwischen den Dörfern"),
    (MOBILITAET, "Marschbahn pünktlicher machen, und Infos aufs Handy wenn der Zug ausfällt"),
    (MOBILITAET, "Dorfauto zum Teilen für alle im Ort"),
    (MOBILITAET, "Sichere Fahrradstellplätze am Bahnhof Heide"),
    (MOBILITAET, "Taxi auf Abruf abends, wenn kein Bus mehr fährt"),
    (MOBILITAET, "Schulbus-Tracker, damit die Kinder nicht im Regen warten"),
    (MOBILITAET, "Freie Parkplätze in Büsum digital anzeigen, im Sommer sucht man ewig"),
    (MOBILITAET, "Lastenräder zum ausleihen"),
    (MOBILITAET, "Deutschlandticket aufs Handy"),
    (MOBILITAET, "Mobilitätsstationen an den Bahnhöfen mit E-Bike, Auto und Bus"),
    (MOBILITAET, "Nachtbus am Wochenende für die Jugend, damit keiner mehr betrunken fährt"),
    (MOBILITAET, "Ampeln in Heide smart schalten 🚦"),
    (MOBILITAET, "mitfahren statt alleine fahren"),
    (MOBILITAET, "Bahnanbindung nach Kiel ausbauen"),
    (
        MOBILITAET,
        "Die Busfahrpläne sind nicht aufeinander abgestimmt, man wartet in Heide eine Stunde "
        "auf den Anschluss",
    ),
    (MOBILITAET, "Elektrobusse"),
    (MOBILITAET, "fahrradverleih"),
    (
        MOBILITAET,
        "Ohne Auto ist man hier aufgeschmissen. Meine Tochter ist 16 und will zur Ausbildung "
        "nach Heide, aber der erste Bus fährt erst um 7:40. Es bräuchte einen flexiblen Rufbus, "
        "den man per App oder Telefon bestellt und der auch die kleinen Dörfer anfährt, so wie es "
        "ihn in anderen Landkreisen schon gibt.",
    ),
    # --- Verwaltung & Bürgerservice
    (VERWALTUNG, "Alles online beantragen können, Wohngeld, Elterngeld usw"),
    (VERWALTUNG, "Führerschein umtauschen ohne Termin im Kreishaus"),
    (VERWALTUNG, "Baugenehmigung online einreichen und den Bearbeitungsstand verfolgen"),
    (VERWALTUNG, "Hundesteuer online anmelden 🐕"),
    (VERWALTUNG, "Termine beim Bürgeramt per App"),
    (VERWALTUNG, "Weniger Bürokratie!"),
    (VERWALTUNG, "Onlinezugangsgesetz endlich umsetzen"),
    (VERWALTUNG, "Ein Konto für alle Behörden statt überall neue Passwörter"),
    (VERWALTUNG, "Mängelmelder für Schlaglöcher, kaputte Laternen usw"),
    (VERWALTUNG, "Briefwahl online beantragen"),
    (VERWALTUNG, "Formulare in einfacher Sprache"),
    (VERWALTUNG, "Gemeinderatssitzungen live streamen"),
    (VERWALTUNG, "Digitale Akte im Kreishaus damit nicht alles 5x ausgedruckt wird"),
    (VERWALTUNG, "Behörden sollen per Mail antworten und nicht per Brief"),
    (VERWALTUNG, "Ummeldung online, bin letztes Jahr umgezogen und musste 3x hin"),
    (VERWALTUNG, "Chatbot auf der Kreis-Webseite der Fragen beantwortet"),
    (VERWALTUNG, "Gewerbeanmeldung digital"),
    (VERWALTUNG, "Eine einheitliche Webseite für alle Ämter im Kreis, man findet nie was"),
    (VERWALTUNG, "Auto ummelden ohne Wartezeit"),
    (VERWALTUNG, "Personalausweis verlängern per Post oder online"),
    (VERWALTUNG, "Sprechstunde der Gemeinde per Video"),
    (VERWALTUNG, "Antrag auf Kita-Zuschuss online"),
    (VERWALTUNG, "Amtsblatt als Newsletter per E-Mail"),
    (VERWALTUNG, "Termine im Rathaus auch abends oder samstags online buchbar"),
    (VERWALTUNG, "Bürgerservice 24/7"),
    (
        VERWALTUNG,
        "Als Selbstständige verbringe ich gefühlt Tage mit Formularen. Jedes Amt will die "
        "gleichen Nachweise nochmal, nichts ist miteinander verbunden. Ich wünsche mir, dass ich "
        "meine Daten einmal hinterlege und die Verwaltung sie sich dann selbst holt (natürlich mit "
        "meiner Zustimmung). Das würde allen Zeit sparen, auch den Mitarbeitern im Amt.",
    ),
    # --- Wirtschaft & Arbeit
    (WIRTSCHAFT, "Coworking in alten Bahnhofsgebäuden"),
    (WIRTSCHAFT, "Fachkräftemangel! Jobportal für die ganze Region"),
    (WIRTSCHAFT, "Regionaler Online-Marktplatz für Läden aus Dithmarschen"),
    (WIRTSCHAFT, "Digitalisierung im Handwerk fördern, Beratung für kleine Betriebe"),
    (WIRTSCHAFT, "Ausbildungsmesse online"),
    (WIRTSCHAFT, "Landwirte mit Drohnen und Sensoren auf dem Acker unterstützen 🚜"),
    (WIRTSCHAFT, "Tourismus-App für Büsum und Friedrichskoog mit Unterkünften und Tipps"),
    (WIRTSCHAFT, "Gründerzentrum mit schnellem Internet in Heide"),
    (WIRTSCHAFT, "Mehr Remote-Jobs, damit junge Leute nicht wegziehen müssen"),
    (WIRTSCHAFT, "Praktikumsbörse für Schüler bei Firmen im Kreis"),
    (WIRTSCHAFT, "Roboter für den Kohlanbau"),
    (WIRTSCHAFT, "Lieferservice vom Dorfladen"),
    (WIRTSCHAFT, "Digitale Gästekarte für Urlauber"),
    (WIRTSCHAFT, "Homeoffice-Arbeitsplätze im Dorfgemeinschaftshaus mieten"),
    (WIRTSCHAFT, "Arbeitgeber sollen mehr Homeoffice erlauben"),
    (WIRTSCHAFT, "Nachfolgebörse für Handwerksbetriebe, wo der Chef in Rente geht"),
    (WIRTSCHAFT, "Kleine Händler brauchen Hilfe beim Onlineshop"),
    (WIRTSCHAFT, "Wirtschaftsförderung digital"),
    (WIRTSCHAFT, "Start-ups in die Region holen"),
    (WIRTSCHAFT, "Hofladen-Automaten mit Kartenzahlung"),
    (WIRTSCHAFT, "Jobs"),
    (WIRTSCHAFT, "Berufsabschlüsse aus dem Ausland schneller anerkennen, wir brauchen die Fachkraefte"),
    (WIRTSCHAFT, "Ferienwohnungen online buchbar machen, viele Vermieter haben nur Telefon"),
    (WIRTSCHAFT, "Schichtarbeit besser planen mit Apps, Austausch zwischen den Betrieben im Industriegebiet"),
    (WIRTSCHAFT, "Krabbenfischer: Fang direkt online verkaufen 🦐"),
    (
        WIRTSCHAFT,
        "Wir haben einen kleinen Tischlereibetrieb mit 6 Leuten. Aufträge, Angebote und "
        "Rechnungen laufen noch alles über Papier und Excel. Es gibt so viele Programme, aber "
        "keiner hat Zeit sich da reinzufuchsen. Eine neutrale Beratungsstelle vom Kreis, die "
        "kleine Betriebe bei der Digitalisierung begleitet und auch Fördermittel erklärt, wäre super.",
    ),
    # --- Breitband & Infrastruktur
    (BREITBAND, "Glasfaser für alle Ortsteile, nicht nur die großen"),
    (BREITBAND, "Kein Netz in Wesselburen, telefonieren geht nur im Garten 🙄"),
    (BREITBAND, "Schnelles Internet!!!"),
    (BREITBAND, "Funkmast bei uns im Dorf, Handy hat nur E"),
    (BREITBAND, "Öffentliches WLAN auf dem Marktplatz"),
    (BREITBAND, "Glasfaser"),
    (BREITBAND, "freies wlan in den dorfgemeinschaftshäusern"),
    (BREITBAND, "Netzabdeckung an der Bahnstrecke verbessern, ständig bricht im Zug alles ab"),
    (BREITBAND, "Mobilfunk an der Küste, die Touristen beschweren sich"),
    (BREITBAND, "LoRaWAN-Netz für Sensoren im ganzen Kreis"),
    (BREITBAND, "Internet auf den Höfen im Außenbereich, da ist seit Jahren nix passiert"),
    (BREITBAND, "Upload ist zu langsam für Videokonferenzen"),
    (BREITBAND, "Funklochkarte"),
    (BREITBAND, "Breitbandausbau beschleunigen, die Bagger kommen nie"),
    (BREITBAND, "Glasfaseranschluss bezahlbar machen"),
    (BREITBAND, "DSL mit 6 Mbit ist kein Internet"),
    (BREITBAND, "Digitale Infrastruktur zuerst, alles andere baut darauf auf"),
    (BREITBAND, "Kostenloses Internet am Strand in Büsum"),
    (BREITBAND, "Telekom, Vodafone und Co. sollen sich die Masten teilen"),
    (BREITBAND, "Netz"),
    (BREITBAND, "Lückenloser 5G Empfang auch auf dem Land"),
    (BREITBAND, "Ausfallsicheres Netz bei Stromausfall und Sturm"),
    (BREITBAND, "schnellres internet fuer die aussenbereiche"),
    (BREITBAND, "Smart-City-Sensoren brauchen erst mal ein funktionierendes Netz"),
    (BREITBAND, "Wlan-Hotspots an Bushaltestellen"),
    (
        BREITBAND,
        "Wir wohnen 3 km außerhalb von Hemmingstedt und haben 2 Mbit. Meine Frau arbeitet im "
        "Homeoffice und muss für Videocalls ins Auto steigen und zum Supermarktparkplatz fahren, "
        "weil es da LTE gibt. Das ist einfach peinlich für Deutschland. Bitte endlich Glasfaser "
        "auch für Einzellagen fördern!",
    ),
    # --- Umwelt & Energie
    (UMWELT, "Bürgerwindpark mit Beteiligung für alle im Dorf"),
    (UMWELT, "Solardächer auf alle öffentlichen Gebäude ☀️"),
    (UMWELT, "Energie sparen in Schulen und Rathäusern mit smarter Steuerung"),
    (UMWELT, "Wasserstoff aus Windstrom hier bei uns nutzen statt die Anlagen abzuregeln"),
    (UMWELT, "Abfallkalender als App mit Erinnerung"),
    (UMWELT, "Pegelstände und Sturmflutwarnung aufs Handy 🌊"),
    (UMWELT, "Nahwärmenetz fürs Dorf planen"),
    (UMWELT, "Mülltrennung"),
    (UMWELT, "Klimaschutz"),
    (UMWELT, "Strom vom Windpark billiger für die Anwohner"),
    (UMWELT, "Regenwasser-Sensoren, Überschwemmungen früh erkennen"),
    (UMWELT, "Balkonkraftwerk Förderung"),
    (UMWELT, "Straßenlaternen auf LED umrüsten und nachts dimmen"),
    (UMWELT, "Wildblumenwiesen statt Rasen 🐝"),
    (UMWELT, "Verschenkbörse online statt alles zum Sperrmüll"),
    (UMWELT, "Energieberatung per Video"),
    (UMWELT, "Altkleidercontainer melden wenn sie voll sind"),
    (UMWELT, "CO2-Bilanz vom Kreis öffentlich machen"),
    (UMWELT, "Stromspeicher im Quartier"),
    (UMWELT, "PV auf jedem Scheunendach"),
    (UMWELT, "Deichschafe mit GPS-Halsband"),
    (UMWELT, "Förderung für Wärmepumpen einfacher machen"),
    (UMWELT, "Illegale Müllablagerung im Wald per Foto melden"),
    (UMWELT, "Repair-Café Termine online"),
    (UMWELT, "Windräder"),
    (
        UMWELT,
        "Dithmarschen produziert so viel Ökostrom, aber wir Bürger merken davon nichts, außer "
        "dass die Anlagen bei Sturm abgeschaltet werden. Ich wünsche mir einen Regionalstromtarif "
        "und eine Anzeige, wann gerade viel Windstrom im Netz ist, damit man dann die "
        "Waschmaschine anmacht oder das E-Auto lädt.",
    ),
    # --- Kultur, Freizeit & Ehrenamt
    (KULTUR, "Vereinsapp für Trainingszeiten und Hallenbelegung"),
    (KULTUR, "Ein Veranstaltungskalender für den ganzen Kreis, wo wirklich alles drinsteht"),
    (KULTUR, "Ehrenamtsbörse"),
    (KULTUR, "Museumsführung mit Audioguide aufs Handy"),
    (KULTUR, "Digitale Dorfchronik mit alten Fotos"),
    (KULTUR, "Die Feuerwehr braucht Tablets im Einsatzfahrzeug"),
    (KULTUR, "Jugendzentrum mit Gaming-Raum 🎮"),
    (KULTUR, "Kino im Dorfgemeinschaftshaus mit Beamer und Streaming"),
    (KULTUR, "Plattdeutsch-App 😄"),
    (KULTUR, "Belegung vom Hallenbad online sehen"),
    (KULTUR, "Vereinsverwaltung digital, Mitgliedsbeiträge usw"),
    (KULTUR, "Bücherbus mit Online-Katalog"),
    (KULTUR, "Nachbarschafts-App für Hilfe beim Einkaufen oder Rasenmähen"),
    (KULTUR, "Konzerte streamen für die, die nicht mehr rausgehen können"),
    (KULTUR, "Sportangebote"),
    (KULTUR, "Landfrauen und Vereine ins Netz bringen, Schulung für Vorstände"),
    (KULTUR, "Geocaching-Touren durch die Marsch"),
    (KULTUR, "Ehrenamtskarte digital mit Rabatten"),
    (KULTUR, "Spieleabende online für Senioren"),
    (KULTUR, "Heimatmuseum digitalisieren"),
    (KULTUR, "Freizeitangebote für Jugendliche auf einer Karte"),
    (KULTUR, "Dorffest und Schützenfest Infos per Push"),
    (KULTUR, "Kulturveranstaltungen"),
    (KULTUR, "Digitale Schnitzeljagd für Familien am Wochenende"),
    (KULTUR, "Mehr junge Leute für die freiwillige Feuerwehr gewinnen, mit Insta und TikTok"),
    (
        KULTUR,
        "Unser Sportverein hat 400 Mitglieder und alles läuft über den Vorsitzenden und seine "
        "Excel-Liste. Wenn er mal ausfällt, weiß keiner mehr was. Eine einfache Plattform für "
        "kleine Vereine, die der Kreis bereitstellt, mit Mitgliederliste, Terminen und Nachrichten "
        "an alle, würde das Ehrenamt richtig entlasten.",
    ),
)
