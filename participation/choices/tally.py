"""Counting a final vote (pure: no Flask, no database).

Dots (``punkte``): a candidate's score is the sum of the dots it got. Ranking
(``rangfolge``): a Borda count, a candidate ranked r-th of n on a ballot gets n - r + 1
points (first place n points, last place 1).

Equal scores are ordered deterministically: with ranking by more first places, with dots
by more voters who gave it at least one dot; then by the candidate's position on the
ballot (the moderator's order). Each row says how its place against the one before it was
decided (``decided_by``), so the page can say so. When the last winner's and the first
loser's scores are equal, the rows of that score carry ``border_tie``: the moderator may
pick among them.
"""

DOTS = "punkte"
RANKING = "rangfolge"

SCORE = "score"
SECOND = "second"  # first places (ranking) or supporters (dots)
POSITION = "position"
MODERATOR = "moderator"  # the moderator picked among a border tie


def _marks(ballot, candidate_id):
    value = ballot.get(str(candidate_id), ballot.get(candidate_id, 0))
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def tally(method, candidates, ballots, winners=1):
    """``candidates``: (id, title) in ballot order; ``ballots``: marks dicts (candidate id,
    as a string or int, -> dots or rank). Returns one dict per candidate, best first:
    candidate_id, title, score, second (first places or supporters), rank (1, 2, ...,
    unique), chosen, decided_by (``score``, ``second``, ``position``; None for the first),
    border_tie."""
    candidates = list(candidates)
    ballots = list(ballots)
    count = len(candidates)
    rows = []
    for position, (candidate_id, title) in enumerate(candidates):
        score = second = 0
        for ballot in ballots:
            mark = _marks(ballot, candidate_id)
            if method == RANKING:
                if 1 <= mark <= count:
                    score += count - mark + 1
                    second += mark == 1
            elif mark > 0:
                score += mark
                second += 1
        rows.append({"candidate_id": candidate_id, "title": title, "score": score, "second": second,
                     "position": position})
    rows.sort(key=lambda row: (-row["score"], -row["second"], row["position"]))
    winners = max(0, min(winners, count))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
        row["chosen"] = rank <= winners
        row["border_tie"] = False
        if rank == 1:
            row["decided_by"] = None
        else:
            before = rows[rank - 2]
            row["decided_by"] = (SCORE if before["score"] != row["score"]
                                 else SECOND if before["second"] != row["second"] else POSITION)
    if 0 < winners < count and rows[winners - 1]["score"] == rows[winners]["score"]:
        border = rows[winners]["score"]
        for row in rows:
            row["border_tie"] = row["score"] == border
    for row in rows:
        del row["position"]
    return rows


def border_slots(rows):
    """How many winners the border tie still has to give: the chosen rows among those tied."""
    return sum(1 for row in rows if row.get("border_tie") and row.get("chosen"))


def pick_from_tie(rows, picked_ids):
    """The result with the moderator's pick among the border tie: ``picked_ids`` must be
    exactly ``border_slots(rows)`` of the tied candidates. Picked ones move before the other
    tied ones (their order among themselves kept); returns new rows or raises ValueError."""
    tied = [row for row in rows if row.get("border_tie")]
    tied_ids = {row["candidate_id"] for row in tied}
    picked = set(picked_ids)
    if not tied or not picked <= tied_ids or len(picked) != border_slots(rows):
        raise ValueError("pick")
    first = rows.index(tied[0])
    reordered = ([row for row in tied if row["candidate_id"] in picked]
                 + [row for row in tied if row["candidate_id"] not in picked])
    new_rows = [dict(row) for row in rows[:first]] + [dict(row) for row in reordered] + \
        [dict(row) for row in rows[first + len(tied):]]
    for rank, row in enumerate(new_rows, start=1):
        row["rank"] = rank
        if row["candidate_id"] in tied_ids:
            row["chosen"] = row["candidate_id"] in picked
            row["decided_by"] = MODERATOR if rank > first + 1 else (SCORE if rank > 1 else None)
    return new_rows
