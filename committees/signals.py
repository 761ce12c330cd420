"""What procedure announces to the layers above it.

``committees`` never imports ``positions``: what is voted on (an amendment, a draft
resolution) lives there and refers to procedure only through its ``Motion``. When a motion's
fate changes, the procedure service sends one of these signals and the owner of the thing voted
on (``positions``, connected in its ``apps.ready()``) keeps it in step.

All are sent *inside* the procedure service's transaction, after the motion's new status
is written, not on commit: the receivers change the thing voted on (an adopted amendment
rewrites its clause, an adopted draft becomes final), and that must commit or roll back
together with the vote. Sent on commit, a crash between the two commits would leave a vote
"passed" whose resolution was never adopted, and a receiver's refusal could no longer undo the
vote. A receiver therefore runs under procedure's row locks, must be quick, and may raise to
refuse (the whole vote then changes nothing). See docs/architecture.md, "Signals".

Every signal is sent with ``sender=Motion`` and ``motion`` (the saved motion).
"""

from django.dispatch import Signal

# The chair opened the vote on ``motion``; also ``vote``.
vote_opened = Signal()

# The chair discarded the open vote; ``motion`` is back in the queue.
vote_cancelled = Signal()

# The vote on ``motion`` closed; also ``vote`` and ``result`` (a ``voting.Result``).
vote_closed = Signal()

# ``motion`` left the queue without a vote.
motion_withdrawn = Signal()

# The separate votes of a divided question are all decided: ``removed`` are the clause keys of
# the parts rejected, ``rejected_as_whole`` is true when no operative clause is left (the text
# is then rejected without a vote on the whole), ``explanation`` says which rule decided.
division_decided = Signal()
