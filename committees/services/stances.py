"""Writing country stances: questions, country profiles and positions."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from ..models import (
    Committee,
    Country,
    CountryProfile,
    GuideCountry,
    Source,
    Stance,
    StancePosition,
    StanceQuestion,
)


class StanceError(ValueError):
    """Input a chair must correct; ``message`` says what and how."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def add_question(*, committee: Committee, short_label: str, text: str) -> StanceQuestion:
    short_label, text = short_label.strip(), text.strip()
    if not short_label or not text:
        raise StanceError(gettext("A question needs a short label and its full text."))
    with transaction.atomic():
        if StanceQuestion.objects.filter(committee=committee, short_label=short_label).exists():
            raise StanceError(
                gettext("There is already a question labelled “%(short_label)s”.")
                % {"short_label": short_label}
            )
        last = StanceQuestion.objects.filter(committee=committee).order_by("-order").first()
        return StanceQuestion.objects.create(
            committee=committee,
            short_label=short_label,
            text=text,
            order=(last.order + 1) if last else 1,
        )


def update_question(
    *, question: StanceQuestion, short_label: str, text: str, order: int
) -> StanceQuestion:
    short_label, text = short_label.strip(), text.strip()
    if not short_label or not text:
        raise StanceError(gettext("A question needs a short label and its full text."))
    with transaction.atomic():
        clash = StanceQuestion.objects.filter(
            committee_id=question.committee_id, short_label=short_label
        ).exclude(pk=question.pk)
        if clash.exists():
            raise StanceError(
                gettext("There is already a question labelled “%(short_label)s”.")
                % {"short_label": short_label}
            )
        question.short_label, question.text, question.order = short_label, text, order
        question.save(update_fields=["short_label", "text", "order"])
    return question


def delete_question(*, question: StanceQuestion) -> None:
    """Remove a question and every country's position on it."""
    with transaction.atomic():
        question.delete()


def ensure_profile(*, committee: Committee, country: Country, text: str = "") -> CountryProfile:
    """The committee's profile of a country, created (with the guide's text) if missing."""
    with transaction.atomic():
        profile, created = CountryProfile.objects.get_or_create(
            committee=committee, country=country, defaults={"text": text}
        )
        if not created and text and not profile.text:
            profile.text = text
            profile.save(update_fields=["text"])
        return profile


def update_profile_text(*, profile: CountryProfile, text: str, user) -> CountryProfile:
    with transaction.atomic():
        profile.text = text.strip()
        profile.updated_by = user
        profile.updated_at = timezone.now()
        profile.save(update_fields=["text", "updated_by", "updated_at"])
    return profile


def set_position(
    *,
    profile: CountryProfile,
    question: StanceQuestion,
    stance: str,
    rationale: str = "",
    cited_section: str = "",
    cited_source: Source | None = None,
    quote: str = "",
    user=None,
    declared: bool = False,
) -> StancePosition:
    """Record where a country stands on a question (creating or replacing the position).

    ``declared``: the country's own delegation records it; a chair's review is then due again.
    A chair's (or the secretariat's) own edit counts as reviewed by them.
    """
    if stance not in Stance.values:
        raise StanceError(
            f"“{stance}” is not a stance; choose one of: "
            + ", ".join(label.lower() for label in Stance.labels)
            + "."
        )
    if question.committee_id != profile.committee_id:
        raise StanceError(gettext("That question belongs to another committee."))
    if cited_source is not None and cited_source.committee_id != profile.committee_id:
        raise StanceError(gettext("That source belongs to another committee."))
    if stance != Stance.UNKNOWN and not rationale.strip():
        raise StanceError(gettext("Say why: a stance other than “unknown” needs a rationale."))
    if quote.strip() and not (cited_section.strip() or cited_source):
        raise StanceError(
            gettext("A quote needs a citation: name the guide section or pick a source.")
        )
    with transaction.atomic():
        position, _ = StancePosition.objects.select_for_update().get_or_create(
            profile=profile, question=question
        )
        position.stance = stance
        position.rationale = rationale.strip()
        position.cited_section = cited_section.strip()
        position.cited_source = cited_source
        position.quote = quote.strip()
        position.updated_by = user
        position.updated_at = timezone.now()
        position.declared = declared
        position.reviewed_by = None if declared else user
        position.reviewed_at = None if declared else position.updated_at
        position.save()
    return position


@transaction.atomic
def mark_reviewed(*, position: StancePosition, by) -> StancePosition:
    """A chair has read a delegation's declared position."""
    position = StancePosition.objects.select_for_update().get(pk=position.pk)
    position.reviewed_by = by
    position.reviewed_at = timezone.now()
    position.save(update_fields=["reviewed_by", "reviewed_at"])
    return position


def profiles_from_guide(*, committee: Committee) -> int:
    """A profile for every country the committee's guide names, with the guide's text.

    Existing profiles keep their (possibly edited) text; an empty one takes the guide's.
    Returns how many profiles were created.
    """
    created = 0
    entries = GuideCountry.objects.filter(guide__committee=committee).select_related("country")
    with transaction.atomic():
        existing = {p.country_id: p for p in CountryProfile.objects.filter(committee=committee)}
        for entry in entries:
            profile = existing.get(entry.country_id)
            if profile is None:
                profile = CountryProfile.objects.create(
                    committee=committee, country=entry.country, text=entry.text.strip()
                )
                existing[entry.country_id] = profile
                created += 1
            elif not profile.text.strip() and entry.text.strip():
                profile.text = entry.text.strip()
                profile.save(update_fields=["text"])
    return created
