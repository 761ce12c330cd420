import io

import pytest

from committees.demo import guides as demo_guides
from committees.models import Guide, GuideSection


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_demo_guide_loads_once(committee):
    out = io.StringIO()
    demo_guides.load(stdout=out)
    guide = Guide.objects.get(committee=committee)
    first_id, sections = guide.pk, GuideSection.objects.count()
    assert "imported “UNODC Committee Guide” (15 sections, 10 links, 1 table)" in out.getvalue()
    demo_guides.load(stdout=out)
    assert Guide.objects.get().pk == first_id
    assert GuideSection.objects.count() == sections
    assert "already imported" in out.getvalue()


def test_demo_guide_without_committee_is_skipped(db):
    out = io.StringIO()
    demo_guides.load(stdout=out)
    assert not Guide.objects.exists()
    assert "skipped" in out.getvalue()
