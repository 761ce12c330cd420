"""positions listens to procedure: what a motion's fate means for the amendment or the draft
resolution it puts to the vote. Connected in ``PositionsConfig.ready()``; the signals are
declared in ``committees.signals`` and sent inside procedure's transactions, so every change
made here commits (or rolls back) with the vote (docs/architecture.md, "Signals")."""

from __future__ import annotations

from committees import signals
from positions.models import DraftResolution
from positions.services import amendments
from positions.services import resolutions as drafts


def on_vote_opened(sender, *, motion, **kwargs) -> None:
    amendments.on_vote_opened(motion=motion)


def on_vote_cancelled(sender, *, motion, **kwargs) -> None:
    amendments.on_vote_cancelled(motion=motion)


def on_motion_withdrawn(sender, *, motion, **kwargs) -> None:
    amendments.on_motion_withdrawn(motion=motion)
    drafts.release_motion(motion=motion)


def on_vote_closed(sender, *, motion, result, **kwargs) -> None:
    """Apply the outcome to the amendment or the draft voted on; an adopted draft is final."""
    explanation = f"{'Adopted' if result.passed else 'Not adopted'} — {result.explanation}"
    amendments.on_vote_closed(motion=motion, passed=result.passed, explanation=explanation)
    resolution = DraftResolution.objects.filter(motion=motion).first()
    if resolution is not None:
        drafts.record_outcome(
            resolution=resolution, adopted=bool(result.passed), explanation=explanation
        )


def on_division_decided(sender, *, motion, removed, rejected_as_whole, explanation, **kwargs):
    """A divided draft: the rejected parts leave its text before the vote on the whole."""
    resolution = DraftResolution.objects.filter(motion=motion).first()
    if resolution is not None:
        drafts.apply_division(
            resolution=resolution,
            removed=removed,
            rejected_as_whole=rejected_as_whole,
            explanation=explanation,
        )


def connect() -> None:
    signals.vote_opened.connect(on_vote_opened, dispatch_uid="positions-vote-opened")
    signals.vote_cancelled.connect(on_vote_cancelled, dispatch_uid="positions-vote-cancelled")
    signals.motion_withdrawn.connect(on_motion_withdrawn, dispatch_uid="positions-motion-withdrawn")
    signals.vote_closed.connect(on_vote_closed, dispatch_uid="positions-vote-closed")
    signals.division_decided.connect(on_division_decided, dispatch_uid="positions-division")
