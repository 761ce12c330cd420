from . import (
    guides,  # noqa: F401
    people,  # noqa: F401
    procedure,  # noqa: F401
    research,  # noqa: F401
)
