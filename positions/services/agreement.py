"""A delegation marks a piece of its own record as agreeing, or not, with its declared
position on a question (or as not about the question at all)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Ballot, Delegation, StanceQuestion
from positions.models import Block, Clause, DraftResolution, EvidenceMark, Paper
from positions.selectors.agreement import digest

VERDICTS = {v.value for v in EvidenceMark.Verdict}


class MarkError(Exception):
    """The mark cannot be recorded; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _subject(delegation: Delegation, key: str) -> tuple[dict, str]:
    """The model field and text of a piece of this delegation's record, from its page key;
    anything else (another delegation's section, a draft it does not sponsor) is refused."""
    kind, _colon, raw = (key or "").partition(":")
    if not raw.isdigit() or len(raw) > 18:
        raise MarkError(_("That is not part of your delegation's record."))
    pk = int(raw)
    committee = delegation.committee_id
    if kind == "section":
        paper = Paper.objects.filter(committee_id=committee, delegation=delegation).first()
        block = (
            Block.objects.select_related("current_revision")
            .filter(pk=pk, document_id=paper.document_id if paper else None)
            .first()
        )
        if block is not None:
            text = block.current_revision.text if block.current_revision_id else ""
            return {"block": block}, text
    elif kind == "clause":
        clause = (
            Clause.objects.filter(
                pk=pk,
                struck=False,
                resolution__committee_id=committee,
                resolution__sponsorships__delegation=delegation,
                resolution__sponsorships__role="sponsor",
            )
            .exclude(resolution__status=DraftResolution.Status.WITHDRAWN)
            .first()
        )
        if clause is not None:
            return {"clause": clause}, clause.text
    elif kind == "ballot":
        ballot = Ballot.objects.filter(
            pk=pk, delegation=delegation, vote__committee_id=committee
        ).first()
        if ballot is not None:
            return {"ballot": ballot}, ""
    raise MarkError(_("That is not part of your delegation's record."))


def mark_evidence(
    *,
    delegation: Delegation,
    question: StanceQuestion,
    subject_key: str,
    verdict: str,
    note: str = "",
    by,
) -> EvidenceMark | None:
    """Record (or, with an empty verdict, clear) the delegation's mark. Returns the mark."""
    if question.committee_id != delegation.committee_id:
        raise MarkError(_("That question belongs to another committee."))
    if verdict and verdict not in VERDICTS:
        raise MarkError(_("Choose agrees, goes against, or not about this question."))
    note = (note or "").strip()
    if len(note) > 300:
        raise MarkError(_("Keep the note under 300 characters."))
    with transaction.atomic():
        # One delegation's marks are written one at a time: two delegates marking the same
        # clause at once end with one mark, the later one.
        Delegation.objects.select_for_update().filter(pk=delegation.pk).first()
        subject, text = _subject(delegation, subject_key)
        existing = EvidenceMark.objects.filter(
            delegation=delegation, question=question, **subject
        ).first()
        if not verdict:
            if existing is not None:
                existing.delete()
            return None
        mark = existing or EvidenceMark(delegation=delegation, question=question, **subject)
        mark.verdict = verdict
        mark.note = note
        mark.text_digest = digest(text) if text else ""
        mark.marked_by = by
        mark.marked_at = timezone.now()
        mark.save()
        return mark
