"""Committee models, one module per area; import them from here."""

from .account import AccountSettings  # noqa: F401
from .floor import (  # noqa: F401
    Caucus,
    FloorMotion,
    FloorSettings,
    Note,
    Point,
    ReplyRequest,
    SpeakerEntry,
    SpeakersList,
    Speech,
)
from .guides import (  # noqa: F401
    Guide,
    GuideCountry,
    GuideEdit,
    GuideFact,
    GuideLink,
    GuideSection,
    PendingGuideImport,
    StatTable,
)
from .people import (  # noqa: F401
    ChairSeat,
    Committee,
    Country,
    DelegateSeat,
    Delegation,
    Invite,
    RuleProfile,
)
from .procedure import (  # noqa: F401
    Ballot,
    Motion,
    ProcedureClock,
    RollCallEntry,
    Session,
    Vote,
)
from .research import SearchPassage, Source  # noqa: F401
from .stances import CountryProfile, Stance, StancePosition, StanceQuestion  # noqa: F401
