"""Submitting a position paper and the chair's review: scores, comments, decision, release.

Writes are keyword-only functions in one transaction that lock the paper row, so a submit and a
chair's "request changes" arriving together are applied one after the other, never interleaved.
A refused action raises ``ReviewError`` whose message is shown to the person as is.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from committees.models import Committee
from positions.selectors.papers import paper_check, paper_sections, settings_for

from ..engines.paper_checks import is_past
from ..engines.rubric import RubricError, parse_rubric_text, parse_scores, total_score
from ..models import Paper, PaperSettings, PaperSubmission

EDITABLE_STATUSES = {"draft", "changes_requested"}


class ReviewError(Exception):
    """An action the rules refuse; the message explains why, in words a delegate understands."""


class PaperLocked(ReviewError):
    """Raised by the editing path: submitted and accepted papers are read-only."""


def ensure_editable(paper: Paper) -> None:
    """Call before any change to a paper's text. The co-editing save path uses it too."""
    if paper.status == "submitted":
        raise PaperLocked(
            gettext(
                "This paper has been submitted and is waiting for the chair's review, so it can no longer be edited. The chair can reopen it by requesting changes."
            )
        )
    if paper.status == "accepted":
        raise PaperLocked(
            gettext("This paper has been accepted by the chair and can no longer be edited.")
        )


def lock_editable(*, paper: Paper) -> Paper:
    """Inside a transaction: lock the paper row and refuse if it may not be edited.

    A text save holds this lock while it writes, so it cannot slip in between a submission's
    snapshot and the paper turning read-only (``submit_paper`` takes the same lock).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_editable must run inside transaction.atomic()")
    locked = _locked(paper)
    ensure_editable(locked)
    return locked


def _locked(paper: Paper) -> Paper:
    return Paper.objects.select_for_update().get(pk=paper.pk)


def submit_paper(*, paper: Paper, user, now: datetime | None = None) -> PaperSubmission:
    """Freeze the sections' current text as a numbered submission; the paper becomes read-only."""
    now = now or timezone.now()
    with transaction.atomic():
        paper = _locked(paper)
        if paper.status not in EDITABLE_STATUSES:
            raise ReviewError(
                "This paper is already submitted."
                if paper.status == "submitted"
                else "This paper has been accepted; there is nothing to submit."
            )
        paper_settings = settings_for(paper.committee)
        sections = paper_sections(paper)
        check = paper_check(sections, paper_settings)
        if check.total_words == 0:
            raise ReviewError(
                gettext("The paper is empty. Write at least one section before submitting.")
            )
        if check.over_limit:
            raise ReviewError(
                gettext(
                    "The paper has %(total_words)s words, more than the committee's limit of %(word_limit)s. Shorten it before submitting."
                )
                % {
                    "total_words": format(check.total_words, ","),
                    "word_limit": format(check.word_limit, ","),
                }
            )
        number = (
            PaperSubmission.objects.filter(paper=paper)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        submission = PaperSubmission.objects.create(
            paper=paper,
            number=number,
            submitted_by=user,
            submitted_at=now,
            sections=[{"title": title, "text": text} for title, text in sections],
            total_words=check.total_words,
            late=is_past(paper_settings.deadline, paper_settings.grace_minutes, now),
        )
        paper.status = "submitted"
        paper.save(update_fields=["status"])
        return submission


def _latest_submission(paper: Paper) -> PaperSubmission:
    submission = PaperSubmission.objects.filter(paper=paper).order_by("-number").first()
    if submission is None:
        raise ReviewError(gettext("This paper has not been submitted yet."))
    return submission


def save_review(
    *,
    paper: Paper,
    reviewer,
    scores: dict[str, str],
    comment: str,
    section_comments: dict[str, str] | None = None,
) -> PaperSubmission:
    """Store the chair's scores, comment and notes per section on the latest submission (not
    yet shown to anyone)."""
    with transaction.atomic():
        paper = _locked(paper)
        submission = _latest_submission(paper)
        rubric = settings_for(paper.committee).rubric
        try:
            parsed = parse_scores(rubric, scores)
        except RubricError as error:
            raise ReviewError(str(error)) from None
        submission.scores = parsed
        submission.total_score = total_score(rubric, parsed)
        submission.comment = comment.strip()
        titles = {item["title"] for item in submission.sections}
        submission.section_comments = {
            title: note.strip()
            for title, note in (section_comments or {}).items()
            if title in titles and note.strip()
        }
        submission.reviewed_by = reviewer
        submission.reviewed_at = timezone.now()
        submission.save(
            update_fields=[
                "scores",
                "total_score",
                "comment",
                "section_comments",
                "reviewed_by",
                "reviewed_at",
            ]
        )
        return submission


def request_changes(*, paper: Paper, reviewer) -> PaperSubmission:
    """Reopen the paper for editing; the submission keeps the review that asked for changes."""
    with transaction.atomic():
        paper = _locked(paper)
        if paper.status not in {"submitted", "accepted"}:
            raise ReviewError(
                gettext("Only a submitted or accepted paper can be sent back for changes.")
            )
        submission = _latest_submission(paper)
        submission.decision = PaperSubmission.Decision.CHANGES_REQUESTED
        submission.reviewed_by = reviewer
        submission.reviewed_at = timezone.now()
        submission.save(update_fields=["decision", "reviewed_by", "reviewed_at"])
        paper.status = "changes_requested"
        paper.save(update_fields=["status"])
        return submission


def accept_paper(*, paper: Paper, reviewer) -> PaperSubmission:
    with transaction.atomic():
        paper = _locked(paper)
        if paper.status != "submitted":
            raise ReviewError(gettext("Only a submitted paper can be accepted."))
        submission = _latest_submission(paper)
        submission.decision = PaperSubmission.Decision.ACCEPTED
        submission.reviewed_by = reviewer
        submission.reviewed_at = timezone.now()
        submission.save(update_fields=["decision", "reviewed_by", "reviewed_at"])
        paper.status = "accepted"
        paper.save(update_fields=["status"])
        return submission


def set_feedback_released(*, paper: Paper, released: bool) -> PaperSubmission:
    """Show (or hide again) the latest submission's scores and comment to the delegation."""
    with transaction.atomic():
        paper = _locked(paper)
        submission = _latest_submission(paper)
        has_feedback = (
            submission.total_score is not None or submission.comment or submission.section_comments
        )
        if released and not has_feedback:
            raise ReviewError(gettext("Score or comment the paper before releasing feedback."))
        submission.released_at = timezone.now() if released else None
        submission.save(update_fields=["released_at"])
        return submission


def update_paper_settings(
    *,
    committee: Committee,
    deadline: datetime | None,
    grace_minutes: int,
    word_limit: int | None,
    rubric_text: str,
) -> PaperSettings:
    """The chair's submission rules. Rubric keys of unchanged criteria are kept."""
    with transaction.atomic():
        paper_settings = settings_for(committee)
        try:
            rubric = parse_rubric_text(rubric_text, previous=paper_settings.rubric)
        except RubricError as error:
            raise ReviewError(str(error)) from None
        if grace_minutes < 0 or grace_minutes > 7 * 24 * 60:
            raise ReviewError(gettext("Grace must be between 0 minutes and one week."))
        if word_limit is not None and not 50 <= word_limit <= 20_000:
            raise ReviewError(
                gettext("The word limit must be between 50 and 20,000 words (or empty).")
            )
        paper_settings.deadline = deadline
        paper_settings.grace_minutes = grace_minutes
        paper_settings.word_limit = word_limit or 0  # 0: no limit
        paper_settings.rubric = rubric
        paper_settings.save()
        return paper_settings


def describe_deadline(paper_settings: PaperSettings) -> str:
    if paper_settings.deadline is None:
        return "No deadline set."
    when = date_format(timezone.localtime(paper_settings.deadline), "j M Y, H:i")
    grace = paper_settings.grace_minutes
    return f"Due {when}" + (f" (+{grace} min grace)" if grace else "")
