"""Committee models, one module per area; import them from here."""

from .people import (  # noqa: F401
    ChairSeat,
    Committee,
    Country,
    DelegateSeat,
    Delegation,
    Invite,
    RuleProfile,
)
