"""Position papers on the secretariat's conference overview: submitted and late, per committee."""

from datetime import timedelta

from django.utils import timezone

from positions.models import PaperSettings
from positions.services import review
from tests import factories
from tests.positions.paper_helpers import paper_of, write


def test_overview_counts_papers_submitted_and_late(
    client, admin_user, committee, delegate, other_delegate
):
    usa = paper_of(committee, "USA")
    write(usa, delegate, {"Background": "The United States funds border technology."})
    review.submit_paper(paper=usa, user=delegate)
    PaperSettings.objects.filter(committee=committee).update(
        deadline=timezone.now() - timedelta(hours=1)
    )
    mex = paper_of(committee, "MEX")
    write(mex, other_delegate, {"Background": "Mexico shares intelligence on cartels."})
    review.submit_paper(paper=mex, user=other_delegate)
    paper_of(committee, "CHN")  # started, never handed in
    client.force_login(admin_user)
    body = client.get("/secretariat/").content.decode()
    assert "2 submitted, " in body and '<span class="pill pill--bad">1 late</span>' in body


def test_paper_figures_take_the_same_queries_for_more_committees(
    client, admin_user, django_assert_max_num_queries
):
    def committee_with_paper(n):
        committee = factories.make_committee(f"k{n}", countries=("USA", "MEX"))
        user = factories.make_user()
        factories.seat_delegate(user, committee, "USA")
        paper = paper_of(committee, "USA")
        write(paper, user, {"Background": "Text."})
        review.submit_paper(paper=paper, user=user)

    committee_with_paper(1)
    client.force_login(admin_user)
    with django_assert_max_num_queries(14) as few:
        client.get("/secretariat/")
    for n in range(2, 5):
        committee_with_paper(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/secretariat/").content.decode()
    # Once in the table, once in the phone's card list.
    assert body.count("1 submitted") == 8
