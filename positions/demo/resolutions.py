"""Demo draft resolution for the UNODC committee: sponsored by Mexico, signed by others,
approved and introduced, with one amendment adopted by an electronic vote (a closed vote with
its explanation) and two amendments still pending (one friendly, one unfriendly).

Runs after the procedure demo (it needs the open session and its roll call). Idempotent: a
second run changes nothing.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from committees.models import Committee, Vote
from committees.services import procedure as proc
from positions.models import DraftResolution
from positions.services import amendments
from positions.services import resolutions as drafts

TITLE = (
    "Countering the use of artificial intelligence by non-state actors for border evasion "
    "and drug trafficking"
)

PREAMBLE = [
    "Recalling the United Nations Convention against Transnational Organized Crime and the "
    "three international drug control conventions,",
    "Alarmed by the use of artificial intelligence by drug cartels and smuggling networks to "
    "map surveillance gaps, plan routes and evade border controls,",
    "Recognizing that autonomous drones, encrypted messaging and AI-generated identity "
    "documents allow non-state actors to move drugs and people across borders undetected,",
    "Bearing in mind that any response must respect human rights, privacy and the sovereignty "
    "of Member States,",
]
OPERATIVE = [
    (
        "Calls upon Member States to establish national focal points for sharing information "
        "on AI-enabled smuggling methods, including drone routes and synthetic identity "
        "documents;",
        [],
    ),
    (
        "Encourages Member States to equip border and customs authorities with tools that "
        "detect autonomous drones and AI-generated documents, with the technical assistance "
        "of the Office:",
        [
            "by training customs and border officers to recognize AI-assisted concealment methods;",
            "by sharing non-personal risk indicators through secure regional platforms;",
        ],
    ),
    (
        "Requests the United Nations Office on Drugs and Crime to develop, within existing "
        "resources, a model legislative guide on the criminal misuse of artificial "
        "intelligence by non-state actors;",
        [],
    ),
    (
        "Invites technology companies to cooperate with law enforcement in identifying tools "
        "designed for trafficking, in line with national law and human rights obligations.",
        [],
    ),
]
SIGNATORIES = ["USA", "COL", "FRA", "GBR", "NGA"]
VOTED_BALLOTS = {
    "USA": "yes",
    "MEX": "yes",
    "COL": "yes",
    "FRA": "yes",
    "GBR": "yes",
    "NGA": "yes",
    "DEU": "yes",
    "THA": "yes",
    "CHN": "no",
    "IND": "abstain",
    "BRA": "abstain",
}


@transaction.atomic
def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug="unodc").first()
    if committee is None:
        stdout.write("Demo resolution skipped: no UNODC committee.")
        return
    if DraftResolution.objects.filter(committee=committee, title=TITLE).exists():
        stdout.write("Demo resolution already loaded.")
        return
    users = get_user_model().objects.in_bulk(["chair", "mx1", "us1", "cn1"], field_name="username")
    chair = users.get("chair")
    delegations = {d.country.iso3: d for d in committee.delegations.select_related("country")}

    resolution = drafts.create_draft(
        committee=committee, title=TITLE, sponsor=delegations["MEX"], by=users.get("mx1")
    )
    for text in PREAMBLE:
        drafts.add_clause(resolution=resolution, kind="preambulatory", text=text)
    clauses = []
    for text, subs in OPERATIVE:
        clause = drafts.add_clause(resolution=resolution, kind="operative", text=text)
        for sub in subs:
            drafts.add_clause(resolution=resolution, kind="operative", text=sub, parent=clause)
        clauses.append(clause)
    for iso3 in SIGNATORIES:
        if iso3 in delegations:
            drafts.support(
                resolution=resolution, delegation=delegations[iso3], role="signatory", by=None
            )
    drafts.submit(resolution=resolution)
    drafts.approve(resolution=resolution)
    drafts.introduce(resolution=resolution)

    # Colombia's amendment went to an electronic vote and was adopted.
    voted = amendments.propose(
        resolution=resolution,
        delegation=delegations["COL"],
        kind="modify",
        clause=clauses[2],
        text=clauses[2].text.replace(
            "non-state actors;",
            "non-state actors, and to report on it to the Commission at its next session;",
        ),
        friendly=False,
        by=None,
    )
    for iso3 in ("FRA", "NGA"):
        amendments.sign(amendment=voted, delegation=delegations[iso3], by=None)
    voted = amendments.approve_for_debate(amendment=voted, by=chair)
    if proc.current_session(committee) is None:
        session = proc.open_session(committee=committee, by=chair)
        for delegation in delegations.values():
            proc.record_attendance(
                session=session, delegation=delegation, attendance="present", by=chair
            )
    vote = proc.open_vote(motion=voted.motion, method=Vote.Method.ELECTRONIC, by=chair)
    for iso3, choice in VOTED_BALLOTS.items():
        voter = vote.voter(delegations[iso3].pk) if iso3 in delegations else None
        if voter is not None:
            proc.cast_ballot(vote=vote, delegation=delegations[iso3], choice=choice, by=None)
    vote = proc.close_vote(vote=vote, by=chair)

    # Pending: an unfriendly amendment by the United States with a signature...
    pending = amendments.propose(
        resolution=resolution,
        delegation=delegations["USA"],
        kind="modify",
        clause=clauses[0],
        text=clauses[0].text.replace(
            "Calls upon Member States to establish",
            "Calls upon Member States to establish, within twelve months,",
        ),
        friendly=False,
        by=users.get("us1"),
    )
    amendments.sign(amendment=pending, delegation=delegations["GBR"], by=None)
    # ...and a friendly one by China, waiting for Mexico (the sponsor) to accept it.
    amendments.propose(
        resolution=resolution,
        delegation=delegations["CHN"],
        kind="modify",
        clause=clauses[3],
        text=clauses[3].text.replace(
            "in line with national law and human rights obligations.",
            "in line with national law, the sovereignty of Member States and human rights "
            "obligations.",
        ),
        friendly=True,
        by=users.get("cn1"),
    )
    resolution.refresh_from_db()
    stdout.write(
        f"Demo resolution {resolution.symbol}: {len(PREAMBLE)} preambulatory and "
        f"{len(OPERATIVE)} operative clauses, 2 pending amendments; amendment vote "
        f"{vote.explanation}."
    )
