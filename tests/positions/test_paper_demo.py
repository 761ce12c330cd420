"""The demo shows three partly written papers with a short history by their two delegates."""

import io

import pytest

from committees.demo import people as demo
from positions.demo import papers as paper_demo
from positions.models import Draft, Paper, Revision

pytestmark = pytest.mark.django_db


def test_demo_papers_load_once():
    demo.load(stdout=io.StringIO())
    paper_demo.load(stdout=io.StringIO())
    papers = Paper.objects.filter(committee__slug="unodc").select_related("delegation__country")
    assert sorted(p.delegation.country.iso3 for p in papers) == ["CHN", "MEX", "USA"]
    mexico = papers.get(delegation__country__iso3="MEX")
    authors = set(
        Revision.objects.filter(block__document=mexico.document).values_list(
            "author__username", flat=True
        )
    )
    assert authors == {"mx1", "mx2"}
    assert Revision.objects.filter(kind=Revision.Kind.MERGE).count() == 2
    assert "severely affected" in mexico.document.blocks.get(key="background").text
    assert not Draft.objects.exists()
    counts = (Paper.objects.count(), Revision.objects.count())
    paper_demo.load(stdout=io.StringIO())
    assert counts == (Paper.objects.count(), Revision.objects.count())


def test_demo_papers_without_the_committee_are_skipped(db):
    out = io.StringIO()
    paper_demo.load(stdout=out)
    assert "skipped" in out.getvalue()
    assert not Paper.objects.exists()
