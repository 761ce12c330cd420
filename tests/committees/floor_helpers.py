"""A committee in session with its roll taken, for the floor's tests."""

from __future__ import annotations

from committees.services import floor
from committees.services import procedure as proc
from tests import factories


def open_floor(committee, chair):
    """Open a session and mark everyone present: the floor is ready for debate."""
    session = proc.open_session(committee=committee, by=chair)
    proc.record_roll(session=session, remaining_present=True, by=chair)
    return session


def delegation(committee, iso3):
    return factories.delegation(committee, iso3)


def pass_vote(vote, chair, *, yes=3, no=0):
    """Close a placard vote with the counts given."""
    return proc.close_vote(vote=vote, by=chair, counts=proc.PlacardCounts(yes=yes, no=no))


def motion_voted_in(session, chair, kind, params, mover, seconder, *, yes=3, no=0):
    """Raise a motion, second it, put it to a placard vote and close the vote."""
    motion = floor.raise_motion(
        session=session, kind=kind, params=params, delegation=mover, by=chair
    )
    if seconder is not None:
        floor.second_motion(motion=motion, delegation=seconder, by=chair)
    vote = floor.put_to_vote(motion=motion, method="placard", by=chair)
    pass_vote(vote, chair, yes=yes, no=no)
    motion.refresh_from_db()
    return motion
