"""The event log and its fan-out: every change to a workshop is recorded in the database
inside the write transaction (``log``), numbered per workshop, announced after commit
(Redis pub/sub when configured, ``redis_signal``) and handed to the open streams of each
worker process (``hub``). The streams themselves are in ``participation.live``."""
