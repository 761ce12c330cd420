"""A delegation's record against its declared positions: for each of the committee's
questions, its position, and the paper sections, sponsored clauses and ballots that mention
the question (``positions.engines.agreement``) or that the delegation marked.

Loaded in a fixed number of queries, however long the paper, however many drafts and votes.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from committees.models import (
    Ballot,
    Committee,
    Delegation,
    Stance,
    StancePosition,
    StanceQuestion,
)
from committees.selectors.stances import Cell
from positions.engines import agreement as engine
from positions.models import Amendment, Block, Clause, DraftResolution, EvidenceMark, Paper
from positions.models.resolutions import clause_tree

EXCERPT = 280


def _choice_words(choice: str) -> str:
    return {
        "yes": _("voted yes"),
        "no": _("voted no"),
        "abstain": _("abstained"),
        "pass": _("passed"),
    }.get(choice, choice)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Evidence:
    """One piece of the delegation's record: what it wrote, sponsored or voted."""

    key: str  # "section:<block id>", "clause:<clause id>", "ballot:<ballot id>"
    kind: str  # "paper", "clause", "vote"
    label: str
    text: str
    url: str
    digest: str = ""
    choice: str = ""  # a ballot's choice

    @property
    def kind_label(self) -> str:
        return {"paper": _("Position paper"), "clause": _("Sponsored clause"), "vote": _("Vote")}[
            self.kind
        ]

    @property
    def excerpt(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= EXCERPT else text[: EXCERPT - 1].rsplit(" ", 1)[0] + " …"


@dataclass
class EvidenceRow:
    evidence: Evidence
    words: list[str]
    mark: EvidenceMark | None

    @property
    def changed_since_marked(self) -> bool:
        m = self.mark
        return bool(m and m.text_digest and m.text_digest != self.evidence.digest)

    @property
    def verdict(self) -> str:
        return self.mark.verdict if self.mark else ""

    @property
    def state(self) -> str:
        """For the page's styles: the verdict, or "unjudged"."""
        return self.verdict or "unjudged"


@dataclass
class QuestionRecord:
    question: StanceQuestion
    position: StancePosition | None
    rows: list[EvidenceRow] = field(default_factory=list)
    looked_for: list[str] = field(default_factory=list)  # the words the matcher looks for

    @property
    def stance(self) -> str:
        return self.position.stance if self.position else Stance.UNKNOWN

    @property
    def cell(self) -> Cell:
        return Cell(self.stance, self.position, self.question.pk)

    @property
    def summary(self) -> str:
        mentioned = sum(1 for r in self.rows if r.verdict != engine.UNRELATED)
        return engine.summary([r.verdict for r in self.rows if r.verdict], mentioned)

    @property
    def summary_label(self) -> str:
        return {
            engine.AGREES: _("Agrees (marked)"),
            engine.DISAGREES: _("Goes against (marked)"),
            "mentioned": _("Mentioned, not judged"),
        }.get(self.summary, _("Not addressed"))

    @property
    def agrees(self) -> int:
        return sum(1 for r in self.rows if r.verdict == engine.AGREES)

    @property
    def disagrees(self) -> int:
        return sum(1 for r in self.rows if r.verdict == engine.DISAGREES)

    @property
    def unjudged(self) -> int:
        return sum(1 for r in self.rows if not r.verdict)


@dataclass
class AgreementRecord:
    delegation: Delegation
    questions: list[QuestionRecord]
    unmatched: list[Evidence]
    evidence: dict[str, Evidence]
    terms: dict[int, engine.Terms]


def committee_terms(committee: Committee, questions) -> dict[int, engine.Terms]:
    return engine.question_terms(
        [(q.pk, f"{q.short_label}. {q.text}") for q in questions],
        topic=committee.topic,
    )


def _paper_evidence(committee: Committee, delegation: Delegation) -> list[Evidence]:
    paper = Paper.objects.filter(committee=committee, delegation=delegation).first()
    if paper is None:
        return []
    blocks = Block.objects.filter(document_id=paper.document_id).select_related("current_revision")
    url = reverse("positions:editor", args=[committee.slug, paper.pk])
    out = []
    for block in blocks:
        text = block.current_revision.text if block.current_revision_id else ""
        if text.strip():
            out.append(
                Evidence(
                    key=f"section:{block.pk}",
                    kind="paper",
                    label=_("Position paper · %(section)s") % {"section": block.title},
                    text=text,
                    url=f"{url}#block-{block.key}",
                    digest=digest(text),
                )
            )
    return out


def _clause_evidence(committee: Committee, delegation: Delegation) -> list[Evidence]:
    clauses = list(
        Clause.objects.filter(
            resolution__committee=committee,
            resolution__sponsorships__delegation=delegation,
            resolution__sponsorships__role="sponsor",
        )
        .exclude(resolution__status=DraftResolution.Status.WITHDRAWN)
        .select_related("resolution")
        .order_by("resolution_id", "order", "id")
    )
    by_draft: dict[int, list[Clause]] = defaultdict(list)
    for clause in clauses:
        by_draft[clause.resolution_id].append(clause)
    out = []
    for draft_clauses in by_draft.values():
        resolution = draft_clauses[0].resolution
        url = reverse("resolutions:detail", args=[committee.slug, resolution.pk])
        preamble = 0
        for top in clause_tree(draft_clauses):
            if top.kind == Clause.Kind.PREAMBULATORY:
                preamble += 1
            for node in top.walk():
                if not node.clause.text.strip():
                    continue
                where = (
                    _("operative %(label)s") % {"label": node.label}
                    if node.kind == Clause.Kind.OPERATIVE
                    else _("preambular %(number)s") % {"number": preamble}
                )
                out.append(
                    Evidence(
                        key=f"clause:{node.clause.pk}",
                        kind="clause",
                        label=f"{resolution.display_symbol} · {where}",
                        text=node.clause.text,
                        url=f"{url}#clause-{node.clause.pk}",
                        digest=digest(node.clause.text),
                    )
                )
    return out


def _vote_evidence(committee: Committee, delegation: Delegation) -> list[Evidence]:
    ballots = list(
        Ballot.objects.filter(delegation=delegation, vote__committee=committee)
        .select_related("vote__motion")
        .order_by("vote__opened_at", "vote_id")
    )
    if not ballots:
        return []
    motion_ids = {b.vote.motion_id for b in ballots}
    motion_ids |= {b.vote.motion.part_of_id for b in ballots if b.vote.motion.part_of_id}
    amendments = {
        a.motion_id: a
        for a in Amendment.objects.filter(motion_id__in=motion_ids).select_related("clause")
    }
    drafts = {d.motion_id: d for d in DraftResolution.objects.filter(motion_id__in=motion_ids)}
    clauses_of: dict[int, list[Clause]] = defaultdict(list)
    for clause in Clause.objects.filter(
        resolution__in=list(drafts.values()), struck=False
    ).order_by("order", "id"):
        clauses_of[clause.resolution_id].append(clause)
    out = []
    for ballot in ballots:
        motion = ballot.vote.motion
        text = f"{motion.title}. {motion.text}".strip()
        if motion.pk in amendments:
            amendment = amendments[motion.pk]
            if amendment.kind == Amendment.Kind.STRIKE and amendment.clause_id:
                text = _("Strike: %(text)s") % {"text": amendment.clause.text}
            else:
                text = amendment.text
        elif motion.pk in drafts:
            text = " ".join(c.text for c in clauses_of[drafts[motion.pk].pk])
        elif motion.part_of_id in drafts:
            keys = {str(k) for k in motion.clause_keys}
            parts = [c for c in clauses_of[drafts[motion.part_of_id].pk] if str(c.pk) in keys]
            text = " ".join(c.text for c in parts)
        out.append(
            Evidence(
                key=f"ballot:{ballot.pk}",
                kind="vote",
                label=f"{motion.title} — {_choice_words(ballot.choice)}",
                text=text,
                url=reverse("committees:vote_record", args=[committee.slug, ballot.vote_id]),
                choice=ballot.choice,
            )
        )
    return out


def load_agreement(committee: Committee, delegation: Delegation) -> AgreementRecord:
    questions = list(StanceQuestion.objects.filter(committee=committee))
    positions = {
        p.question_id: p
        for p in StancePosition.objects.filter(
            profile__committee=committee, profile__country_id=delegation.country_id
        )
    }
    evidence = (
        _paper_evidence(committee, delegation)
        + _clause_evidence(committee, delegation)
        + _vote_evidence(committee, delegation)
    )
    by_key = {e.key: e for e in evidence}
    marks = {
        (m.question_id, m.subject_key): m
        for m in EvidenceMark.objects.filter(
            delegation=delegation, question__committee=committee
        ).select_related("marked_by")
    }
    terms = committee_terms(committee, questions)
    records, matched = [], set()
    for question in questions:
        record = QuestionRecord(question, positions.get(question.pk))
        record.looked_for = engine.describe(terms[question.pk])
        for item in evidence:
            found = engine.mentions(item.text, terms[question.pk])
            mark = marks.get((question.pk, item.key))
            if found or mark:
                record.rows.append(EvidenceRow(item, found, mark))
                matched.add(item.key)
        records.append(record)
    unmatched = [e for e in evidence if e.key not in matched]
    return AgreementRecord(delegation, records, unmatched, by_key, terms)
