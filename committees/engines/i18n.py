"""The engines' words for people, translated where they are produced.

Engines stay free of Django: this module imports nothing from it. Outside the app (a script,
an engine test without settings) the words stay English; the app installs Django's gettext at
start-up (``committees.apps``), so a message reads in the language of the request it answers.
``makemessages`` finds the words through the usual ``gettext``/``ngettext`` names.
"""

from collections.abc import Callable

_gettext: Callable[[str], str] = lambda message: message  # noqa: E731
_ngettext: Callable[[str, str, int], str] = (  # noqa: E731
    lambda singular, plural, count: singular if count == 1 else plural
)


def install(gettext: Callable[[str], str], ngettext: Callable[[str, str, int], str]) -> None:
    global _gettext, _ngettext
    _gettext, _ngettext = gettext, ngettext


def gettext(message: str) -> str:
    return _gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _ngettext(singular, plural, count)


def gettext_noop(message: str) -> str:
    """Marks words kept in English at import time (labels) and translated where shown."""
    return message
