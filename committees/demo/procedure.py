"""Demo procedure for the UNODC committee: an open session with the roll taken, and one
closed procedural vote whose result explains itself. Idempotent: a second run changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import Committee, Motion, Vote
from committees.services import procedure as proc

ABSENT = {"PAK"}
PRESENT_AND_VOTING = {"MEX"}
CAUCUS = (
    "Motion for a moderated caucus of 15 minutes, 60 seconds per speaker, on AI-generated "
    "identity documents at land borders"
)
BALLOTS = {
    "USA": "yes",
    "MEX": "yes",
    "COL": "yes",
    "FRA": "yes",
    "GBR": "yes",
    "NGA": "yes",
    "THA": "yes",
    "DEU": "yes",
    "VAT": "yes",  # observers vote on procedural motions
    "CHN": "no",
    "IND": "no",
    "BRA": "no",
}


@transaction.atomic
def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug="unodc").first()
    if committee is None:
        stdout.write("Demo procedure skipped: no UNODC committee.")
        return
    if Motion.objects.filter(committee=committee, title=CAUCUS).exists():
        stdout.write("Demo procedure already loaded.")
        return
    chair = get_user_model().objects.filter(username="chair").first()
    session = proc.current_session(committee) or proc.open_session(committee=committee, by=chair)
    delegations = {d.country.iso3: d for d in committee.delegations.select_related("country")}
    for iso3, delegation in delegations.items():
        attendance = (
            "absent"
            if iso3 in ABSENT
            else "present_and_voting"
            if iso3 in PRESENT_AND_VOTING
            else "present"
        )
        proc.record_attendance(
            session=session, delegation=delegation, attendance=attendance, by=chair
        )
    motion = proc.create_motion(
        committee=committee,
        kind="procedural",
        title=CAUCUS,
        text="Proposed by Mexico. Total time 15 minutes; speaking time 60 seconds.",
        proposed_by=delegations.get("MEX"),
        by=chair,
    )
    vote = proc.open_vote(motion=motion, method=Vote.Method.ELECTRONIC, by=chair)
    for iso3, choice in BALLOTS.items():
        if iso3 in delegations and vote.voter(delegations[iso3].pk) is not None:
            proc.cast_ballot(vote=vote, delegation=delegations[iso3], choice=choice, by=None)
    vote = proc.close_vote(vote=vote, by=chair)
    stdout.write(
        f"Demo procedure: session {session.number} open; caucus motion {vote.explanation}."
    )
