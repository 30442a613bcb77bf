"""Hostile idea texts: each must be shown as the literal text it is, and never run.

Payloads that would run set the canary ``window.__pwned`` (or call ``alert``), so a test
sees it if any slipped through. Every text fits the default limit of 500 characters.
``expected_display`` is what a page shows for a text once the server cleaned it (control
characters removed, NFKC) and whitespace is compared loosely, as ``innerText`` reports it.
"""

from participation.core.text import clean_text

CANARY = "__pwned"
RUN = "window.__pwned=1"

HOSTILE_TEXTS = [
    # script tags
    f"<script>{RUN}</script>",
    "<script>alert(1)</script>",
    f"<SCRIPT SRC=//evil.example/x.js></SCRIPT>{RUN}",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"</script><script>{RUN}</script>",
    f"<script type=module>{RUN}</script>",
    # event handlers
    f'<img src=x onerror="{RUN}">',
    "<img src=x onerror=alert(1)>",
    f"<img src=x onerror={RUN}//",
    f'<body onload="{RUN}">',
    f'<details open ontoggle="{RUN}">Details</details>',
    f'<input autofocus onfocus="{RUN}">',
    f'<video><source onerror="{RUN}"></video>',
    f"<audio src=x onerror={RUN}>",
    f'<marquee onstart="{RUN}">Laufschrift</marquee>',
    f'<x-idee onclick="{RUN}">Eigenes Element</x-idee>',
    f'<div onmouseover="{RUN}" style="position:fixed;inset:0">Fläche</div>',
    # SVG and MathML
    f'<svg onload="{RUN}">',
    f"<svg><script>{RUN}</script></svg>",
    f'<svg><animate onbegin="{RUN}" attributeName=x dur=1s>',
    f'<svg><a xlink:href="javascript:{RUN}"><text x=20 y=20>Klick</text></a></svg>',
    f'<math href="javascript:{RUN}">Formel</math>',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    # javascript: and data: URLs
    f'<a href="javascript:{RUN}">Klick mich</a>',
    "<a href=javascript:alert(1)>Link</a>",
    f"javascript:{RUN}",
    f'<iframe src="javascript:parent.{CANARY}=1"></iframe>',
    f'<IMG SRC="jav&#x09;ascript:{RUN}">',
    "data:text/html,<script>alert(1)</script>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Daten</a>',
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="data:text/html,<script>parent.{CANARY}=1</script>">',
    f'<form action="javascript:{RUN}"><button>Senden</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    '<base href="https://evil.example/">',
    # iframes
    f'<iframe srcdoc="<script>parent.{CANARY}=1</script>"></iframe>',
    f"<iframe srcdoc='&lt;img src=x onerror=parent.{CANARY}=1&gt;'>",
    # broken markup and breaking out of attributes and elements
    f'"><script>{RUN}</script>',
    f"'><img src=x onerror={RUN}>",
    f'" onmouseover="{RUN}" data-x="',
    f"' onfocus='{RUN}' autofocus='",
    f'</textarea><img src=x onerror="{RUN}">',
    f"</p></li></ul></main><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f"</template><img src=x onerror={RUN}>",
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f"<!-- <img src=x onerror={RUN}> -->",
    f"<![CDATA[<script>{RUN}</script>]]>",
    f"<select><template><style><img src=x onerror={RUN}>",
    # template syntax of Jinja, JavaScript and friends
    "{{7*7}}",
    "${7*7}",
    "{{ config.SECRET_KEY }} {% debug %}",
    f"{{{{constructor.constructor('{RUN}')()}}}}",
    "#{7*7} <%= 7*7 %> [[7*7]]",
    f"`${{{RUN}}}`",
    # CSS injection
    "<style>body{display:none}</style>",
    "</style><style>*{color:red!important}</style>",
    f'<div style="background:url(javascript:{RUN})">CSS</div>',
    "color:red;} main{display:none} .idea-text{font-size:0",
    "<link rel=stylesheet href=\"data:text/css,main{display:none}\">",
    # HTML entities and escapes (must stay visible as typed)
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    f"&#60;img src=x onerror={RUN}&#62;",
    "&amp;amp; &nbsp; &copy; &#x3C;b&#x3E;",
    f"%3Cscript%3E{RUN}%3C/script%3E",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    # Unicode: direction overrides, invisible characters, emoji, separators
    "Idee \u202egnp.exe\u202c harmlos",
    f"\u202e<script>{RUN}</script> rückwärts",
    "Null\u200bbreite\u200c Zeichen\u200d und\u2060 Wortverbinder\ufeff",
    f"🔥💥 <img src=x onerror={RUN}> 👩‍👩‍👧‍👦 🏳️‍🌈",
    "Zeilen\u2028trenner und Absatz\u2029trenner",
    # control characters the server removes
    "vor\x00nach \x01\x02\x1b[31mrot\x1b[0m \x7f ende",
    # several lines
    f"Zeile 1\n<script>{RUN}</script>\nZeile 3",
    # very long
    "A" * 500,
    ("<b>fett</b> " * 41).strip(),
    f"{'x' * 440}<img src=x onerror={RUN}>",
]

# One nickname (at most 40 characters) that would run as well.
HOSTILE_NICKNAME = f"<img src=x onerror={RUN}>"

def stored_text(text):
    """The text as the server keeps it (``participation.core.text.clean_text``: NFKC,
    without control, invisible and direction characters)."""
    return clean_text(text)


def loose(text):
    """Whitespace collapsed, for comparing with what ``innerText`` shows."""
    return " ".join(text.split())


def expected_display(text):
    return loose(stored_text(text))


assert len(HOSTILE_TEXTS) >= 50
assert len({expected_display(text) for text in HOSTILE_TEXTS}) == len(HOSTILE_TEXTS), "texts must differ"
assert all(0 < len(stored_text(text)) <= 500 for text in HOSTILE_TEXTS)
assert len(HOSTILE_NICKNAME) <= 40


def let_anything_run(page):
    """Give a payload that slipped through its chance to run, without guessing a time: every
    image has loaded or failed (so an ``onerror`` has fired), then one more turn of the
    page's event loop and a frame (timers of 0 ms, handlers queued meanwhile)."""
    page.wait_for_function("() => [...document.images].every(image => image.complete)")
    page.evaluate("() => new Promise(done => setTimeout(() => requestAnimationFrame(() => done()), 0))")
