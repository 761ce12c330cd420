from . import (
    floor,  # noqa: F401
    guides,  # noqa: F401
    people,  # noqa: F401
    procedure,  # noqa: F401
    research,  # noqa: F401
)
