"""Sources, passages and stances for tests, made through the real services."""

from __future__ import annotations

from committees.models import Country
from committees.services.sources import add_source
from committees.services.stances import add_question, ensure_profile, set_position


def make_source(committee, title="Darknet report", text=None, **extra):
    text = text or (
        "Cartels buy drones.\n\n"
        "Traffickers use cryptocurrency wallets on darknet markets to evade border controls.\n"
    )
    return add_source(committee=committee, title=title, text=text, **extra)


def make_stances(committee, *, countries=("USA", "MEX", "CHN"), questions=3):
    qs = [
        add_question(committee=committee, short_label=f"Question {i}", text=f"Should we do {i}?")
        for i in range(1, questions + 1)
    ]
    stances = ["supports", "conditional", "opposes", "unknown"]
    profiles = []
    for n, iso3 in enumerate(countries):
        profile = ensure_profile(
            committee=committee, country=Country.objects.get(iso3=iso3), text=f"{iso3} text."
        )
        profiles.append(profile)
        for m, question in enumerate(qs):
            stance = stances[(n + m) % 4]
            set_position(
                profile=profile,
                question=question,
                stance=stance,
                rationale="" if stance == "unknown" else f"Because {iso3}.",
                cited_section="III.1 The United States of America",
                quote="supports stronger border security systems",
            )
    return qs, profiles
