"""Reading country stances for pages: the committee's table of countries × questions.

Each page loads the whole table in a fixed number of queries (questions, profiles with
their countries, positions with their cited sources), however many countries there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from committees.models import (
    Committee,
    CountryProfile,
    GuideSection,
    Stance,
    StancePosition,
    StanceQuestion,
)
from committees.services.search import guide_url

STANCE_SYMBOLS = {
    Stance.SUPPORTS: "✓",
    Stance.CONDITIONAL: "◐",
    Stance.OPPOSES: "✕",
    Stance.UNKNOWN: "?",
}


@dataclass(frozen=True)
class Cell:
    stance: str
    position: StancePosition | None
    question_id: int

    @property
    def label(self) -> str:
        return Stance(self.stance).label

    @property
    def symbol(self) -> str:
        return STANCE_SYMBOLS[Stance(self.stance)]


@dataclass
class StanceTable:
    questions: list[StanceQuestion]
    profiles: list[CountryProfile]
    positions: dict[tuple[int, int], StancePosition] = field(default_factory=dict)

    def stance(self, profile: CountryProfile, question: StanceQuestion) -> str:
        position = self.positions.get((profile.pk, question.pk))
        return position.stance if position else Stance.UNKNOWN

    def row(self, profile: CountryProfile) -> list[Cell]:
        return [
            Cell(self.stance(profile, q), self.positions.get((profile.pk, q.pk)), q.pk)
            for q in self.questions
        ]

    @property
    def rows(self) -> list[tuple[CountryProfile, list[Cell]]]:
        return [(profile, self.row(profile)) for profile in self.profiles]

    def counts(self, profile: CountryProfile) -> dict[str, int]:
        counts = dict.fromkeys(Stance.values, 0)
        for cell in self.row(profile):
            counts[cell.stance] += 1
        return counts

    @property
    def profile_summaries(self) -> list[tuple[CountryProfile, list[tuple[str, str, int]]]]:
        out = []
        for profile in self.profiles:
            counts = self.counts(profile)
            out.append(
                (profile, [(value, Stance(value).label, counts[value]) for value in Stance.values])
            )
        return out

    def awaiting_review(self) -> list[tuple[CountryProfile, StanceQuestion, StancePosition]]:
        """Positions a delegation recorded for its country that no chair has read yet."""
        by_profile = {p.pk: p for p in self.profiles}
        by_question = {q.pk: q for q in self.questions}
        waiting = [
            (by_profile[profile_id], by_question[question_id], position)
            for (profile_id, question_id), position in self.positions.items()
            if position.declared
            and position.reviewed_at is None
            and profile_id in by_profile
            and question_id in by_question
        ]
        waiting.sort(key=lambda item: (item[0].country.name, item[1].order, item[1].pk))
        return waiting

    def agreement_with(self, ours: CountryProfile) -> list[tuple[CountryProfile, int, int]]:
        """Other countries by how often they take our stance (among questions both know)."""
        result = []
        for profile in self.profiles:
            if profile.pk == ours.pk:
                continue
            known = same = 0
            for question in self.questions:
                a, b = self.stance(ours, question), self.stance(profile, question)
                if Stance.UNKNOWN in (a, b):
                    continue
                known += 1
                same += a == b
            result.append((profile, same, known))
        result.sort(key=lambda item: (-(item[1] / item[2]) if item[2] else 1, item[0].country.name))
        return result


def load_stance_table(committee: Committee) -> StanceTable:
    questions = list(StanceQuestion.objects.filter(committee=committee))
    profiles = list(CountryProfile.objects.filter(committee=committee).select_related("country"))
    positions = {
        (p.profile_id, p.question_id): p
        for p in StancePosition.objects.filter(profile__committee=committee).select_related(
            "cited_source"
        )
    }
    return StanceTable(questions, profiles, positions)


def shown_stance_table(committee: Committee) -> StanceTable:
    """The stance table as a page shows it (the matrix, who stands where): remembered per
    process while it listens (``live.PollCache.remember``), dropped when any question, country
    profile, position or source is saved or deleted (``stances:<committee id>``, announced by
    ``committees/live.py``) or a committee, delegation or country changes (``room``). For pages
    only: a write reads ``load_stance_table``."""
    from unodc_mun import live

    return live.poll_cache.remember(
        ("stance-table", committee.pk), ("stances", "room"), lambda: load_stance_table(committee)
    )


def section_links(committee: Committee) -> dict[str, str]:
    """Guide section reference ("III.2") -> link into the guide reader, if a guide is loaded."""
    base = guide_url(committee)
    return {
        ref: f"{base}#{anchor}"
        for ref, anchor in GuideSection.objects.filter(guide__committee=committee).values_list(
            "ref", "anchor"
        )
        if ref and base
    }


@dataclass
class PositionView:
    question: StanceQuestion
    position: StancePosition | None
    links: dict[str, str]
    form: object = None
    error: str | None = None

    @property
    def stance(self) -> str:
        return self.position.stance if self.position else Stance.UNKNOWN

    @property
    def cell(self) -> Cell:
        return Cell(self.stance, self.position, self.question.pk)

    @property
    def section_url(self) -> str:
        if not self.position or not self.position.cited_section:
            return ""
        return self.links.get(self.position.cited_section_number.rstrip("."), "")

    def initial(self) -> dict:
        p = self.position
        if p is None:
            return {"stance": Stance.UNKNOWN}
        return {
            "stance": p.stance,
            "rationale": p.rationale,
            "cited_section": p.cited_section,
            "cited_source": p.cited_source_id,
            "quote": p.quote,
        }


def position_views(committee: Committee, profile: CountryProfile) -> list[PositionView]:
    questions = list(StanceQuestion.objects.filter(committee=committee))
    positions = {
        p.question_id: p
        for p in StancePosition.objects.filter(profile=profile).select_related(
            "cited_source", "updated_by"
        )
    }
    links = section_links(committee)
    return [PositionView(q, positions.get(q.pk), links) for q in questions]
