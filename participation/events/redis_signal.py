"""Redis pub/sub as the wake-up signal between app servers, never as a point of failure.

Publishing is best effort with short timeouts and a pause after a failure, so posting an
idea never waits on a dead Redis. The listener falls back to polling the event log
quickly while Redis is unreachable, and back to slow safety polls once it returns.
"""

import json
import logging
import time

import redis

log = logging.getLogger(__name__)
CHANNEL = "participation:events"


def _client(url):
    return redis.Redis.from_url(url, socket_connect_timeout=0.3, socket_timeout=0.5, retry_on_timeout=False)


class RedisPublisher:
    def __init__(self, url, pause_after_failure=5.0):
        self._client = _client(url)
        self._pause = pause_after_failure
        self._down_until = 0.0

    def publish(self, pending):
        if time.monotonic() < self._down_until:
            return False
        try:
            self._client.publish(CHANNEL, json.dumps(pending))
            return True
        except (redis.RedisError, OSError):
            self._down_until = time.monotonic() + self._pause
            log.warning("Redis unreachable; live updates fall back to polling the database")
            return False


class RedisSignal:
    """``wait()`` returns when an event was announced, or after the polling interval."""

    def __init__(self, url, safety_interval=1.0, fallback_interval=0.2, reconnect_every=2.0):
        self._url = url
        self.safety_interval = safety_interval
        self.fallback_interval = fallback_interval
        self._reconnect_every = reconnect_every
        self._pubsub = None
        self._next_attempt = 0.0

    @property
    def connected(self):
        return self._pubsub is not None

    def _connect(self):
        if time.monotonic() < self._next_attempt:
            return False
        try:
            pubsub = redis.Redis.from_url(self._url, socket_connect_timeout=0.3).pubsub(
                ignore_subscribe_messages=True
            )
            pubsub.subscribe(CHANNEL)
            self._pubsub = pubsub
            return True
        except (redis.RedisError, OSError):
            self._next_attempt = time.monotonic() + self._reconnect_every
            return False

    def wait(self):
        if self._pubsub is None and not self._connect():
            time.sleep(self.fallback_interval)
            return False
        try:
            message = self._pubsub.get_message(timeout=self.safety_interval)
            while message is not None and self._pubsub.get_message(timeout=0) is not None:
                pass  # one fetch from the log serves a burst of announcements
            return message is not None
        except (redis.RedisError, OSError, ValueError):
            log.warning("lost the Redis subscription; polling the database until it is back")
            try:
                self._pubsub.close()
            except Exception:
                pass
            self._pubsub = None
            self._next_attempt = time.monotonic() + self._reconnect_every
            time.sleep(self.fallback_interval)
            return False
