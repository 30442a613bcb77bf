"""German stop words for short citizen ideas.

Our own list, written for this project: German function words (articles, pronouns,
prepositions, conjunctions, auxiliary and modal verbs in their common forms, particles)
plus the filler that people type into participation tools ("bitte", "Idee", "endlich",
"wäre schön"). Topic words are never stop words, not even very frequent ones such as
"digital", "online" or "App": TF-IDF weighting already discounts them, and a workshop about
apps must still be able to group ideas about apps.

The list is written with umlauts for readability; :data:`STOP_WORDS` holds the folded
forms (see :func:`participation.analysis.normalise.fold`), which is what tokens are
compared against.
"""

from __future__ import annotations

from .normalise import fold

_FUNCTION_WORDS = """
aber ab abends alle allem allen aller alles als also am an ander andere anderem anderen
anderer anderes anders auch auf aufs aus außer bei beim beide beiden beides bereits bin
bis bisher bist bzw da dabei dadurch dafür dagegen daher dahin damit danach daneben dann
daran darauf daraus darf darfst darin darum darunter darüber das dass daß davon davor dazu
dein deine deinem deinen deiner dem den denen denn dennoch der deren derer des deshalb
dessen desto dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch
dort dorthin du durch dürfen dürfte dürften eben ebenfalls ebenso eher ein eine einem einen
einer eines einfach einige einigen einiger einiges einmal entweder er es etc etwa etwas
euch euer eure eurem euren eurer für fürs gab gar gegen gegenüber gehabt gewesen ggf ggfs
habe haben hat hatte hatten hätte hätten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem
ihren ihrer ihres im immer in indem ins insb irgendwie ist ja je jede jedem jeden jeder
jedes jedoch jemand jene jenem jenen jener jenes jetzt kann kannst kaum kein keine keinem
keinen keiner keines können könnte könnten konnte konnten lassen lässt mache machen machst
macht man manche manchem manchen mancher manches mehr mein meine meinem meinen meiner
meines meist meistens mich mir mit muss musst müssen müsste müssten musste nach nachdem
neben nein nicht nichts noch nun nur ob oben oder ohne per sehr sei seid sein seine seinem
seinen seiner seines seit seitdem selbst sich sie sind so sobald sodass solch solche
solchem solchen solcher soll sollen sollte sollten sondern sonst soviel soweit sowie sowohl
statt trotz um und uns unser unsere unserem unseren unserer unten unter usw viel viele
vielen vieler vieles vom von vor während wann war waren wäre wären warum was weder weil
weit welche welchem welchen welcher welches wem wen wenig wenige weniger wenn wer werde
werden werdet wessen wie wieder will willst wir wird wirst wo wobei wodurch woher wohin
wollen wollte wollten worden wurde wurden würde würden z.b zb zu zum zur zwar zwischen
über übers
"""

# Typed filler of participation tools: politeness, hedging, evaluation and meta words that
# say nothing about the topic of an idea.
_PARTICIPATION_FILLER = """
bitte danke gerne gern idee ideen vorschlag vorschläge vorschlagen wunsch wünsche wünschen
wünscht finde finden findet fände meiner meinung nach toll super schön schöner gut gute
guter gutes besser bessere besseren wichtig wichtige endlich mal halt eigentlich einfach
eben echt wirklich natürlich vielleicht eventuell möglich möglichst möglichkeit
möglichkeiten gibt geben gäbe gebe sollte sollten könnte könnten müsste wäre wären würde
schon sowieso genau ganz ganze ganzen total ok okay na naja ne nee jaja leider bzw.
usw. etc. z. b. sowas sachen sache dinge ding leute mensch menschen thema themen bereich
bereiche zb. bsp beispiel beispiele beispielsweise neu neue neuen neuer neues mehrere
viel vielleicht weiter weitere weiteren weiterhin zusätzlich zusätzliche tun tut getan
kommen kommt kommst kam kamen brauchen braucht brauche brauchst bräuchte bräuchten geht
gehts nie oft erst ständig immer wieder jemals
"""

# The medium rather than the topic: in workshops about a digital strategy nearly every idea
# is "digital", "online" or "per App", so these words would otherwise group ideas by how
# they are delivered instead of what they are about. "Internet", "Netz" and "WLAN" are
# topics (infrastructure) and stay.
_MEDIUM_WORDS = """
app apps digital digitale digitalem digitalen digitaler digitales digitalisieren
digitalisiert digitalisierung online per handy handys smartphone smartphones tablet
tablets plattform plattformen portal webseite website homepage tool tools software
technik technologie technologien smart smarte smarten elektronisch elektronische
virtuell virtuelle
"""

_RAW = (_FUNCTION_WORDS + _PARTICIPATION_FILLER + _MEDIUM_WORDS).split()

STOP_WORDS: frozenset[str] = frozenset(fold(word.strip(".")) for word in _RAW if word.strip("."))
"""Folded stop words: compare folded, lower-case tokens against this set."""


def is_stop_word(token: str) -> bool:
    """True if the folded token carries no topic (see module docstring)."""
    return token in STOP_WORDS or len(token) < 2
