"""Demo position papers: the United States, Mexico and China, partly written by their two
delegates each, with a short history (edits by both, one merge), so two browser windows show
live co-editing at once. The wording follows the country stances of the committee guide.

Idempotent: a paper whose sections already have text is left alone.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Delegation
from positions.models import Revision
from positions.services import coedit
from positions.services.papers import get_or_create_paper

# iso3 -> (first author, second author, {section key: [versions, oldest first]})
# Versions alternate between the two authors; the last version is what the section says now.
PAPERS: dict[str, tuple[str, str, dict[str, list[str]]]] = {
    "USA": (
        "us1",
        "us2",
        {
            "background": [
                "Criminal organisations increasingly use artificial intelligence, encrypted "
                "communication and drones to move drugs across borders.",
                "Criminal organisations increasingly use artificial intelligence, encrypted "
                "communication and drones to move drugs across borders. Along the border with "
                "Mexico, cartels use **darknet marketplaces** and drones to evade controls.\n\n"
                "Around 296 million people worldwide used drugs in 2021, and global cocaine "
                "production reached record levels in 2023.",
            ],
            "country-policy": [
                "The United States is one of the leading actors in combating international drug "
                "trafficking, cybercrime and the misuse of artificial intelligence by criminal "
                "organisations.",
                "The United States is one of the leading actors in combating international drug "
                "trafficking, cybercrime and the misuse of artificial intelligence by criminal "
                "organisations. Through its cooperation with the UNODC, it supports stronger "
                "border security systems, intelligence sharing and international law enforcement "
                "cooperation.\n\n"
                "The U.S. government has invested heavily in *AI-based surveillance*, "
                "cybersecurity programmes and anti-drug operations at its borders.",
            ],
            "proposed-solutions": [
                "- Real-time intelligence sharing on darknet marketplaces and cryptocurrency "
                "transactions\n"
                "- AI-based detection of suspicious drone activity at borders",
            ],
        },
    ),
    "MEX": (
        "mx1",
        "mx2",
        {
            "background": [
                "Mexico is heavily affected by international drug trafficking and organised crime.",
                "Mexico is heavily affected by international drug trafficking and organised "
                "crime. As a transit country between Latin America and the United States, it "
                "faces significant challenges regarding border security and transnational "
                "crime.",
            ],
            "country-policy": [
                "Mexican drug cartels are among the most powerful criminal organisations in the "
                "world and increasingly use AI-supported communication systems, drones and "
                "digital financial methods to evade the authorities.",
                "Mexican drug cartels are among the most powerful criminal organisations in the "
                "world and increasingly use AI-supported communication systems, drones and "
                "digital financial methods to evade the authorities.\n\n"
                "The Mexican government cooperates with international partners and the UNODC to "
                "strengthen law enforcement capacities, improve border management and combat "
                "drug trafficking networks.",
            ],
            "proposed-solutions": [
                "Mexico calls for **financial and technological support** for transit states to "
                "strengthen their cyber capacities and border infrastructure.",
                "Mexico calls for **financial and technological support** for transit states to "
                "strengthen their cyber capacities and border infrastructure. Technology "
                "companies, cybersecurity experts and governments should work together to "
                "identify emerging threats more quickly.",
            ],
        },
    ),
    "CHN": (
        "cn1",
        "cn2",
        {
            "background": [
                "Artificial intelligence is transforming global security. Non-state actors "
                "exploit it to plan smuggling routes, analyse surveillance systems and encrypt "
                "their communication.",
            ],
            "country-policy": [
                "China has increased its efforts to regulate AI technologies and combat "
                "cybercrime at home.",
                "China has increased its efforts to regulate AI technologies and combat "
                "cybercrime at home, while cooperating internationally against drug trafficking "
                "and organised crime. As a permanent member of the Security Council, China "
                "helps shape international legal frameworks on AI, border security and "
                "transnational organised crime.",
            ],
            "past-international-action": [
                "Through the Passenger and Cargo Control Programme (PCCP), the UNODC supports "
                "airports, ports and customs authorities; in 2024 it helped seize thousands of "
                "kilograms of cocaine.",
            ],
        },
    ),
}

# The second delegate's edit of the first background version, merged with the first's later one.
MERGE_EDITS = {
    "USA": ("increasingly use", "increasingly exploit"),
    "MEX": ("heavily affected", "severely affected"),
}


@transaction.atomic
def load(*, stdout) -> None:
    committee = Committee.objects.filter(slug="unodc").first()
    if committee is None:
        stdout.write("Demo papers skipped: no UNODC committee (run the committee loader first).")
        return
    users = {
        u.username: u for u in get_user_model().objects.filter(username__regex=r"^(us|mx|cn)[12]$")
    }
    written = 0
    for iso3, (first, second, sections) in PAPERS.items():
        delegation = Delegation.objects.filter(committee=committee, country__iso3=iso3).first()
        if delegation is None or first not in users or second not in users:
            continue
        paper = get_or_create_paper(delegation=delegation)
        blocks = {b.key: b for b in paper.document.blocks.all()}
        if Revision.objects.filter(block__document=paper.document).exists():
            continue
        start = timezone.now() - timedelta(hours=3)
        step = 0
        for key, versions in sections.items():
            block = blocks.get(key)
            if block is None:
                continue
            base = None
            for index, text in enumerate(versions):
                author = users[first] if index % 2 == 0 else users[second]
                outcome = coedit.save_block(
                    block=block, user=author, text=text, base_revision_id=base
                )
                base = outcome.revision.pk
                step += 1
                Revision.objects.filter(pk=base).update(
                    created_at=start + timedelta(minutes=11 * step)
                )
        # One merge, as happens when both write at once: the second delegate edits a stale copy
        # of the background while the first one's change is already saved.
        background = blocks["background"]
        background.refresh_from_db()
        first_revision = Revision.objects.filter(block=background).order_by("id").first()
        if (
            iso3 in MERGE_EDITS
            and first_revision
            and background.current_revision_id != first_revision.pk
        ):
            outcome = coedit.save_block(
                block=background,
                user=users[second],
                text=first_revision.text.replace(*MERGE_EDITS[iso3], 1),
                base_revision_id=first_revision.pk,
            )
            if outcome.status == "conflict":  # never leave a demo user with a conflict
                coedit.discard_draft(block=background, user=users[second])
        written += 1
    stdout.write(f"Demo position papers: {written} written (USA, Mexico, China).")
