"""Checks a delegation sees beside its paper, and the paper's state as a chair sees it.

Pure functions over plain data (section titles and Markdown text, a word limit, a deadline):
no Django imports, so every rule is tested fast and exhaustively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from committees.engines.i18n import gettext, gettext_noop
from positions.engines.markdown import count_words, links, parse

BIBLIOGRAPHY_TITLE = "Bibliography"
# Past this share of the limit the counter turns amber, so nobody is surprised at submission.
NEAR_LIMIT_SHARE = 0.9


def is_bibliography(title: str) -> bool:
    return title.strip().lower() == BIBLIOGRAPHY_TITLE.lower()


@dataclass(frozen=True)
class Finding:
    level: str  # "error" (over the limit), "warning", "info"
    message: str
    section: str = ""
    short: str = ""  # a few words for a table cell (the chair's overview)


@dataclass(frozen=True)
class SectionCount:
    title: str
    words: int
    counted: bool  # the bibliography is shown but not counted against the limit

    @property
    def empty(self) -> bool:
        return self.words == 0


@dataclass
class PaperCheck:
    sections: list[SectionCount]
    total_words: int
    word_limit: int | None
    citation_count: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def over_limit(self) -> bool:
        return self.word_limit is not None and self.total_words > self.word_limit

    @property
    def near_limit(self) -> bool:
        return (
            self.word_limit is not None
            and not self.over_limit
            and self.total_words >= self.word_limit * NEAR_LIMIT_SHARE
        )

    @property
    def limit_percent(self) -> int:
        if not self.word_limit:
            return 0
        return min(100, round(100 * self.total_words / self.word_limit))

    @property
    def ok(self) -> bool:
        return not self.findings


def citation_count(sections: list[tuple[str, str]]) -> int:
    """Links in the body plus entries (paragraphs or list items) typed under Bibliography."""
    count = 0
    for title, text in sections:
        if is_bibliography(title):
            count += sum(1 if block.kind == "p" else len(block.items) for block in parse(text))
        else:
            count += len(links(text))
    return count


def check_paper(sections: list[tuple[str, str]], *, word_limit: int | None) -> PaperCheck:
    counts = [
        SectionCount(title, count_words(text), counted=not is_bibliography(title))
        for title, text in sections
    ]
    total = sum(section.words for section in counts if section.counted)
    check = PaperCheck(
        sections=counts,
        total_words=total,
        word_limit=word_limit or None,
        citation_count=citation_count(sections),
    )
    if check.over_limit:
        check.findings.append(
            Finding(
                "error",
                gettext("%(total)s words: %(over)s over the committee's limit of %(limit)s.")
                % {
                    "total": f"{total:,}",
                    "over": f"{total - word_limit:,}",
                    "limit": f"{word_limit:,}",
                },
                short=gettext("%(over)s words over the limit")
                % {"over": f"{total - word_limit:,}"},
            )
        )
    for section in counts:
        if section.counted and section.empty:
            check.findings.append(
                Finding(
                    "warning",
                    gettext("“%(title)s” is empty.") % {"title": section.title},
                    section=section.title,
                    short=gettext("Empty: %(title)s") % {"title": section.title},
                )
            )
    if check.citation_count == 0:
        check.findings.append(
            Finding(
                "warning",
                gettext(
                    "The paper cites no sources. Insert a quotation from Research, or list your "
                    "sources under Bibliography."
                ),
                short=gettext("No citations"),
            )
        )
    return check


class PaperState(StrEnum):
    NOT_STARTED = "not_started"
    DRAFT = "draft"
    LATE = "late"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    ACCEPTED = "accepted"

    @property
    def label(self) -> str:
        return gettext(_STATE_LABELS[self.value])


_STATE_LABELS = {
    "not_started": gettext_noop("Not started"),
    "draft": gettext_noop("Draft"),
    "late": gettext_noop("Late"),
    "submitted": gettext_noop("Submitted"),
    "changes_requested": gettext_noop("Changes requested"),
    "accepted": gettext_noop("Accepted"),
}


def closes_at(deadline: datetime | None, grace_minutes: int) -> datetime | None:
    """The moment after which an unsubmitted paper is late (deadline plus grace)."""
    if deadline is None:
        return None
    return deadline + timedelta(minutes=max(0, grace_minutes or 0))


def is_past(deadline: datetime | None, grace_minutes: int, now: datetime) -> bool:
    closing = closes_at(deadline, grace_minutes)
    return closing is not None and now > closing


def paper_state(
    *,
    status: str | None,
    has_text: bool,
    deadline: datetime | None,
    grace_minutes: int,
    now: datetime,
) -> PaperState:
    """Derived on every read (no scheduled job): a draft becomes late when the grace ends.

    ``status`` is the stored paper status (draft / submitted / changes_requested / accepted) or
    None when the delegation has no paper yet. A paper the chair reopened is not late: the
    chair asked for changes and so sets the pace.
    """
    if status in {"submitted", "accepted", "changes_requested"}:
        return PaperState(status)
    if is_past(deadline, grace_minutes, now):
        return PaperState.LATE
    if status is None or not has_text:
        return PaperState.NOT_STARTED
    return PaperState.DRAFT
