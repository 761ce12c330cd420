"""Logging filters."""

import logging


class RefusalsWithoutTraceback(logging.Filter):
    """A refused request (400, 403) is logged as one line: it is expected, not a crash."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status in (400, 403) and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
