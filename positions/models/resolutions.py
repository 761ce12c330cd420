"""Draft resolutions: the document, its sponsors and signatories, and its clauses.

The committed text of each clause lives here (``Clause.text``): pages, the linter and the
exports read it without knowing about revisions. Drafting history (revisions, merges) lives in
the co-editing engine (``resolution_text``); a clause save writes both in one transaction.

The tables keep the names they had when these models lived in ``committees`` (``db_table``),
so moving the code moved no data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from committees.models import Committee, Delegation
from positions.engines import clauses as clause_engine
from positions.engines.clauses import numbering


class DraftResolutionQuerySet(models.QuerySet):
    def for_committee(self, committee: Committee) -> DraftResolutionQuerySet:
        return self.filter(committee=committee)


class DraftResolution(models.Model):
    class Status(models.TextChoices):
        WORKING_PAPER = "working_paper", gettext_lazy("Working paper")
        SUBMITTED = "submitted", gettext_lazy("Submitted to the chair")
        APPROVED = "approved", gettext_lazy("Approved")
        INTRODUCED = "introduced", gettext_lazy("Introduced")
        ADOPTED = "adopted", gettext_lazy("Adopted")
        FAILED = "failed", gettext_lazy("Not adopted")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
        MERGED = "merged", gettext_lazy("Merged into another working paper")

    # Sponsors may still change the text; afterwards only amendments do.
    EDITABLE = (Status.WORKING_PAPER,)
    # Amendments are proposed against an approved, introduced draft.
    AMENDABLE = (Status.APPROVED, Status.INTRODUCED)
    FINAL = (Status.ADOPTED, Status.FAILED, Status.WITHDRAWN, Status.MERGED)

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="draft_resolutions"
    )
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.WORKING_PAPER)
    # Assigned by the chair's approval: "UNODC/1/DR.1" (committee / session / number).
    number = models.PositiveIntegerField(null=True, blank=True)
    symbol = models.CharField(max_length=40, blank=True)
    # The motion to adopt the draft, once the chair puts it to the vote.
    motion = models.OneToOneField(
        "committees.Motion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="draft_resolution",
    )
    # Bumped in the same transaction as every change; pages poll it.
    version = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The chair waived the signature threshold (e.g. delegations without accounts), and why.
    signatures_waived_reason = models.CharField(max_length=300, blank=True)
    signatures_waived_at = models.DateTimeField(null=True, blank=True)
    signatures_waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True, help_text="Why it was adopted or not, in words.")
    # A working paper merged into another one: read-only, its text and history kept.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_papers"
    )

    objects = DraftResolutionQuerySet.as_manager()

    class Meta:
        db_table = "committees_draftresolution"
        ordering = ["committee", "number", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"],
                condition=Q(number__isnull=False),
                name="unique_draft_resolution_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip()

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_amendable(self) -> bool:
        return self.status in self.AMENDABLE

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    @property
    def display_symbol(self) -> str:
        return self.symbol or "Working paper"


class Sponsorship(models.Model):
    """A delegation's support for a draft: sponsor (an author) or signatory (wants it debated).

    One row per delegation and draft, enforced by the database."""

    class Role(models.TextChoices):
        SPONSOR = "sponsor", gettext_lazy("Sponsor")
        SIGNATORY = "signatory", gettext_lazy("Signatory")

    resolution = models.ForeignKey(
        DraftResolution, on_delete=models.CASCADE, related_name="sponsorships"
    )
    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "committees_sponsorship"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "delegation"], name="one_signature_per_delegation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation} {self.role} of {self.resolution}"


class MergeProposal(models.Model):
    """A sponsor of ``into`` proposes to merge the working paper ``merged`` into it; a sponsor
    of ``merged`` accepts (the merge happens then) or declines. One pending proposal per pair.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the other paper's sponsors"
        ACCEPTED = "accepted", "Accepted: merged"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        LAPSED = "lapsed", "Lapsed (one of the papers changed status)"

    into = models.ForeignKey(
        DraftResolution, on_delete=models.CASCADE, related_name="merge_proposals_in"
    )
    merged = models.ForeignKey(
        DraftResolution, on_delete=models.CASCADE, related_name="merge_proposals_out"
    )
    proposed_by = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="+")
    proposed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        Delegation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["into", "merged"],
                condition=Q(status="pending"),
                name="one_pending_merge_per_pair",
            ),
            models.CheckConstraint(condition=~Q(into=models.F("merged")), name="merge_two_papers"),
        ]

    def __str__(self) -> str:
        return f"Merge {self.merged_id} into {self.into_id} ({self.status})"


class Clause(models.Model):
    class Kind(models.TextChoices):
        PREAMBULATORY = clause_engine.PREAMBULATORY, "Preambulatory"
        OPERATIVE = clause_engine.OPERATIVE, "Operative"

    resolution = models.ForeignKey(
        DraftResolution, on_delete=models.CASCADE, related_name="clauses"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    # Sub-clauses point at their parent; depth 1..3 below a top-level clause.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)
    # A clause struck by an amendment stays (history, amendments pointing at it) but is hidden.
    struck = models.BooleanField(default=False)
    # Copied from a working paper merged into this one: that clause and its history stay there.
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "committees_clause"
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["resolution", "order"], name="clause_resolution_order")]
        constraints = [
            models.CheckConstraint(condition=Q(depth__lte=3), name="clause_depth_at_most_3"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="clause_depth_matches_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ClauseNode:
    """A clause with its place in the document: label ("3 b) ii."), sub-clauses, lint findings.

    Built in memory from one query (``clause_tree``) so pages never query per clause."""

    __slots__ = ("clause", "label", "number", "children", "findings", "extra")

    def __init__(self, clause: Clause):
        self.clause = clause
        self.label = ""
        self.number = ""
        self.children: list[ClauseNode] = []
        self.findings: list[clause_engine.Finding] = []
        self.extra: dict = {}

    @property
    def kind(self) -> str:
        return self.clause.kind

    @property
    def depth(self) -> int:
        return self.clause.depth

    def opening(self) -> tuple[str, str]:
        return clause_engine.split_opening(self.clause.text, self.clause.kind)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def clause_tree(clauses) -> list[ClauseNode]:
    """Top-level nodes in order, sub-clauses nested, labels computed; struck clauses left out."""
    nodes = {c.pk: ClauseNode(c) for c in clauses if not c.struck}
    top: list[ClauseNode] = []
    for node in sorted(nodes.values(), key=lambda n: (n.clause.order, n.clause.pk)):
        parent_id = node.clause.parent_id
        if parent_id is None:
            top.append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
    for node, number, label in numbering.number_tree(
        top, kind_of=lambda n: n.kind, children_of=lambda n: n.children
    ):
        node.number, node.label = number, label
    return top


def lint_tree(top: list[ClauseNode], *, organ, organ_name: str) -> list[clause_engine.Finding]:
    """Run the linter and attach each finding to its node; return them all (in order)."""

    def to_input(node: ClauseNode) -> clause_engine.Clause:
        return clause_engine.Clause(
            kind=node.kind,
            text=node.clause.text,
            children=tuple(to_input(c) for c in node.children),
            ref=node.clause.pk,
        )

    findings = clause_engine.lint([to_input(n) for n in top], organ=organ, organ_name=organ_name)
    by_pk = {n.clause.pk: n for root in top for n in root.walk()}
    for finding in findings:
        if finding.ref in by_pk:
            by_pk[finding.ref].findings.append(finding)
    return findings
