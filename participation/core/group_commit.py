"""Group commit: writes that arrive while another is being written go in together.

On SQLite every commit is an fsync and every writer of every worker waits its turn for
the one write lock; on PostgreSQL the posts of a workshop queue for the row lock on its
event counter until the post before commits. Either way a busy hall's posts are written
one behind the other, and each turn costs a lock hand-over, a commit and, under load,
waits for the interpreter lock between statements. So the thread whose turn it is takes
every job of its process that is waiting by then and writes them in one transaction: one
turn and one commit for all of them (the way threads hand their work to whichever of
them holds the lock is known as flat combining).

Every job still gets its own outcome. If a group's transaction fails, each of its jobs is
written again on its own, so one bad job never fails the others.
"""

import threading


class Job:
    """One piece of work for a ``GroupWriter``: ``write_together`` fills in ``result``."""

    __slots__ = ("done", "error", "payload", "result")

    def __init__(self, payload):
        self.payload = payload
        self.result = None
        self.error = None
        self.done = False


class GroupWriter:
    """Writes jobs with ``write_together(jobs)``, which runs one transaction for all and
    sets each job's ``result``; at most ``limit`` jobs go in one transaction."""

    def __init__(self, write_together, limit=64):
        self.write_together = write_together
        self.limit = limit
        self._turn = threading.Lock()  # held by the thread writing a group
        self._waiting_lock = threading.Lock()
        self._waiting = []

    def write(self, payload):
        """Write ``payload`` (alone or with others); returns its result or raises its error."""
        job = Job(payload)
        with self._waiting_lock:
            self._waiting.append(job)
        while not job.done:
            with self._turn:
                if job.done:  # the thread before wrote it with its own
                    break
                with self._waiting_lock:
                    group, self._waiting = self._waiting[: self.limit], self._waiting[self.limit :]
                self._write_group(group)
        if job.error is not None:
            raise job.error
        return job.result

    def _write_group(self, group):
        try:
            self.write_together(group)
        except Exception as error:
            if len(group) == 1:
                group[0].error = error
            else:
                for job in group:  # find the job that failed; the others go in alone
                    job.result = None
                    try:
                        self.write_together([job])
                    except Exception as own_error:
                        job.error = own_error
        except BaseException:  # the process is stopping: nobody waits for a result that never comes
            for job in group:
                if job.result is None and job.error is None:
                    job.error = RuntimeError("the write was interrupted")
            raise
        finally:
            for job in group:
                job.done = True
