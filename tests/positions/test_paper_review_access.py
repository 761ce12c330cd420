"""Access matrix of paper submission, review and export: every URL × every role."""

import pytest
from django.urls import reverse

from positions.services import review
from tests.conftest import ROLES
from tests.positions.paper_helpers import paper_of, write

LOGIN = 302

# Own delegation (delegate), chairs and the secretariat see the paper; the other delegation and
# the other committee's chair get 404 (the paper's existence is not revealed).
GET_MATRIX = [
    ("positions:review_overview", False, (LOGIN, 403, 403, 200, 404, 200)),
    ("positions:review_paper", True, (LOGIN, 403, 404, 200, 404, 200)),
    ("positions:paper_submission", True, (LOGIN, 200, 404, 200, 404, 200)),
    ("positions:paper_checks", True, (LOGIN, 200, 404, 200, 404, 200)),
    ("positions:paper_docx", True, (LOGIN, 200, 404, 200, 404, 200)),
    ("positions:paper_print", True, (LOGIN, 200, 404, 200, 404, 200)),
    ("positions:paper_research", False, (LOGIN, 200, 200, 200, 404, 200)),
]


@pytest.fixture
def submitted_paper(
    committee, other_committee, delegate, other_delegate, chair, other_chair, admin_user
):
    paper = paper_of(committee, "USA")
    write(paper, delegate, {"Background": "United States background, secret until released."})
    review.submit_paper(paper=paper, user=delegate)
    review.save_review(paper=paper, reviewer=chair, scores={"research": "9"}, comment="Chair note")
    return paper


@pytest.mark.parametrize("name,with_paper,expected", GET_MATRIX, ids=[m[0] for m in GET_MATRIX])
@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_get_matrix(role_client, submitted_paper, name, with_paper, expected, role_index, role):
    args = ["unodc", submitted_paper.pk] if with_paper else ["unodc"]
    response = role_client(role).get(reverse(name, args=args), {"q": "border"})
    assert response.status_code == expected[role_index], (role, name)
    if response.status_code == LOGIN:
        assert response["Location"].startswith(reverse("login"))
    if response.status_code == 404:
        assert b"secret until released" not in response.content


def test_unreleased_feedback_is_hidden_from_the_own_delegation(role_client, submitted_paper):
    page = role_client("delegate").get(
        reverse("positions:paper_submission", args=["unodc", submitted_paper.pk])
    )
    assert b"Chair note" not in page.content
    assert (
        b"Chair note"
        in role_client("chair")
        .get(reverse("positions:paper_submission", args=["unodc", submitted_paper.pk]))
        .content
    )


def test_a_paper_id_from_another_committee_is_404_even_for_its_chair(
    role_client, committee, other_committee, other_chair
):
    foreign = paper_of(other_committee, "GBR")
    url = reverse("positions:paper_print", args=["unodc", foreign.pk])
    assert role_client("admin").get(url).status_code == 404


POST_MATRIX = [
    # url name, data, expected per role, does the action happen for that role
    ("positions:submit_paper", {}, (LOGIN, 302, 404, 403, 404, 403)),
    ("positions:review_decision", {"action": "request_changes"}, (LOGIN, 403, 404, 302, 404, 302)),
    ("positions:review_paper", {"research": "1"}, (LOGIN, 403, 404, 302, 404, 302)),
]


@pytest.mark.parametrize("name,data,expected", POST_MATRIX, ids=[m[0] for m in POST_MATRIX])
@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_post_matrix(
    role_client,
    committee,
    other_committee,
    delegate,
    other_delegate,
    chair,
    other_chair,
    admin_user,
    name,
    data,
    expected,
    role_index,
    role,
):
    paper = paper_of(committee, "USA")
    write(paper, delegate, {"Background": "Text."})
    if name != "positions:submit_paper":
        review.submit_paper(paper=paper, user=delegate)
    before = paper.status if name == "positions:submit_paper" else "submitted"
    response = role_client(role).post(reverse(name, args=["unodc", paper.pk]), data)
    assert response.status_code == expected[role_index], (role, name)
    paper.refresh_from_db()
    if expected[role_index] != 302 or role == "anonymous":
        assert paper.status == before  # refused: nothing changed


@pytest.mark.parametrize(
    "role,expected",
    list(zip(ROLES, (LOGIN, 403, 403, 302, 404, 302), strict=True)),
)
def test_settings_post_matrix(
    role_client,
    committee,
    other_committee,
    delegate,
    other_delegate,
    chair,
    other_chair,
    admin_user,
    role,
    expected,
):
    from positions.models import PaperSettings

    url = reverse("positions:review_settings", args=["unodc"])
    data = {"grace_minutes": "45", "word_limit": "900", "rubric": "Research | 10"}
    response = role_client(role).post(url, data)
    assert response.status_code == expected
    changed = PaperSettings.objects.filter(committee=committee, grace_minutes=45).exists()
    assert changed == (role in ("chair", "admin"))
