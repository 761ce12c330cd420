"""Timers that agree on every screen: speeches, caucuses, replies.

Pure Python (no Django). A timer is four numbers kept by the server: when it started, how long
it runs, when it was paused (if it is paused now) and how long it has been paused before. Time
left is always computed from the server's clock. A screen is given a `Snapshot` — the seconds
left *at the moment the server answered* and whether the timer runs — and counts down from
its own monotonic clock from the moment it received it (`client_remaining`), so a device whose
wall clock is wrong by an hour still shows the same second as the projector.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from committees.engines.i18n import gettext


class TimerError(ValueError):
    """A timer operation that does not fit its state; the message is for the chair."""


class TimerStatus(StrEnum):
    READY = "ready"  # not started
    RUNNING = "running"
    PAUSED = "paused"
    EXPIRED = "expired"  # ran out of time (still shown until the chair moves on)


@dataclass(frozen=True)
class Timer:
    duration: float  # seconds, extensions included
    started_at: datetime | None = None
    paused_at: datetime | None = None
    paused_seconds: float = 0.0  # pauses that have ended

    def __post_init__(self) -> None:
        if self.duration < 0:
            raise TimerError(gettext("A timer cannot run for a negative time."))

    # --- reading ---------------------------------------------------------------------------

    def elapsed(self, now: datetime) -> float:
        if self.started_at is None:
            return 0.0
        until = self.paused_at or now
        running = (until - self.started_at).total_seconds() - self.paused_seconds
        return max(0.0, running)

    def remaining(self, now: datetime) -> float:
        """Seconds left at `now`, never below zero."""
        return max(0.0, self.duration - self.elapsed(now))

    def overrun(self, now: datetime) -> float:
        """Seconds past the end (a speaker still talking after time is up)."""
        return max(0.0, self.elapsed(now) - self.duration)

    def status(self, now: datetime) -> TimerStatus:
        if self.started_at is None:
            return TimerStatus.READY
        if self.remaining(now) <= 0:
            return TimerStatus.EXPIRED
        if self.paused_at is not None:
            return TimerStatus.PAUSED
        return TimerStatus.RUNNING

    def ends_at(self, now: datetime) -> datetime | None:
        """When it runs out on the server's clock, if it runs (None while ready or paused)."""
        if self.status(now) is not TimerStatus.RUNNING:
            return None
        return now + timedelta(seconds=self.remaining(now))

    # --- changing --------------------------------------------------------------------------

    def start(self, now: datetime) -> Timer:
        if self.started_at is not None:
            raise TimerError(gettext("The timer has already started."))
        return dataclasses.replace(self, started_at=now, paused_at=None, paused_seconds=0.0)

    def pause(self, now: datetime) -> Timer:
        if self.started_at is None:
            raise TimerError(gettext("The timer has not started."))
        if self.paused_at is not None:
            raise TimerError(gettext("The timer is already paused."))
        return dataclasses.replace(self, paused_at=now)

    def resume(self, now: datetime) -> Timer:
        if self.paused_at is None:
            raise TimerError(gettext("The timer is not paused."))
        paused = max(0.0, (now - self.paused_at).total_seconds())
        return dataclasses.replace(
            self, paused_at=None, paused_seconds=self.paused_seconds + paused
        )

    def extend(self, seconds: float) -> Timer:
        """Add time (an extension voted in, or the chair's discretion)."""
        if seconds <= 0:
            raise TimerError(gettext("An extension must add some time."))
        return dataclasses.replace(self, duration=self.duration + seconds)

    def stop(self, now: datetime) -> Timer:
        """Freeze the timer where it is (a speech ends, a caucus is closed early)."""
        if self.started_at is None:
            return self
        if self.paused_at is not None:
            return self
        return dataclasses.replace(self, paused_at=now)

    def snapshot(self, now: datetime) -> Snapshot:
        status = self.status(now)
        return Snapshot(
            remaining=self.remaining(now),
            duration=self.duration,
            running=status is TimerStatus.RUNNING,
            status=status,
            server_now=now,
        )


@dataclass(frozen=True)
class Snapshot:
    """What a screen is told about a timer: enough to count down without trusting its clock."""

    remaining: float
    duration: float
    running: bool
    status: TimerStatus
    server_now: datetime

    @property
    def remaining_ms(self) -> int:
        return int(math.ceil(self.remaining * 1000))

    @property
    def display(self) -> str:
        return clock_face(self.remaining)


def client_remaining(
    snapshot_remaining: float, running: bool, received_at: float, client_now: float
) -> float:
    """Seconds a screen shows, from its own monotonic clock (`performance.now()` / 1000).

    `received_at` and `client_now` are readings of the same monotonic clock: the device's wall
    clock never enters, so a skewed or jumping clock cannot move the countdown. This is the
    arithmetic `static/js/floor.js` runs.
    """
    if not running:
        return max(0.0, snapshot_remaining)
    return max(0.0, snapshot_remaining - max(0.0, client_now - received_at))


def clock_face(seconds: float) -> str:
    """ "m:ss" rounded up, so a timer shows 0:00 only when time is truly up."""
    whole = max(0, math.ceil(seconds - 1e-9))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"
