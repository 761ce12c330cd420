"""Draft resolutions for tests, made through the real services."""

from committees.services import procedure
from positions.services import resolutions as drafts
from tests import factories


def introduced_draft(committee, *, sponsor="MEX", clauses=None, signatories=("USA", "CHN")):
    """A draft sponsored by ``sponsor``, signed, approved and introduced: open to amendments."""
    resolution = drafts.create_draft(
        committee=committee,
        title="Countering AI-enabled border evasion and drug trafficking",
        sponsor=factories.delegation(committee, sponsor),
        by=None,
    )
    for kind, text in clauses or DEFAULT_CLAUSES:
        drafts.add_clause(resolution=resolution, kind=kind, text=text)
    for iso3 in signatories:
        drafts.support(
            resolution=resolution,
            delegation=factories.delegation(committee, iso3),
            role="signatory",
            by=None,
        )
    drafts.submit(resolution=resolution)
    drafts.approve(resolution=resolution)
    return drafts.introduce(resolution=resolution)


DEFAULT_CLAUSES = [
    ("preambulatory", "Alarmed by the use of artificial intelligence to plan smuggling routes,"),
    (
        "operative",
        "Calls upon Member States to share information on drones used by criminal groups;",
    ),
    ("operative", "Requests the Office to report on the implementation of this resolution."),
]


def roll_everyone_present(committee, chair):
    session = procedure.open_session(committee=committee, by=chair)
    for delegation in committee.delegations.all():
        procedure.record_attendance(
            session=session, delegation=delegation, attendance="present", by=chair
        )
    return session
