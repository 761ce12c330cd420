"""The demo shows a session in progress and a closed vote that explains itself."""

import io

import pytest

from committees.demo import people as demo
from committees.demo import procedure as demo_procedure
from committees.models import Ballot, Committee, Motion, RollCallEntry, Vote
from committees.services import procedure as proc

pytestmark = pytest.mark.django_db


def test_demo_procedure_loads_once():
    demo.load(stdout=io.StringIO())
    demo_procedure.load(stdout=io.StringIO())
    committee = Committee.objects.get(slug="unodc")
    session = proc.current_session(committee)
    assert session is not None
    assert RollCallEntry.objects.filter(session=session).count() == committee.delegations.count()
    vote = Vote.objects.get(committee=committee)
    assert vote.status == Vote.Status.CLOSED
    assert vote.explanation.startswith("passes: 9 yes, 3 no — more yes than no")
    counts = (Motion.objects.count(), Vote.objects.count(), Ballot.objects.count())
    out = io.StringIO()
    demo_procedure.load(stdout=out)
    assert "already loaded" in out.getvalue()
    assert counts == (Motion.objects.count(), Vote.objects.count(), Ballot.objects.count())
