"""Every word of the interface is translatable; Spanish is complete, French covers the delegate.

Three guards: templates carry no bare English (a new string has to go through the translation
tags), the Spanish catalogue has no untranslated or fuzzy entry and its compiled file matches it,
and the main pages rendered in Spanish show none of the interface's English sentences.
"""

import gettext
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template.base import Lexer, TokenType
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
TEMPLATES = ROOT / "templates"
LOCALE = ROOT / "locale"

# Attributes a person reads or hears (screen readers, tooltips, confirmations).
READ_ATTRIBUTES = {
    "placeholder",
    "title",
    "aria-label",
    "alt",
    "data-confirm",
    "hx-confirm",
    "data-label",
}
# Words that are the same in every language of the app (brand, symbols, units).
SAME_EVERYWHERE = {"MUN", "UNODC", "ISO", "P5", "DOCX", "CSV", "PDF", "QR", "OK", "A", "B", "s"}
SKIP_BLOCKS = {"blocktranslate", "blocktrans", "comment", "verbatim"}
FILTER_LITERAL = re.compile(r"\|(?:default|default_if_none|yesno):[\"']([^\"']*)[\"']")
# Arguments that never reach the eye: CSS class names, data attributes, form keys.
TECHNICAL_LITERALS = {"true,false", "passed,failed", "met,missing", "0,1", "new"}
HOLE = "\ue000"  # a private-use letter: it may stand inside a tag or an attribute


class _Reader(HTMLParser):
    """Collects the text a person sees and the attributes read to them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self._skip += 1
        attrs = dict(attrs)
        for name, value in attrs.items():
            button = tag == "input" and attrs.get("type") in ("submit", "button", "reset")
            if value and (name in READ_ATTRIBUTES or (name == "value" and button)):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.found.append(data)


def bare_english(source: str) -> list[str]:
    """Text of a template that reaches people without a translation tag around it."""
    parts, skipping, leaks = [], 0, []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT:
            parts.append(HOLE if skipping else token.contents)
            continue
        # A literal shown in place of a value ({{ x|default:"nobody" }}) needs _("…") too.
        for literal in FILTER_LITERAL.findall(token.contents):
            if literal not in TECHNICAL_LITERALS and re.search(r"[A-Za-z]{2}", literal):
                leaks.append(literal)
        if token.token_type == TokenType.BLOCK:
            word = (token.contents.split() or [""])[0]
            if word in SKIP_BLOCKS:
                skipping += 1
            elif word.startswith("end") and word[3:] in SKIP_BLOCKS:
                skipping -= 1
        parts.append(HOLE)
    reader = _Reader()
    reader.feed("".join(parts))
    reader.close()
    for chunk in reader.found:
        for piece in chunk.split(HOLE):
            words = re.findall(r"[A-Za-z][A-Za-z'’-]*", piece)
            if any(w not in SAME_EVERYWHERE for w in words):
                leaks.append(piece.strip())
    return leaks


def test_the_guard_sees_bare_english_and_lets_translated_words_pass():
    assert bare_english("<p>Cast your vote</p>") == ["Cast your vote"]
    assert bare_english('<input type="submit" value="Send">') == ["Send"]
    assert bare_english('<a title="Your account" href="/">x{{ a }}</a>') == ["Your account", "x"]
    assert bare_english('{% load i18n %}<p>{% translate "Cast your vote" %}</p>') == []
    assert bare_english("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}") == []
    assert bare_english("<p>{{ committee.name }} · MUN</p><script>var a = 'x';</script>") == []
    assert bare_english('<p>{{ who|default:"nobody" }}</p>') == ["nobody"]
    assert bare_english('{% load i18n %}<p>{{ who|default:_("nobody") }}</p>') == []


def test_no_template_shows_english_without_a_translation_tag():
    leaks = {}
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in (".html", ".txt"):
            found = bare_english(path.read_text(encoding="utf-8"))
            if found:
                leaks[str(path.relative_to(ROOT))] = found
    assert leaks == {}, "wrap these in {% translate %} / {% blocktranslate %}"


def _catalogue(language: str) -> list[dict]:
    """The entries of a .po file: msgid, plural, translations and flags (no tool needed)."""
    entries, entry, field = [], None, None
    for raw in (LOCALE / language / "LC_MESSAGES" / "django.po").read_text("utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            entry = {"flags": line[2:], "msgid": None, "plural": None, "msgstr": []}
            entries.append(entry)
            field = None
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'(msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
        if match:
            keyword, text = match.groups()
            if keyword == "msgid":
                if entry is None or entry["msgid"] is not None:
                    entry = {"flags": "", "msgid": None, "plural": None, "msgstr": []}
                    entries.append(entry)
                entry["msgid"] = text
                field = "msgid"
            elif keyword == "msgid_plural":
                entry["plural"], field = text, "plural"
            else:
                entry["msgstr"].append(text)
                field = "msgstr"
        elif line.startswith('"') and entry is not None:
            text = line[1:-1]
            if field == "msgstr":
                entry["msgstr"][-1] += text
            else:
                entry[field] += text
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def _mo(language: str) -> dict:
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def test_spanish_is_complete_and_compiled():
    entries = _catalogue("es")
    assert len(entries) > 1000  # the whole interface, not only the menus
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    assert [e["msgid"] for e in entries if not all(e["msgstr"])] == []
    compiled = _mo("es")
    singular = {k for k in compiled if isinstance(k, str)} | {
        k[0] for k in compiled if isinstance(k, tuple)
    }
    # The committed .mo is the .po compiled (CI has no gettext tools to rebuild it).
    po_ids = {_unescape(e["msgid"]) for e in entries}
    assert po_ids <= singular


def _unescape(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text)


# The delegate's journey: home, the committee's menu, the guide, the position paper, the vote.
DELEGATE_JOURNEY = (
    "templates/base.html",
    "templates/committees/home.html",
    "templates/committees/committee_home.html",
    "templates/committees/committee_base.html",
    "templates/committees/guide.html",
    "templates/positions/paper_editor.html",
    "templates/positions/_paper_checks.html",
    "templates/positions/_paper_research.html",
    "templates/positions/paper_list.html",
    "templates/positions/submission.html",
    "templates/committees/votes.html",
    "templates/committees/_ballot.html",
    "templates/committees/vote_record.html",
    "committees/interface_words.py",
)


def _journey_ids() -> set[str]:
    ids, current = set(), []
    po = (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_text("utf-8").splitlines()
    wanted = False
    for line in po:
        if line.startswith("#:"):
            current.append(line)
            wanted = wanted or any(f" {path}:" in f" {line[2:]}" for path in DELEGATE_JOURNEY)
        elif line.startswith("msgid ") and current:
            if wanted:
                ids.add(line[7:-1])
            current, wanted = [], False
    return ids


def test_french_covers_the_delegate_journey():
    entries = _catalogue("fr")
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    journey = _journey_ids()
    assert len(journey) > 100
    missing = [e["msgid"] for e in entries if e["msgid"] in journey and not all(e["msgstr"])]
    assert missing == []
    translated = sum(1 for e in entries if all(e["msgstr"]))
    assert translated / len(entries) > 0.15


# Sentences of the interface a Spanish page must not show (the committee's own text may be
# English: the demo's guide and papers are).
ENGLISH = (
    "Log out",
    "Your delegation",
    "Committee guide",
    "Country stances",
    "Write our position paper",
    "Draft resolutions",
    "Position paper",
    "Record of votes",
    "No vote open",
    "Speakers list",
    "Back to top",
    "Everything you type is saved",
    "Submit paper",
    "Chair’s dashboard",
    "Roll call",
    "Open a vote",
    "Add a clause",
    "Search the guide",
    "Conference overview",
    "Invite codes",
    "Rules of procedure",
)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Text(HTMLParser):
    """The page's words, without records kept as they were written (data-as-written).

    A vote's explanation is worded when the vote closes, in the language of whoever closed it,
    and kept as the committee's record: the demo's votes were closed in English.
    """

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip, self._open = [], 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in VOID:
            skip = tag in ("script", "style", "textarea") or "data-as-written" in attrs
            self._open.append(skip)
            self._skip += skip
        for name, value in attrs.items():
            if value and name in READ_ATTRIBUTES:
                self.parts.append(value)

    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag not in VOID and self._open and self._open.pop():
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _page_text(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    return re.sub(r"\s+", " ", " ".join(reader.parts))


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    from committees.models import Committee

    return Committee.objects.get(slug="unodc")


def _interface_sentences() -> list[str]:
    """English sentences of the interface whose Spanish differs (four words or more)."""
    sentences = []
    for entry in _catalogue("es"):
        msgid = _unescape(entry["msgid"])
        if "%" in msgid or "<" in msgid or "&" in msgid:
            continue
        if len(msgid.split()) >= 4 and _unescape(entry["msgstr"][0]) != msgid:
            sentences.append(msgid)
    return sentences


def _pages(committee, client):
    from committees.models import Vote

    slug = committee.slug
    pages = [
        reverse("home"),
        reverse("committees:home", args=[slug]),
        reverse("committees:guide", args=[slug]),
        reverse("committees:votes", args=[slug]),
        reverse("committees:stance_matrix", args=[slug]),
        reverse("committees:floor", args=[slug]),
        reverse("positions:list", args=[slug]),
        reverse("resolutions:list", args=[slug]),
        reverse("profile"),
    ]
    vote = Vote.objects.filter(committee=committee, status=Vote.Status.CLOSED).first()
    if vote is not None:
        pages.append(reverse("committees:vote_record", args=[slug, vote.pk]))
    return pages


@pytest.mark.parametrize("username", ["us1", "chair"])
def test_main_pages_in_spanish_show_no_interface_english(client, demo, username):
    from django.contrib.auth import get_user_model

    from committees.models import AccountSettings
    from positions.models import Paper

    user = get_user_model().objects.get(username=username)
    AccountSettings.objects.update_or_create(user=user, defaults={"language": "es"})
    client.force_login(user)  # the person's choice travels as the language cookie from here
    client.get(reverse("home"))
    sentences = _interface_sentences()
    pages = _pages(demo, client)
    if username == "chair":
        pages += [
            reverse("committees:chair", args=[demo.slug]),
            reverse("committees:rules", args=[demo.slug]),
            reverse("committees:invites", args=[demo.slug]),
            reverse("positions:review_overview", args=[demo.slug]),
            reverse("secretariat:overview") if user.is_staff else reverse("home"),
        ]
        paper = Paper.objects.filter(committee=demo).first()
        pages.append(reverse("positions:editor", args=[demo.slug, paper.pk]))
    english = {}
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="es">' in html, url
        text = _page_text(html)
        found = [p for p in ENGLISH if p in text] + [s for s in sentences if s in text]
        if found:
            english[url] = found
    assert len(pages) >= 10
    assert english == {}
