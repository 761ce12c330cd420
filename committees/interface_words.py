"""Words that the scripts in static/js show, translated on the server.

The page carries them as a JSON data block (``base.html``), so a page kept for offline use
keeps its words too and no extra request is made. The scripts look a sentence up by its
English text and fall back to it; ``%(name)s`` placeholders are filled in by the script.
English pages carry no block at all.
"""

from django.utils.translation import get_language, gettext, gettext_noop

WORDS = (
    # app.js
    gettext_noop("Swipe or scroll sideways to see the whole table"),
    gettext_noop(
        "You are offline. What you type is kept on this device and saved when the connection "
        "is back."
    ),
    gettext_noop("Vote open"),
    gettext_noop("Vote open for %(delegation)s: %(title)s"),
    gettext_noop("Vote now"),
    gettext_noop("Also alert me outside this page"),
    # floor.js
    gettext_noop("Sound on"),
    # paper_editor.js
    gettext_noop("The server answered %(status)s."),
    gettext_noop("Unsaved text found — restore or discard it below"),
    gettext_noop("Offline — kept on this device"),
    gettext_noop("Saving…"),
    gettext_noop("Not saved: %(message)s"),
    gettext_noop("error"),
    gettext_noop("Saved as your draft"),
    gettext_noop("Server busy — kept on this device, retrying"),
    gettext_noop("This could not be saved."),
    gettext_noop("%(message)s Your text is kept here."),
    gettext_noop("Saved — shared with your delegation"),
    gettext_noop("Saved — shared with your delegation."),
    gettext_noop("Offline — your choice was not sent yet; try again."),
    gettext_noop("Unsaved text from this device"),
    gettext_noop("Your unsaved draft"),
    gettext_noop("Discarded."),
    gettext_noop("%(name)s (%(country)s) is editing %(section)s"),
    gettext_noop("%(name)s (%(country)s) has the paper open"),
    gettext_noop("Someone changed this section — your save will merge."),
    gettext_noop(
        "Text you typed on this device that is not in the paper (copy it if you need it):"
    ),
    # paper_tools.js
    gettext_noop("Click into the section where the quotation should go, then press Insert."),
    gettext_noop("Quotation inserted."),
    # resolutions.js
    gettext_noop("You have unsent text for this field from earlier. "),
    gettext_noop(
        "A clause you were editing was removed by a co-sponsor. Your text is kept here — copy it "
        "into a new clause if it is still needed:"
    ),
    gettext_noop("Your text of the removed clause"),
    gettext_noop("Restore it"),
    gettext_noop("Discard"),
)


def interface_words(request) -> dict:
    if (get_language() or "en").split("-")[0] == "en":
        return {}
    return {"interface_words": {text: gettext(text) for text in WORDS}}
