"""The reader's one error: a file it cannot read, with a message for the person who uploaded it."""

from __future__ import annotations


class ReadError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
