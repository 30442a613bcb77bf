"""Configuration layers: defaults here, then instance/config.py, then the environment."""

import os

ENVIRONMENT_KEYS = (
    "SECRET_KEY", "DATABASE_URL", "PUBLIC_BASE_URL", "REDIS_URL",
    "RETENTION_DAYS", "OPERATOR_NAME", "PRIVACY_CONTACT", "ACCESSIBILITY_CONTACT",
    "LOG_FORMAT", "LOG_LEVEL", "TRUSTED_PROXIES",
    "REQUEST_HEAD_TIMEOUT", "REQUEST_HEAD_MAX_BYTES", "REQUEST_BODY_BUFFER", "REQUEST_BODY_TIMEOUT",
    "RESPONSE_SEND_TIMEOUT", "LIVE_MAX_STREAMS", "LIVE_STREAMS_PER_CLIENT", "LIVE_STREAMS_PER_ADDRESS",
    "LIVE_STREAMS_WITHOUT_SESSION", "LIVE_MAX_DETACHED_STREAMS",
)
# Environment values are strings; these settings are numbers.
INTEGER_KEYS = (
    "RETENTION_DAYS", "TRUSTED_PROXIES", "REQUEST_HEAD_TIMEOUT", "REQUEST_HEAD_MAX_BYTES", "REQUEST_BODY_BUFFER",
    "REQUEST_BODY_TIMEOUT", "RESPONSE_SEND_TIMEOUT", "LIVE_MAX_STREAMS", "LIVE_STREAMS_PER_CLIENT",
    "LIVE_STREAMS_PER_ADDRESS", "LIVE_STREAMS_WITHOUT_SESSION", "LIVE_MAX_DETACHED_STREAMS",
)


class DefaultConfig:
    SECRET_KEY = None  # filled from instance/secret_key when not configured
    SQLALCHEMY_DATABASE_URI = None  # default: SQLite file in the instance folder
    # Error messages and logs never show statement parameters: they hold attendees' texts.
    SQLALCHEMY_ENGINE_OPTIONS = {"hide_parameters": True}
    PUBLIC_BASE_URL = None  # e.g. "http://192.168.1.20:5000", the address phones reach
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    IDEA_MAX_LENGTH_DEFAULT = 500
    # Others' ideas on the phone page: the newest this many, and older ones a page of this
    # many at a time (a "more" link); never all of a hall's thousands in one page.
    # A hall's 1,500 ideas made every page 700 KB and took 190 ms to draw after each post.
    PHONE_IDEAS_SHOWN = 100
    # Cards per column on the projector wall: the newest this many, paged through a few at
    # a time. All 12,000 ideas of a hall made the wall page several megabytes.
    WALL_IDEAS_PER_COLUMN = 30
    PARTICIPANT_COOKIE = "participant"
    PARTICIPANT_COOKIE_MAX_AGE = 60 * 60 * 24 * 90
    SESSION_COOKIE_HTTPONLY = True
    # None: Secure exactly when PUBLIC_BASE_URL is https (a venue LAN on http keeps working)
    SESSION_COOKIE_SECURE = None
    REMEMBER_COOKIE_SECURE = None
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a workshop evening outlasts the default hour
    SQLITE_BUSY_TIMEOUT_MS = 15000
    MAX_CONTENT_LENGTH = 1024 * 1024
    REDIS_URL = None  # e.g. "redis://127.0.0.1:6379/0": fan-out and rate limits across servers
    # Live updates
    LIVE_POLL_INTERVAL = 0.2  # seconds between looks at the event log without Redis
    LIVE_HEARTBEAT = 15  # seconds between keep-alive comments on an idle stream
    LIVE_STREAM_LIFETIME = 300  # a stream ends after this and the browser reconnects at once
    LIVE_RETRY_MS = 1500  # how soon a browser reconnects after a drop
    LIVE_BATCH_INTERVAL = 0.1  # seconds at least between fetches of new events (Redis wakes on every post)
    # Open streams per worker process that hold a thread each (None: no limit): group walls
    # (their key is checked again every heartbeat) and every stream under a server other
    # than our gunicorn worker; gunicorn.conf.py sets it from THREADS. Past it, the stream
    # answers 503 and clients poll.
    LIVE_MAX_STREAMS = None
    # Streams per worker that the worker's stream pump writes without a thread
    # (participation/ops/streams.py): each costs an open file and a few kilobytes.
    LIVE_MAX_DETACHED_STREAMS = 4000
    # Streams per worker for one browser session (all tabs of one phone or laptop); streams
    # of walls (with the wall key) and moderators count only towards the address ceiling.
    LIVE_STREAMS_PER_CLIENT = 3
    # Streams per worker for one IP address. A hall's phones usually share one address (the
    # venue's NAT) and spread unevenly over the workers, so by default (None) it is the
    # worker's LIVE_MAX_STREAMS; set it lower (e.g. 20) where every phone has its own address.
    LIVE_STREAMS_PER_ADDRESS = None
    # Streams per worker for one address from clients without a session cookie (a script;
    # a browser has a session once it loaded a page of the workshop).
    LIVE_STREAMS_WITHOUT_SESSION = 2
    # Slow clients (gunicorn worker participation.ops.worker.HeadFirstWorker): no thread
    # waits for a request to arrive. Seconds and bytes.
    REQUEST_HEAD_TIMEOUT = 10  # a request head must be complete this long after its first byte
    REQUEST_HEAD_MAX_BYTES = 32 * 1024  # larger heads are refused with 431
    REQUEST_BODY_BUFFER = 64 * 1024  # bodies up to this size arrive before a thread sees them
    REQUEST_BODY_TIMEOUT = 30  # a body must be complete this long after its head (or it is cut off)
    RESPONSE_SEND_TIMEOUT = 30  # a client that reads nothing of its answer this long is closed
    # Text analysis: runs shortly after ideas change, in a thread of the worker
    ANALYSIS_IN_BACKGROUND = True
    ANALYSIS_DELAY = 0.5  # seconds; changes within this time are analysed in one run
    ANALYSIS_PACING = 3  # after a run of d seconds the next waits 3 x d: at most a quarter of a core
    # Run sheet (Ablauf): a post that arrives this many seconds after its collecting step
    # ended waits for approval instead of being refused (typed before the end, sent after)
    LATE_POST_GRACE_SECONDS = 60
    # How often each server process looks for automatic steps started or changed anywhere
    # (it wakes at the end of each one it found; 0: steps move on only when a wall, phone
    # or remote asks for the phase)
    RUN_SHEET_TICK_SECONDS = 5.0
    # Abuse limits per participant (never per IP: the whole room shares one address)
    RATE_LIMIT_WINDOW = 60
    IDEA_RATE_LIMIT = 12  # ideas per participant per window
    VOTE_RATE_LIMIT = 40  # dots given or taken back per participant per window
    # New participants (limits/admission.py). A browser without the participant cookie is a
    # new participant, so creating one is limited too. Per browser session: a phone joins
    # each workshop once; a script reusing its session is refused from the sixth on.
    PARTICIPANTS_PER_SESSION = 5
    PARTICIPANT_SESSION_WINDOW = 3600
    # Per client address (keyed hash, Redis or worker memory, never stored), for scripts
    # that drop the session cookie too: a bucket of 60 joins refilled at 10 a second. A hall
    # of 500 behind one venue address joining within a minute (bench/load.py) needs 8.3 a
    # second; over a few minutes, 2 to 3. A loop (100 a second) empties it within a second.
    PARTICIPANT_BURST = 60
    PARTICIPANT_REFILL_PER_SECOND = 10
    # Participants created while more than this many joins of the bucket are in use are
    # held: their ideas wait for approval, their dots count as a new participant's.
    PARTICIPANT_HOLD_AFTER = 30
    # A first idea posted within this many seconds of joining is an instant post: a person
    # reads the question and types, a script does not. A workshop takes this many instant
    # posts a minute onto the wall; more wait for approval. bench/load.py's hall (first
    # ideas at random moments from 1 s after joining) makes about 22 a minute at its peak.
    INSTANT_POST_SECONDS = 10
    INSTANT_POSTS_PER_MINUTE = 40
    # Dots from participants younger than NEW_PARTICIPANT_SECONDS (or held): at most this
    # many per idea within the window; 40 joins giving one dot each add 5. A script votes
    # the moment it has joined; a person reads first (and a hall votes later in the evening).
    NEW_PARTICIPANT_SECONDS = 20
    NEW_PARTICIPANT_DOTS_PER_IDEA = 5
    NEW_PARTICIPANT_DOTS_WINDOW = 600
    # The console's notice of many ideas from few sources (moderation/sources.py)
    FLOOD_NOTICE_WINDOW = 600  # seconds looked back
    FLOOD_NOTICE_MIN_IDEAS = 10  # ideas a source must have sent within it to be named
    # Slowing down password guessing (auth/throttle.py): never a lock-out, growing delays for
    # the client that fails. A client's failures are forgotten after LOGIN_WINDOW quiet
    # seconds; its attempts wait LOGIN_DELAY_BASE * 2**k seconds (at most LOGIN_DELAY_MAX)
    # after LOGIN_FREE_FAILURES failures for one name, or LOGIN_FAILURES_PER_CLIENT across
    # names. From LOGIN_FAILURES_PER_USER failures of a name in a window (from anywhere) the
    # delays of every client that failed for it start after its first failure; a client
    # that has not failed, or a browser that logged in to the account before, never waits
    # for others. Addresses are only ever kept as keyed hashes, in memory or Redis.
    SIMILAR_RATE_LIMIT = 60  # similar-idea questions while typing per participant per window
    QUEUE_REPORT_RATE_LIMIT = 20  # offline-queue reports per participant per window
    LOGIN_WINDOW = 15 * 60
    LOGIN_FREE_FAILURES = 3
    LOGIN_DELAY_BASE = 2
    LOGIN_DELAY_MAX = 300
    LOGIN_FAILURES_PER_USER = 10
    LOGIN_FAILURES_PER_CLIENT = 30
    # Photos of paper cards read by Tesseract (paper/ocr.py): CPU-heavy, so limited per
    # workshop and per browser session, and at most OCR_CONCURRENCY at once per server
    # process (others are told to try again in a moment). Photos are larger than forms.
    OCR_COMMAND = "tesseract"
    OCR_MAX_UPLOAD_BYTES = 12 * 1024 * 1024
    OCR_MAX_PIXELS = 40_000_000  # larger pictures are refused before they are decoded
    OCR_TIMEOUT = 60  # seconds Tesseract may take for one photo
    OCR_CONCURRENCY = 1
    OCR_PER_WORKSHOP = 30  # photos per workshop per OCR_WINDOW
    OCR_PER_SESSION = 10  # photos per browser session per OCR_WINDOW
    OCR_WINDOW = 600
    # Privacy: closed workshops are deleted this many days after closing (0: never)
    RETENTION_DAYS = 180
    RETENTION_WARNING_DAYS = 14  # moderators are warned this long before
    RETENTION_SWEEP_INTERVAL = 3600  # seconds between deletion runs inside each server process (0: off)
    # --- paging (issue 23): the live event log is pruned by the retention sweep ---
    EVENT_LOG_KEEP = 5000  # newest events kept per workshop (catch-up of streams that were away)
    EVENT_LOG_KEEP_HOURS = 24  # and every event younger than this, however many
    FIELDS_ROWS_SHOWN = 600  # ideas the Handlungsfelder page draws at first ("more" shows more): a hall of 500 searches in the browser
    # --- end paging ---
    # Shown on the privacy and accessibility pages (plain text, line breaks kept)
    OPERATOR_NAME = None  # who runs this installation, e.g. "Kreis Dithmarschen, Stettiner Str. 30, 25746 Heide"
    PRIVACY_CONTACT = None  # data protection officer: address, e-mail
    ACCESSIBILITY_CONTACT = None  # where people report accessibility barriers: e-mail, phone
    PRIVACY_LEGAL_BASIS = None  # replaces the default sentence on the privacy page (Art. 6 (1) e DSGVO)
    # The enforcement body of your Land (BITV 2.0); None: the page names the federal Schlichtungsstelle
    ACCESSIBILITY_ENFORCEMENT = None
    ACCESSIBILITY_STATEMENT_DATE = "23.11.2026"  # when the accessibility statement was last reviewed
    # Operations
    LOG_FORMAT = "keyvalue"  # one line per record: "keyvalue" (key=value ...) or "json"
    LOG_LEVEL = "INFO"
    TRUSTED_PROXIES = 0  # reverse proxies in front (nginx: 1); their X-Forwarded-For/-Proto are trusted
    # --- issue 23 (wire): light on the wire (participation/core/compression.py) ---
    # Text answers are compressed (Flask-Compress); the event stream, files that are
    # compressed already and answers marked no-store (they carry a secret) never are.
    COMPRESS_REGISTER = False  # core.compression decides per answer, then asks Flask-Compress
    COMPRESS_MIMETYPES = [
        "text/html", "text/css", "text/javascript", "application/javascript", "application/json",
        "application/manifest+json", "image/svg+xml", "text/plain", "text/csv", "application/xml",
    ]
    # Browsers offer brotli only over https (and to localhost); phones on a venue LAN over
    # plain http get gzip. bench/page_weight.py, the phone page of 100 ideas (92 KB): gzip 6
    # 9.7 KB in 1.0 ms of CPU, gzip 9 1 % smaller for a quarter more CPU; brotli 4 9 %
    # smaller than gzip 6 in 0.6 ms; zstd 3 5 % smaller in 0.1 ms.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_LEVEL = 6
    COMPRESS_BR_LEVEL = 4
    COMPRESS_MIN_SIZE = 256  # smaller static files gain a few bytes at most (compressed once, kept)
    # An answer made per request under 1 KB goes out in the same one or two packets with its
    # headers, compressed or not; compressing each posted idea's answer (about 300 bytes) was
    # 5 % of the load bench's server samples (py-spy, issue 23: the compressor gives up the
    # interpreter lock and the thread then waits behind the others to get it back).
    COMPRESS_MIN_SIZE_ANSWERS = 1024
    COMPRESS_STREAMS = False  # never a streamed answer: the event stream's framing goes out at once
    # Static files: /static/<file>?v=<hash of its content>, cached for a year; without the
    # hash (or with an old one) browsers ask again each time (core.static_files).
    STATIC_IMMUTABLE_MAX_AGE = 31536000
    # --- end issue 23 (wire) ---


def environment_overrides(environ=os.environ):
    """Settings taken from environment variables; DATABASE_URL maps to SQLAlchemy's key."""
    overrides = {}
    for key in ENVIRONMENT_KEYS:
        value = environ.get(key)
        if value:
            if key in INTEGER_KEYS:
                try:
                    value = int(value)
                except ValueError:
                    raise ValueError(f"{key} must be a whole number, not {value!r}") from None
            overrides["SQLALCHEMY_DATABASE_URI" if key == "DATABASE_URL" else key] = value
    return overrides


def normalise_database_url(url):
    """Accept the common postgres:// spellings and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
