"""Reads for draft resolutions: everything the pages and exports show, with a fixed number
of queries, and the rule-derived facts the services check (support, organ, members).

The resolution page must not query per clause or per amendment (it is guarded by a test with
40 clauses and 60 amendments): clauses, amendments with their supports, sponsorships and the
open vote are each read once, then put together in memory.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext

from committees.engines import voting
from committees.models import Committee, Delegation, Vote
from committees.selectors import procedure
from positions.engines import clauses as clause_engine
from positions.engines import resolution_docx
from positions.engines.merge import diff_words
from positions.models import (
    Amendment,
    AmendmentSupport,
    Block,
    ClauseBlock,
    Draft,
    DraftResolution,
    Sponsorship,
)
from positions.models.resolutions import ClauseNode, clause_tree, lint_tree
from positions.selectors.merging import merge_context


def rules_for(committee: Committee) -> voting.RuleProfile:
    """The committee's rule profile, custom overrides included."""
    return procedure.rules_for(committee)


def organ_for(committee: Committee) -> tuple[clause_engine.Organ, str]:
    """Which kind of organ adopts the committee's resolutions, and its name for messages.

    The one place that maps a committee to an organ for the clause checker: the rule profile
    decides first (a profile that names its organ, or the Security Council preset), then the
    committee's name (a General Assembly main committee, ECOSOC), else a subsidiary body such
    as UNODC or the CND."""
    profile = rules_for(committee)
    named = getattr(profile, "organ", "") or ""
    if named in clause_engine.Organ._value2member_map_:
        organ = clause_engine.Organ(named)
        return organ, _organ_label(committee, organ)
    if committee.rule_profile == "sc" or profile.key in {"sc", "security_council"}:
        return clause_engine.Organ.SECURITY_COUNCIL, "the Security Council"
    name = f"{committee.name} {committee.acronym}".lower()
    if re.search(r"economic and social council|\becosoc\b", name):
        return clause_engine.Organ.ECOSOC, "the Economic and Social Council"
    if re.search(
        r"general assembly|\b(?:first|second|third|fourth|fifth|sixth) committee\b|\bdisec\b|"
        r"\bsochum\b|\bspecpol\b|\becofin\b|\blegal committee\b|\bunga\b",
        name,
    ):
        return clause_engine.Organ.GENERAL_ASSEMBLY, committee.acronym or committee.name
    return clause_engine.Organ.SUBSIDIARY, committee.acronym or committee.name


def _organ_label(committee: Committee, organ: clause_engine.Organ) -> str:
    if organ == clause_engine.Organ.SECURITY_COUNCIL:
        return "the Security Council"
    if organ == clause_engine.Organ.ECOSOC:
        return "the Economic and Social Council"
    return committee.acronym or committee.name


def member_count(committee: Committee) -> int:
    return committee.delegations.filter(status=Delegation.Status.MEMBER).count()


@dataclass(frozen=True)
class Support:
    sponsors: list[Sponsorship]
    signatories: list[Sponsorship]
    check: voting.Check
    members: int

    @property
    def delegation_ids(self) -> dict[int, str]:
        return {s.delegation_id: s.role for s in self.sponsors + self.signatories}


def support_for(resolution: DraftResolution, *, members: int | None = None) -> Support:
    """Sponsors, signatories and whether they reach the profile's threshold (2 queries)."""
    rows = list(
        resolution.sponsorships.select_related("delegation__country").order_by(
            "delegation__country__name"
        )
    )
    sponsors = [r for r in rows if r.role == Sponsorship.Role.SPONSOR]
    signatories = [r for r in rows if r.role == Sponsorship.Role.SIGNATORY]
    members = member_count(resolution.committee) if members is None else members
    check = voting.check_draft_support(
        rules_for(resolution.committee),
        members=members,
        sponsors=len(sponsors),
        signatories=len(signatories),
        waived_reason=resolution.signatures_waived_reason,
    )
    return Support(sponsors=sponsors, signatories=signatories, check=check, members=members)


def is_sponsor(resolution: DraftResolution, delegation: Delegation | None) -> bool:
    if delegation is None:
        return False
    return Sponsorship.objects.filter(
        resolution=resolution, delegation=delegation, role=Sponsorship.Role.SPONSOR
    ).exists()


def shown_resolution_rows(committee):
    """``resolution_rows`` as the list page shows it: remembered per process while it listens
    (``live.PollCache.remember``), dropped when any draft changes (``res:<id>``, bumped with
    every change of a draft) or a draft, sponsorship or amendment is saved or deleted
    (``resolutions:``), or a committee, delegation or country changes (``room``)."""
    from unodc_mun import live

    return live.poll_cache.remember(
        ("resolution-rows", committee.pk),
        ("resolutions", "room"),
        lambda: resolution_rows(committee),
    )


def resolution_rows(committee):
    """The list page: drafts with their sponsors (3 queries whatever the number of drafts)."""
    resolutions = list(
        DraftResolution.objects.for_committee(committee)
        .prefetch_related(
            Prefetch(
                "sponsorships",
                queryset=Sponsorship.objects.select_related("delegation__country"),
            )
        )
        .order_by("number", "-created_at")
    )
    pending = defaultdict(int)
    for row in (
        Amendment.objects.filter(resolution__committee=committee)
        .pending()
        .values_list("resolution_id", flat=True)
    ):
        pending[row] += 1
    rows = []
    for resolution in resolutions:
        supports = list(resolution.sponsorships.all())
        rows.append(
            {
                "resolution": resolution,
                "sponsors": [
                    s.delegation.country.name
                    for s in supports
                    if s.role == Sponsorship.Role.SPONSOR
                ],
                "signatories": sum(1 for s in supports if s.role == Sponsorship.Role.SIGNATORY),
                "pending": pending[resolution.pk],
            }
        )
    return rows


@dataclass
class AmendmentView:
    amendment: Amendment
    ops: list = field(default_factory=list)  # word diff against the clause (tracked changes)
    signatures: list[str] = field(default_factory=list)
    acceptances: list[str] = field(default_factory=list)
    check: voting.Check | None = None
    waiting_for: list[str] = field(default_factory=list)  # sponsors yet to accept
    signed: bool = False
    accepted: bool = False
    own: bool = False
    is_sponsor: bool = False
    my_draft: str = ""
    findings: list = field(default_factory=list)
    subs: list = field(default_factory=list)  # pending amendments to this amendment


# What the linter can say about a clause's words alone (its punctuation depends on its place).
AMENDMENT_LINT_CODES = {"unknown-phrase", "wrong-kind", "competence", "capital", "numbering"}


def _amendment_views(resolution, role, node_by_clause, support, members, user):
    rules = rules_for(resolution.committee)
    organ, organ_name = organ_for(resolution.committee)
    # The person's own text that overlapped a colleague's edit, offered back in the edit box.
    conflicted = {}
    if role.delegation is not None:
        conflicted = dict(
            Draft.objects.filter(
                block__amendment__resolution=resolution,
                block__amendment__delegation=role.delegation,
                user=user,
                is_conflict=True,
            ).values_list("block_id", "text")
        )
    sponsor_names = {s.delegation_id: s.delegation.country.name for s in support.sponsors}
    mine = role.delegation.pk if role.delegation else None
    views: list[AmendmentView] = []
    rows = list(resolution.amendments.for_page().order_by("created_at", "pk"))
    texts = {row.pk: row.text for row in rows}
    for amendment in rows:
        supports = list(amendment.supports.all())
        signed_ids = {
            s.delegation_id for s in supports if s.role == AmendmentSupport.Role.SIGNATURE
        }
        accepted_ids = {
            s.delegation_id for s in supports if s.role == AmendmentSupport.Role.ACCEPTANCE
        }
        node = node_by_clause.get(amendment.clause_id)
        current = node.clause.text if node else amendment.base_text
        if amendment.amends_id:
            # A second-degree amendment shows its change to the amendment it amends.
            current = texts.get(amendment.amends_id, amendment.base_text)
        if amendment.kind == Amendment.Kind.STRIKE:
            ops = diff_words(current if amendment.is_pending else amendment.base_text, "")
        elif amendment.kind == Amendment.Kind.ADD:
            ops = diff_words("", amendment.text)
        elif amendment.is_pending:
            ops = diff_words(current, amendment.text)
        else:
            ops = diff_words(amendment.base_text, amendment.text)
        findings = []
        if amendment.is_pending and amendment.text and amendment.kind != Amendment.Kind.STRIKE:
            kind = node.kind if node else "operative"
            findings = [
                f
                for f in clause_engine.lint(
                    [clause_engine.Clause(kind, amendment.text)],
                    organ=organ,
                    organ_name=organ_name,
                    complete=False,
                )
                if f.code in AMENDMENT_LINT_CODES
            ]
        view = AmendmentView(
            amendment=amendment,
            ops=ops,
            signatures=sorted(
                s.delegation.country.name
                for s in supports
                if s.role == AmendmentSupport.Role.SIGNATURE
            ),
            acceptances=sorted(sponsor_names.get(i, "") for i in accepted_ids),
            check=voting.check_amendment_support(
                rules, members=members, signatures=len(signed_ids)
            ),
            waiting_for=sorted(n for i, n in sponsor_names.items() if i not in accepted_ids),
            signed=mine in signed_ids,
            accepted=mine in accepted_ids,
            own=mine == amendment.delegation_id,
            is_sponsor=mine in sponsor_names,
            my_draft=conflicted.get(amendment.block_id, ""),
            findings=findings,
        )
        views.append(view)
    return views


def _open_vote_context(resolution, amendments):
    """The vote open on this draft or one of its amendments, if any (one query)."""
    motion_ids = [a.amendment.motion_id for a in amendments if a.amendment.motion_id]
    if resolution.motion_id:
        motion_ids.append(resolution.motion_id)
    if not motion_ids:
        return {}
    vote = Vote.objects.open().filter(motion_id__in=motion_ids).select_related("motion").first()
    return {"open_vote": vote} if vote else {}


def resolution_context(committee, role, resolution, *, user) -> dict:
    clauses = list(resolution.clauses.all())
    top = clause_tree(clauses)
    organ, organ_name = organ_for(committee)
    findings = lint_tree(top, organ=organ, organ_name=organ_name)
    node_by_clause: dict[int, ClauseNode] = {n.clause.pk: n for root in top for n in root.walk()}
    members = member_count(committee)
    support = support_for(resolution, members=members)
    amendments = _amendment_views(resolution, role, node_by_clause, support, members, user)
    by_clause = defaultdict(list)
    added = []
    decided = []
    view_by_id = {view.amendment.pk: view for view in amendments}
    for view in amendments:
        parent = view_by_id.get(view.amendment.amends_id)
        if parent is not None and view.amendment.is_pending:
            parent.subs.append(view)
        elif not view.amendment.is_pending:
            decided.append(view)
        elif view.amendment.kind == Amendment.Kind.ADD:
            added.append(view)
        elif view.amendment.clause_id in node_by_clause:
            by_clause[view.amendment.clause_id].append(view)
    for pk, node in node_by_clause.items():
        node.extra["amendments"] = by_clause.get(pk, [])
    mine = support.delegation_ids.get(role.delegation.pk) if role.delegation else None
    sponsor_ids = {s.delegation_id for s in support.sponsors}
    amendable_kinds = rules_for(committee).amendable_clauses
    context = {
        "committee": committee,
        "role": role,
        "resolution": resolution,
        "top": top,
        "subject": subject_for(committee),
        "findings": findings,
        "finding_counts": _counts(findings),
        "support": support,
        "my_support": mine,
        "is_sponsor": mine == Sponsorship.Role.SPONSOR,
        "can_draft": resolution.is_editable
        and (role.is_admin or (role.delegation is not None and role.delegation.pk in sponsor_ids)),
        "added_amendments": added,
        "decided_amendments": decided,
        "pending_count": sum(1 for a in amendments if a.amendment.is_pending),
        "amendable_kinds": {str(k) for k in amendable_kinds},
        "second_degree": rules_for(committee).second_degree_amendments,
    }
    context.update(_open_vote_context(resolution, amendments))
    # Merges proposed or done (positions.services.merges): a fixed number of queries.
    context.update(merge_context(resolution))
    return context


def _counts(findings) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "advice": 0}
    for finding in findings:
        counts[str(finding.severity)] += 1
    return counts


def drafting_context(committee, role, resolution, *, user) -> dict:
    context = resolution_context(committee, role, resolution, user=user)
    blocks = blocks_for(resolution)
    conflicts = conflicts_for(resolution, user)
    preamble = 0
    for root in context["top"]:
        if root.kind == clause_engine.PREAMBULATORY:
            preamble += 1
        for node in root.walk():
            # How buttons and announcements name the clause ("Move clause 2 a) up").
            node.extra["where"] = where(node, preamble)
            block = blocks.get(node.clause.pk)
            node.extra["base_revision"] = block.current_revision_id if block else ""
            draft = conflicts.get(node.clause.pk)
            if draft is not None:
                # Nothing typed is lost: the person's text waits here until they choose.
                node.extra["conflict"] = {
                    "mine": draft.text,
                    "ops": diff_words(node.clause.text, draft.text),
                }
    context["max_depth"] = 3
    return context


def where(node: ClauseNode, preamble_index: int = 0) -> str:
    """A clause named as a person would say it: "clause 2 a)", "preambulatory paragraph 3"."""
    if node.label:
        return gettext("clause %(label)s") % {"label": node.label}
    if preamble_index:
        return gettext("preambulatory paragraph %(index)s") % {"index": preamble_index}
    return gettext("preamble")


def subject_for(committee) -> str:
    name = committee.name.strip()
    if not name.lower().startswith("the "):
        name = f"The {name}"
    return f"{name},"


def export_data(resolution) -> resolution_docx.ExportResolution:
    committee = resolution.committee
    top = clause_tree(list(resolution.clauses.all()))
    support = support_for(resolution)

    def convert(node: ClauseNode) -> resolution_docx.ExportClause:
        opening, rest = node.opening()
        return resolution_docx.ExportClause(
            kind=node.kind,
            number=node.number,
            opening=opening,
            rest=rest,
            children=tuple(convert(c) for c in node.children),
        )

    decided = resolution.decided_at or resolution.approved_at or resolution.created_at
    return resolution_docx.ExportResolution(
        symbol=resolution.symbol,
        title=resolution.title,
        committee_name=committee.name,
        subject=subject_for(committee),
        topic=committee.topic,
        status=resolution.get_status_display(),
        sponsors=tuple(s.delegation.country.name for s in support.sponsors),
        signatories=tuple(s.delegation.country.name for s in support.signatories),
        clauses=tuple(convert(n) for n in top),
        date=timezone.localtime(decided).strftime("%-d %B %Y"),
    )


def plain_text(resolution) -> str:
    """The draft as plain text, for the projector."""
    data = export_data(resolution)
    lines = [data.subject, ""]

    def walk(clause, depth):
        prefix = "    " * depth + (
            f"{clause.number}{'.' if depth == 0 else ''} " if clause.number else ""
        )
        lines.append(f"{prefix}{clause.opening}{clause.rest}")
        for child in clause.children:
            walk(child, depth + 1)

    for clause in data.clauses:
        walk(clause, 0)
    return "\n".join(lines)


def sponsor_ids(resolution) -> set[int]:
    return set(
        Sponsorship.objects.filter(
            resolution=resolution, role=Sponsorship.Role.SPONSOR
        ).values_list("delegation_id", flat=True)
    )


def blocks_for(resolution: DraftResolution) -> dict[int, Block]:
    """Blocks of all clauses of a draft, by clause id (one query)."""
    return {
        link.clause_id: link.block
        for link in ClauseBlock.objects.filter(clause__resolution=resolution).select_related(
            "block"
        )
    }


def conflicts_for(resolution: DraftResolution, user) -> dict[int, Draft]:
    """This person's conflicted drafts of the draft's clauses, by clause id (one query)."""
    rows = Draft.objects.filter(
        block__clause_link__clause__resolution=resolution, user=user, is_conflict=True
    ).select_related("block__clause_link", "conflict_revision")
    return {row.block.clause_link.clause_id: row for row in rows}


def chair_queue(committee: Committee) -> dict:
    """Drafts and amendments waiting for the chair's step, for the chair's dashboard (3 queries
    plus the rules, whatever the number of drafts and amendments)."""
    waiting = list(
        DraftResolution.objects.filter(
            committee=committee,
            status__in=[
                DraftResolution.Status.SUBMITTED,
                DraftResolution.Status.APPROVED,
                DraftResolution.Status.INTRODUCED,
            ],
        ).order_by("number", "created_at")
    )
    rules = rules_for(committee)
    members = member_count(committee)
    amendments = []
    for amendment in (
        Amendment.objects.filter(
            resolution__committee=committee,
            status__in=[Amendment.Status.PROPOSED, Amendment.Status.ACCEPTED],
        )
        .select_related("delegation__country", "resolution")
        .prefetch_related("supports")
        .order_by("created_at")
    ):
        signatures = sum(
            1 for s in amendment.supports.all() if s.role == AmendmentSupport.Role.SIGNATURE
        )
        if amendment.status == Amendment.Status.ACCEPTED:
            amendments.append((amendment, "All sponsors accepted it: confirm it as friendly."))
        elif not amendment.friendly and not amendment.stale:
            check = voting.check_amendment_support(rules, members=members, signatures=signatures)
            if check.ok:
                amendments.append((amendment, "Enough signatures: approve it for debate."))
    return {"drafts": waiting, "amendments": amendments}


# What the chair must see before approving a draft or putting it to the vote: the checker's
# errors (format, competence) and every clause-order problem.
DECISION_CHECK_CODES = {"order"}


def decision_checks(resolution: DraftResolution) -> list[clause_engine.Finding]:
    """The errors and clause-order problems of a draft, in document order (two queries)."""
    committee = resolution.committee
    top = clause_tree(list(resolution.clauses.all()))
    organ, organ_name = organ_for(committee)
    findings = lint_tree(top, organ=organ, organ_name=organ_name)
    return [
        f
        for f in findings
        if f.severity == clause_engine.Severity.ERROR or f.code in DECISION_CHECK_CODES
    ]
