"""Pages that read differently on a phone carry both readings (CSS picks one by width)."""

import re

from tests.research_factories import make_stances


def test_stance_matrix_has_a_list_per_question_for_phones(client, committee, delegate):
    questions, profiles = make_stances(committee, questions=6)
    client.force_login(delegate)
    body = client.get(f"/c/{committee.slug}/stances/compare/").content.decode()
    phone = body[body.index('class="matrix-by-question"') :]
    for question in questions:
        assert f'<h2 id="mq-{question.pk}">{question.text}</h2>' in phone
    # Every country appears once under every question, with its stance.
    items = re.findall(r"<li(?: class=\"is-own\")?>", phone)
    assert len(items) == len(questions) * len(profiles)
    assert phone.count('class="is-own"') == len(questions)  # the delegate's own country


def test_conference_overview_has_a_card_per_committee_for_phones(
    client, admin_user, committee, other_committee
):
    client.force_login(admin_user)
    body = client.get("/secretariat/").content.decode()
    assert 'class="table-wrap overview-wide"' in body
    phone = body[body.index('class="overview-cards"') :]
    assert phone.count('<li class="overview-card">') == 2
    for c in (committee, other_committee):
        assert f'href="/secretariat/c/{c.slug}/"' in phone
