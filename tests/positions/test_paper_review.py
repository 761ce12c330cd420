"""Submission and review of position papers, as delegates and chairs live them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from positions.engines.paper_checks import PaperState
from positions.models import Paper, PaperSettings, PaperSubmission
from positions.selectors.papers import committee_overview, paper_sections
from positions.services import review
from tests import factories
from tests.positions.paper_helpers import paper_of, write

TEXT = {
    "Background": "Cartels use **AI** route planning. See [UNODC report](https://unodc.org/r).",
    "Country policy": "The United States funds border technology.",
}


@pytest.fixture
def usa_paper(committee, delegate):
    paper = paper_of(committee, "USA")
    write(paper, delegate, TEXT)
    return paper


def test_submit_freezes_a_snapshot_that_later_edits_do_not_change(usa_paper, delegate, chair):
    submission = review.submit_paper(paper=usa_paper, user=delegate)
    usa_paper.refresh_from_db()
    assert usa_paper.status == "submitted"
    assert submission.number == 1
    assert submission.total_words == 14
    assert {s["title"]: s["text"] for s in submission.sections}["Background"] == TEXT["Background"]
    review.request_changes(paper=usa_paper, reviewer=chair)
    write(usa_paper, delegate, {"Background": "Rewritten after feedback."})
    submission.refresh_from_db()
    assert {s["title"]: s["text"] for s in submission.sections}["Background"] == TEXT["Background"]
    second = review.submit_paper(paper=usa_paper, user=delegate)
    assert second.number == 2
    assert {s["title"]: s["text"] for s in second.sections}["Background"] == (
        "Rewritten after feedback."
    )


def test_nobody_edits_a_submitted_or_accepted_paper(usa_paper, delegate, chair):
    review.submit_paper(paper=usa_paper, user=delegate)
    usa_paper.refresh_from_db()
    with pytest.raises(review.PaperLocked, match="submitted and is waiting for the chair"):
        review.ensure_editable(usa_paper)
    with pytest.raises(review.ReviewError, match="already submitted"):
        review.submit_paper(paper=usa_paper, user=delegate)
    review.accept_paper(paper=usa_paper, reviewer=chair)
    usa_paper.refresh_from_db()
    with pytest.raises(review.PaperLocked, match="accepted by the chair"):
        review.ensure_editable(usa_paper)


def test_empty_and_over_limit_papers_are_refused_with_nothing_changed(committee, delegate):
    paper = paper_of(committee, "USA")
    with pytest.raises(review.ReviewError, match="The paper is empty"):
        review.submit_paper(paper=paper, user=delegate)
    PaperSettings.objects.filter(committee=committee).update(word_limit=50)
    write(paper, delegate, {"Background": "word " * 60})
    with pytest.raises(review.ReviewError, match="60 words, more than the committee's limit of 50"):
        review.submit_paper(paper=paper, user=delegate)
    paper.refresh_from_db()
    assert paper.status == "draft" and not PaperSubmission.objects.exists()


def test_submission_after_deadline_plus_grace_is_marked_late(usa_paper, committee, delegate):
    now = timezone.now()
    PaperSettings.objects.filter(committee=committee).update(
        deadline=now - timedelta(minutes=20), grace_minutes=30
    )
    assert not review.submit_paper(paper=usa_paper, user=delegate, now=now).late
    second = paper_of(committee, "MEX")
    mx = factories.make_user("mx")
    factories.seat_delegate(mx, committee, "MEX")
    write(second, mx, {"Background": "Mexico text."})
    assert review.submit_paper(paper=second, user=mx, now=now + timedelta(minutes=11)).late


def test_scores_are_checked_against_the_rubric(usa_paper, delegate, chair):
    review.submit_paper(paper=usa_paper, user=delegate)
    with pytest.raises(review.ReviewError, match="Research: give between 0 and 10 points"):
        review.save_review(paper=usa_paper, reviewer=chair, scores={"research": "12"}, comment="")
    saved = review.save_review(
        paper=usa_paper, reviewer=chair, scores={"research": "8", "writing": "7"}, comment=" Good. "
    )
    assert saved.total_score == 15 and saved.comment == "Good." and not saved.is_released


def test_release_needs_a_score_or_comment(usa_paper, delegate, chair):
    review.submit_paper(paper=usa_paper, user=delegate)
    with pytest.raises(review.ReviewError, match="before releasing"):
        review.set_feedback_released(paper=usa_paper, released=True)


def test_rubric_is_editable_per_committee_and_bad_text_changes_nothing(committee):
    review.update_paper_settings(
        committee=committee,
        deadline=None,
        grace_minutes=10,
        word_limit=800,
        rubric_text="Research | 20\nSpeaking | 5",
    )
    stored = PaperSettings.objects.get(committee=committee)
    assert [(c["key"], c["max"]) for c in stored.rubric] == [("research", 20), ("speaking", 5)]
    with pytest.raises(review.ReviewError, match="not a whole number"):
        review.update_paper_settings(
            committee=committee,
            deadline=None,
            grace_minutes=0,
            word_limit=None,
            rubric_text="X | y",
        )
    stored.refresh_from_db()
    assert stored.word_limit == 800 and len(stored.rubric) == 2
    review.update_paper_settings(
        committee=committee, deadline=None, grace_minutes=0, word_limit=None, rubric_text="X | 5"
    )
    stored.refresh_from_db()
    assert stored.word_limit == 0  # no limit


def test_overview_shows_every_state(committee, delegate, other_delegate, chair):
    usa = paper_of(committee, "USA")
    write(usa, delegate, TEXT)
    review.submit_paper(paper=usa, user=delegate)
    mex = paper_of(committee, "MEX")
    write(mex, other_delegate, {"Background": "Draft text."})
    paper_of(committee, "CHN")  # opened, nothing written
    states = {row.delegation.country.iso3: row.state for row in committee_overview(committee).rows}
    assert states == {
        "USA": PaperState.SUBMITTED,
        "MEX": PaperState.DRAFT,
        "CHN": PaperState.NOT_STARTED,
        "FRA": PaperState.NOT_STARTED,
    }
    findings = {
        row.delegation.country.iso3: row.findings for row in committee_overview(committee).rows
    }
    assert "The paper cites no sources." in findings["MEX"][-1].message
    assert "“Country policy” is empty." in [f.message for f in findings["MEX"]]
    assert findings["CHN"] == []  # nothing written yet: no point listing every empty section
    PaperSettings.objects.filter(committee=committee).update(
        deadline=timezone.now() - timedelta(hours=1), grace_minutes=0
    )
    overview = committee_overview(committee)
    states = {row.delegation.country.iso3: row.state for row in overview.rows}
    assert states["MEX"] is PaperState.LATE and states["FRA"] is PaperState.LATE
    assert states["USA"] is PaperState.SUBMITTED
    assert {row.delegation.country.iso3: row.words for row in overview.rows}["USA"] == 14


# --- views -------------------------------------------------------------------------------


def test_chair_reviews_and_releases_and_the_delegate_then_sees_the_feedback(
    usa_paper, delegate, chair, role_client
):
    review.submit_paper(paper=usa_paper, user=delegate)
    chair_client = role_client("chair")
    review_url = reverse("positions:review_paper", args=["unodc", usa_paper.pk])
    page = chair_client.get(review_url)
    assert b"Cartels use <strong>AI</strong> route planning" in page.content
    response = chair_client.post(
        review_url,
        {
            "research": "9",
            "country_policy": "8",
            "solutions": "",
            "writing": "7",
            "comment": "Cite more.",
        },
    )
    assert response.status_code == 302
    delegate_client = role_client("delegate")
    submission_url = reverse("positions:paper_submission", args=["unodc", usa_paper.pk])
    hidden = delegate_client.get(submission_url)
    assert b"Cite more." not in hidden.content and b"not released feedback yet" in hidden.content
    decision = reverse("positions:review_decision", args=["unodc", usa_paper.pk])
    chair_client.post(decision, {"action": "release"})
    shown = delegate_client.get(submission_url)
    assert b"Cite more." in shown.content and b"24 / 40" in shown.content


def test_bad_scores_get_a_clear_message_and_change_nothing(usa_paper, delegate, chair, role_client):
    review.submit_paper(paper=usa_paper, user=delegate)
    url = reverse("positions:review_paper", args=["unodc", usa_paper.pk])
    response = role_client("chair").post(url, {"research": "99", "comment": "x"})
    assert response.status_code == 422
    assert "Ensure this value is less than or equal to 10" in response.content.decode()
    assert PaperSubmission.objects.get().comment == ""


def test_request_changes_reopens_and_accept_locks(usa_paper, delegate, chair, role_client):
    review.submit_paper(paper=usa_paper, user=delegate)
    decision = reverse("positions:review_decision", args=["unodc", usa_paper.pk])
    role_client("chair").post(decision, {"action": "request_changes"})
    usa_paper.refresh_from_db()
    assert usa_paper.status == "changes_requested" and usa_paper.is_editable
    submit = reverse("positions:submit_paper", args=["unodc", usa_paper.pk])
    role_client("delegate").post(submit)
    role_client("chair").post(decision, {"action": "accept"})
    usa_paper.refresh_from_db()
    assert usa_paper.status == "accepted"
    assert usa_paper.submissions.count() == 2


def test_delegate_submits_from_the_checks_panel(usa_paper, role_client):
    client = role_client("delegate")
    panel = client.get(
        reverse("positions:paper_checks", args=["unodc", usa_paper.pk]),
        headers={"HX-Request": "true"},
    )
    body = panel.content.decode()
    assert 'id="paper-checks"' in body and "<html" not in body
    assert "14</strong> / 1500 words" in body
    assert "“Past international action” is empty." in body
    assert "UNODC report" in body  # the citation gathered for the bibliography
    response = client.post(reverse("positions:submit_paper", args=["unodc", usa_paper.pk]))
    assert response.status_code == 302
    usa_paper.refresh_from_db()
    assert usa_paper.status == "submitted"


def test_docx_download_opens_with_the_paper_text(usa_paper, role_client):
    import io

    from docx import Document

    response = role_client("delegate").get(
        reverse("positions:paper_docx", args=["unodc", usa_paper.pk])
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="position-paper-united-states-unodc.docx"'
    )
    document = Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert "Country: United States" in texts
    assert "Delegates: Emily Carter" in texts
    assert "The United States funds border technology." in texts
    assert "UNODC report. https://unodc.org/r" in texts  # gathered into the bibliography


def test_print_view_shows_the_header_and_sanitised_sections(usa_paper, delegate, role_client):
    write(usa_paper, delegate, {"Country policy": "<script>alert(1)</script> *firm*"})
    response = role_client("chair").get(
        reverse("positions:paper_print", args=["unodc", usa_paper.pk])
    )
    body = response.content.decode()
    assert "<dt>Country</dt><dd>United States</dd>" in body
    assert "&lt;script&gt;" in body and "<script>alert" not in body
    assert "<em>firm</em>" in body


def test_settings_form_saves_rules_and_rejects_bad_rubric(committee, chair, role_client):
    url = reverse("positions:review_settings", args=["unodc"])
    bad = role_client("chair").post(
        url, {"deadline": "", "grace_minutes": "5", "word_limit": "", "rubric": "Research ten"}
    )
    assert bad.status_code == 422 and "Label | max points" in bad.content.decode()
    good = role_client("chair").post(
        url,
        {
            "deadline": "2026-12-01T12:00",
            "grace_minutes": "15",
            "word_limit": "1200",
            "rubric": "Research | 10\nWriting | 5",
        },
    )
    assert good.status_code == 302
    stored = PaperSettings.objects.get(committee=committee)
    assert stored.grace_minutes == 15 and stored.word_limit == 1200 and len(stored.rubric) == 2


def test_overview_query_count_does_not_grow_with_papers(
    committee, chair, role_client, django_assert_max_num_queries
):
    client = role_client("chair")
    url = reverse("positions:review_overview", args=["unodc"])

    def add_papers(iso3s):
        for iso3 in iso3s:
            country = factories.Country.objects.get(iso3=iso3)
            delegation, _ = factories.Delegation.objects.get_or_create(
                committee=committee, country=country
            )
            user = factories.make_user(f"d_{iso3.lower()}")
            factories.DelegateSeat.objects.create(delegation=delegation, user=user)
            paper = paper_of(committee, iso3)
            write(
                paper, user, {"Background": f"Text of {iso3} with [a link](https://x.org/{iso3})."}
            )
            review.submit_paper(paper=paper, user=user)
            review.save_review(paper=paper, reviewer=chair, scores={"research": "5"}, comment="")

    add_papers(["USA", "MEX"])
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    add_papers(["CHN", "FRA", "DEU", "BRA", "IND", "JPN"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("pill--state-submitted") == 8


def test_paper_sections_read_the_current_text(usa_paper):
    assert dict(paper_sections(usa_paper))["Country policy"] == TEXT["Country policy"]
    assert Paper.objects.count() == 1


def test_saving_text_into_a_submitted_paper_is_refused_and_changes_nothing(
    usa_paper, delegate, role_client
):
    from django.db import transaction

    review.submit_paper(paper=usa_paper, user=delegate)
    block = usa_paper.document.blocks.get(title="Background")
    url = reverse("positions:save", args=["unodc", usa_paper.pk, block.pk])
    response = role_client("delegate").post(
        url, {"text": "Sneaky late edit", "base_revision_id": block.current_revision_id}
    )
    assert response.status_code == 403
    block.refresh_from_db()
    assert block.text == TEXT["Background"]
    # The lock the save path takes refuses too (it closes the gap between check and write).
    with pytest.raises(review.PaperLocked, match="can no longer be edited"), transaction.atomic():
        review.lock_editable(paper=usa_paper)


def test_a_reopened_paper_can_be_saved_again(usa_paper, delegate, chair, role_client):
    review.submit_paper(paper=usa_paper, user=delegate)
    review.request_changes(paper=usa_paper, reviewer=chair)
    block = usa_paper.document.blocks.get(title="Background")
    url = reverse("positions:save", args=["unodc", usa_paper.pk, block.pk])
    response = role_client("delegate").post(
        url, {"text": "Improved text.", "base_revision_id": block.current_revision_id}
    )
    assert response.status_code == 200 and response.json()["status"] == "saved"


@pytest.mark.parametrize(
    "name", ["positions:review_paper", "positions:paper_submission", "positions:paper_checks"]
)
def test_paper_pages_query_count_does_not_grow_with_submissions(
    name, usa_paper, delegate, chair, role_client, django_assert_max_num_queries
):
    client = role_client("chair")
    url = reverse(name, args=["unodc", usa_paper.pk])

    def resubmit():
        review.submit_paper(paper=usa_paper, user=delegate)
        review.save_review(paper=usa_paper, reviewer=chair, scores={"writing": "5"}, comment="ok")
        review.request_changes(paper=usa_paper, reviewer=chair)
        write(usa_paper, delegate, {"Background": f"Version {usa_paper.submissions.count()}."})

    resubmit()
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for _ in range(4):
        resubmit()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_reopened_paper_points_its_delegates_to_the_released_feedback(
    usa_paper, delegate, chair, role_client
):
    review.submit_paper(paper=usa_paper, user=delegate)
    review.save_review(paper=usa_paper, reviewer=chair, scores={}, comment="Add sources.")
    review.set_feedback_released(paper=usa_paper, released=True)
    review.request_changes(paper=usa_paper, reviewer=chair)
    panel = role_client("delegate").get(
        reverse("positions:paper_checks", args=["unodc", usa_paper.pk]),
        headers={"HX-Request": "true"},
    )
    body = panel.content.decode()
    assert "The chair’s feedback is available." in body
    assert "Submit paper…" in body  # and it can be submitted again


def test_chair_notes_on_single_sections_reach_the_delegates_once_released(
    usa_paper, delegate, chair, role_client
):
    review.submit_paper(paper=usa_paper, user=delegate)
    titles = [item["title"] for item in PaperSubmission.objects.get().sections]
    note_field = f"note_{titles.index('Country policy')}"
    url = reverse("positions:review_paper", args=["unodc", usa_paper.pk])
    response = role_client("chair").post(
        url, {"comment": "", note_field: "Name the agencies that fund it."}
    )
    assert response.status_code == 302
    assert PaperSubmission.objects.get().section_comments == {
        "Country policy": "Name the agencies that fund it."
    }
    submission_url = reverse("positions:paper_submission", args=["unodc", usa_paper.pk])
    assert b"Name the agencies" not in role_client("delegate").get(submission_url).content
    # A note alone is feedback enough to release.
    review.set_feedback_released(paper=usa_paper, released=True)
    page = role_client("delegate").get(submission_url).content.decode()
    assert "<strong>Chair:</strong> Name the agencies that fund it." in page
