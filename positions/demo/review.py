"""Demo: the UNODC committee's paper rules (deadline, default rubric) and China's submitted paper.

Runs after the foundation and co-editing loaders, so the chair's review page shows a mix of
states: China submitted, the United States and Mexico drafting, the others not started.
Idempotent: a second run changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from committees.models import Committee, Delegation
from positions.engines.rubric import DEFAULT_RUBRIC
from positions.models import Block, PaperSettings, PaperSubmission
from positions.services import review
from positions.services.coedit import save_block
from positions.services.papers import get_or_create_paper

COMMITTEE_SLUG = "unodc"
DEADLINE_IN_DAYS = 3
GRACE_MINUTES = 30

CHINA_PAPER = {
    "Background": (
        "Artificial intelligence lets criminal networks plan smuggling routes, forge documents "
        "and evade border controls faster than states can adapt. The People's Republic of China "
        "shares a long land border with fourteen countries and handles a large share of the "
        "world's container trade, so **precursor chemicals** and synthetic drugs moving through "
        "its ports and postal system are a direct concern.\n\n"
        "UNODC reports that trafficking has moved online: “the rise of new technologies in the "
        "facilitation of trafficking of opioids and synthetic drugs over the Internet” "
        "([UNODC, training on cyber assets, Bangkok, 25 February 2022](https://www.unodc.org))."
    ),
    "Past international action": (
        "China is party to the three international drug control conventions and supports the "
        "*Commission on Narcotic Drugs* in scheduling new psychoactive substances. Since 2019 it "
        "has controlled fentanyl-related substances as a class.\n\n"
        "- Joint operations with Mekong countries under the Safe Mekong initiative\n"
        "- Precursor controls coordinated through the International Narcotics Control Board"
    ),
    "Country policy": (
        "China holds that border security is a matter of **national sovereignty** and that "
        "international cooperation must respect each state's legal system. It supports "
        "responsible development of AI and opposes its use for crime, and it backs capacity "
        "building for developing countries rather than intrusive monitoring."
    ),
    "Proposed solutions": (
        "1. A UNODC-led voluntary platform where customs authorities share risk indicators of "
        "AI-assisted smuggling.\n"
        "2. Technical assistance and training for border agencies of developing states.\n"
        "3. Due diligence by online platforms against drug sales, under national law."
    ),
    "Bibliography": (
        "- UNODC, *World Drug Report 2024* "
        "(https://www.unodc.org/unodc/en/data-and-analysis/world-drug-report-2024.html)\n"
        "- UNODC Committee Guide: Measures to Counter the Use of AI by non-state Actors"
    ),
}


def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug=COMMITTEE_SLUG).first()
    if committee is None:
        stdout.write("papers review demo: no UNODC committee, skipped")
        return
    paper_settings = PaperSettings.for_committee(committee)
    changed = []
    if paper_settings.deadline is None:
        # Three days from the first load, at noon: the demo stays "before the deadline".
        noon = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)
        paper_settings.deadline = noon + timedelta(days=DEADLINE_IN_DAYS)
        paper_settings.grace_minutes = GRACE_MINUTES
        changed += ["deadline", "grace_minutes"]
    if not paper_settings.rubric:
        paper_settings.rubric = [dict(item) for item in DEFAULT_RUBRIC]
        changed.append("rubric")
    if changed:
        paper_settings.save(update_fields=changed)

    china = Delegation.objects.filter(committee=committee, country__iso3="CHN").first()
    author = get_user_model().objects.filter(username="cn1").first()
    if china is None or author is None:
        stdout.write("papers review demo: no China delegation or cn1 user, skipped paper")
        return
    paper = get_or_create_paper(delegation=china)
    if PaperSubmission.objects.filter(paper=paper).exists() or paper.status != "draft":
        return
    for block in Block.objects.filter(document=paper.document).select_related("current_revision"):
        text = CHINA_PAPER.get(block.title)
        if text and not block.text.strip():
            save_block(
                block=block,
                user=author,
                text=text,
                base_revision_id=block.current_revision_id,
                client_op_id=f"demo-review-{block.key}",
            )
    review.submit_paper(paper=paper, user=author)
    stdout.write("papers review demo: deadline, rubric and China's submitted paper")
