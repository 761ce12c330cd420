from . import (
    papers,  # noqa: F401
    resolutions,  # noqa: F401
)
