"""Submission and review of position papers: the chair's overview, reading, scoring, deciding,
releasing feedback, and the delegation's view of what it handed in."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from committees.access import committee_for, require, require_moderator
from positions.forms.review import PaperSettingsForm, ReviewForm
from positions.selectors.papers import (
    committee_overview,
    paper_check,
    paper_sections,
    settings_for,
    submission_sections,
)
from unodc_mun.http import HtmxHttpRequest

from ..access import paper_for as paper_access
from ..engines.markdown import to_html
from ..engines.rubric import criteria, max_total
from ..models import PaperSubmission
from ..services import review as review_services


def paper_for(request: HtmxHttpRequest, slug: str, paper_id: int):
    """(committee, role, paper) for a paper this person may read; 404 otherwise."""
    access = paper_access(request, slug, paper_id)
    return access.committee, access.role, access.paper


def rendered_sections(sections, notes: dict[str, str] | None = None) -> list[dict]:
    notes = notes or {}
    return [
        {"title": title, "html": to_html(text), "note": notes.get(title, "")}
        for title, text in sections
    ]


def rubric_rows(rubric, submission: PaperSubmission | None) -> list[dict]:
    scores = submission.scores if submission else {}
    return [{"label": c.label, "max": c.max, "score": scores.get(c.key)} for c in criteria(rubric)]


def review_overview(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    overview = committee_overview(committee)
    form = PaperSettingsForm.for_settings(overview.paper_settings)
    return render(
        request,
        "positions/review_overview.html",
        {
            "committee": committee,
            "role": role,
            "overview": overview,
            "settings_form": form,
            "deadline_text": review_services.describe_deadline(overview.paper_settings),
        },
    )


@require_POST
def review_settings(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    committee, role = committee_for(request, slug)
    require_moderator(role)
    paper_settings = settings_for(committee)
    form = PaperSettingsForm.for_settings(paper_settings, request.POST)
    if form.is_valid():
        try:
            review_services.update_paper_settings(
                committee=committee,
                deadline=form.cleaned_data["deadline"],
                grace_minutes=form.cleaned_data["grace_minutes"],
                word_limit=form.cleaned_data["word_limit"],
                rubric_text=form.cleaned_data["rubric"],
            )
        except review_services.ReviewError as error:
            form.add_error("rubric", str(error))
        else:
            messages.success(request, gettext("Paper rules saved."))
            return redirect("positions:review_overview", slug=committee.slug)
    overview = committee_overview(committee)
    return render(
        request,
        "positions/review_overview.html",
        {
            "committee": committee,
            "role": role,
            "overview": overview,
            "settings_form": form,
            "settings_open": True,
            "deadline_text": review_services.describe_deadline(overview.paper_settings),
        },
        status=422,
    )


@require_http_methods(["GET", "POST"])
def review_paper(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    """The chair reads the latest submission beside the scoring sheet."""
    committee, role, paper = paper_for(request, slug, paper_id)
    require_moderator(role)
    paper_settings = settings_for(committee)
    submissions = list(paper.submissions.order_by("-number"))
    submission = submissions[0] if submissions else None
    sections = submission_sections(submission) if submission else paper_sections(paper)
    titles = [title for title, _ in sections]
    initial = {}
    if submission:
        initial = {
            **submission.scores,
            "comment": submission.comment,
            **ReviewForm.initial_notes(titles, submission.section_comments),
        }
    form = ReviewForm(
        request.POST or None,
        rubric=paper_settings.rubric,
        section_titles=titles if submission else [],
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if submission is None:
            messages.error(request, gettext("This paper has not been submitted yet."))
            return redirect("positions:review_paper", slug=committee.slug, paper_id=paper.pk)
        if form.is_valid():
            try:
                review_services.save_review(
                    paper=paper,
                    reviewer=request.user,
                    scores=form.score_inputs(),
                    comment=form.cleaned_data["comment"],
                    section_comments=form.section_notes(),
                )
            except review_services.ReviewError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    "Review saved."
                    + ("" if submission.is_released else " Delegates see it once you release it."),
                )
                return redirect("positions:review_paper", slug=committee.slug, paper_id=paper.pk)
        status = 422
    return render(
        request,
        "positions/review_paper.html",
        {
            "committee": committee,
            "role": role,
            "paper": paper,
            "submission": submission,
            "earlier_submissions": submissions[1:],
            "sections": rendered_sections(sections),
            "check": paper_check(sections, paper_settings),
            "form": form,
            "max_score": max_total(paper_settings.rubric),
        },
        status=status,
    )


DECISIONS = {
    "request_changes": (
        review_services.request_changes,
        gettext_lazy("Changes requested: the delegation can edit its paper again."),
    ),
    "accept": (review_services.accept_paper, gettext_lazy("Paper accepted.")),
}


@require_POST
def review_decision(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    committee, role, paper = paper_for(request, slug, paper_id)
    require_moderator(role)
    action = request.POST.get("action", "")
    try:
        if action in DECISIONS:
            service, message = DECISIONS[action]
            service(paper=paper, reviewer=request.user)
        elif action in {"release", "withdraw"}:
            review_services.set_feedback_released(paper=paper, released=action == "release")
            message = (
                gettext("Feedback released to the delegation.")
                if action == "release"
                else gettext("Feedback hidden from the delegation again.")
            )
        else:
            messages.error(request, gettext("Unknown action."))
            return redirect("positions:review_paper", slug=committee.slug, paper_id=paper.pk)
    except review_services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("positions:review_paper", slug=committee.slug, paper_id=paper.pk)


@require_POST
def submit_paper(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    committee, role, paper = paper_for(request, slug, paper_id)
    require(
        role.owns(paper.delegation),
        gettext("Only the delegation's own delegates submit its paper."),
    )
    try:
        submission = review_services.submit_paper(paper=paper, user=request.user)
    except review_services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Paper submitted"
            + (" after the deadline." if submission.late else ".")
            + " It is now read-only until the chair reviews it.",
        )
    return redirect("positions:paper_submission", slug=committee.slug, paper_id=paper.pk)


def paper_submission(request: HtmxHttpRequest, slug: str, paper_id: int) -> HttpResponse:
    """What the delegation handed in, and the chair's feedback once released."""
    committee, role, paper = paper_for(request, slug, paper_id)
    paper_settings = settings_for(committee)
    submissions = list(paper.submissions.order_by("-number"))
    submission = submissions[0] if submissions else None
    show_feedback = submission is not None and (submission.is_released or role.can_moderate)
    return render(
        request,
        "positions/submission.html",
        {
            "committee": committee,
            "role": role,
            "paper": paper,
            "submission": submission,
            "sections": (
                rendered_sections(
                    submission_sections(submission),
                    submission.section_comments if show_feedback else None,
                )
                if submission
                else []
            ),
            "show_feedback": show_feedback,
            "rubric": rubric_rows(paper_settings.rubric, submission),
            "max_score": max_total(paper_settings.rubric),
            "released_earlier": [s for s in submissions[1:] if s.is_released],
        },
    )
