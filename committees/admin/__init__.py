from . import (
    guides,  # noqa: F401
    people,  # noqa: F401
)
