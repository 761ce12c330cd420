"""Fragments kept once rendered (unodc_mun/fragments.py) and the pure renderers kept by their
input: a change shows on the very next request, and a fragment never shows one reader what is
another's (role, language)."""

from django.urls import reverse
from django.utils import translation

from committees.models import Guide, StanceQuestion
from committees.services.guide_edits import correct_guide
from committees.services.guides import import_guide
from committees.services.stances import set_position, update_question
from positions.services import clause_text
from positions.services import resolutions as drafts
from tests import factories
from tests.committees.test_guide_corrections import GUIDE
from tests.research_factories import make_stances
from unodc_mun import fragments


def test_a_guide_correction_shows_on_the_next_request(role_client, committee, chair):
    guide = import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode()).guide
    reader = role_client("delegate")
    address = reverse("committees:guide", args=[committee.slug])
    first = reader.get(address).content.decode()
    assert "Origins of the Council" not in first

    def body(html: str) -> str:
        return html.split("<article", 1)[1].split("</article>", 1)[0]

    assert body(reader.get(address).content.decode()) == body(first)  # kept: the same body
    correct_guide(
        guide=guide, user=chair, op="rename", args={"key": "s2", "title": "Origins of the Council"}
    )
    after = reader.get(address).content.decode()
    assert "Origins of the Council" in after  # in the contents and in the body
    assert after.count("Origins of the Council") >= 2


def test_a_new_import_of_the_guide_shows_at_once(role_client, committee, admin_user):
    import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode())
    reader = role_client("delegate")
    address = reverse("committees:guide", args=[committee.slug])
    assert "Second edition" not in reader.get(address).content.decode()
    import_guide(
        committee=committee,
        filename="unsc2.md",
        data=GUIDE.replace("# Security Council Study Guide", "# Second edition").encode(),
        replace=True,
    )
    assert "Second edition" in reader.get(address).content.decode()


def test_the_guide_body_is_shared_but_the_role_buttons_are_not(role_client, committee):
    import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode())
    address = reverse("committees:guide", args=[committee.slug])
    assert "Correct the guide" in role_client("chair").get(address).content.decode()
    # The delegate reads the same kept body, without the chair's button.
    assert "Correct the guide" not in role_client("delegate").get(address).content.decode()
    assert "Import a new version" in role_client("admin").get(address).content.decode()


def test_the_guide_version_moves_with_every_correction(committee, chair):
    guide = import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode()).guide
    before = Guide.objects.get(pk=guide.pk).version
    correct_guide(guide=guide, user=chair, op="rename", args={"key": "s2", "title": "New"})
    assert Guide.objects.get(pk=guide.pk).version == before + 1


def test_a_stance_change_shows_on_the_next_request(role_client, committee, delegate):
    questions, profiles = make_stances(committee)
    reader = role_client("delegate")
    address = reverse("committees:stance_matrix", args=[committee.slug])
    before = reader.get(address).content.decode()
    usa = profiles[0]
    set_position(profile=usa, question=questions[0], stance="opposes", rationale="Changed.")
    after = reader.get(address).content.decode()
    assert after != before
    # The question's own label too.
    update_question(question=questions[1], short_label="Renamed question", text="Now?", order=2)
    assert "Renamed question" in reader.get(address).content.decode()
    assert StanceQuestion.objects.filter(short_label="Renamed question").exists()


def test_each_reader_sees_their_own_country_marked(
    role_client, committee, delegate, other_delegate
):
    make_stances(committee)
    address = reverse("committees:stance_matrix", args=[committee.slug])
    mine = role_client("delegate").get(address).content.decode()
    theirs = role_client("other_delegate").get(address).content.decode()
    chair = role_client("chair").get(address).content.decode()

    def own_row(html: str) -> str:
        row = html.split('<tr class="is-own">', 1)
        return row[1].split("</tr>", 1)[0] if len(row) == 2 else ""

    assert "United States" in own_row(mine)
    assert "Mexico" in own_row(theirs)
    assert own_row(chair) == ""


def test_a_clause_change_updates_the_checks_on_the_next_request(role_client, committee, delegate):
    draft = drafts.create_draft(
        committee=committee,
        title="Countering AI",
        sponsor=factories.delegation(committee, "USA"),
        by=delegate,
    )
    clause = drafts.add_clause(resolution=draft, kind="operative", text="Urges States to act.")
    reader = role_client("delegate")
    address = reverse("resolutions:detail", kwargs={"slug": committee.slug, "pk": draft.pk})
    before = reader.get(address).content.decode()
    assert "States to act" in before and "Frobnicates" not in before
    clause_text.save_clause(
        clause=clause, user=delegate, text="Frobnicates States to act.", base_revision_id=None
    )
    after = reader.get(address).content.decode()
    # The text and the checker's finding on its opening both follow.
    assert after.count("Frobnicates") >= 2, after


def test_kept_fragments_are_per_language(db):
    built = []

    def build():
        built.append(translation.get_language())
        return translation.gettext("Secretariat")

    with translation.override("en"):
        english = fragments.cached("t", (1,), build)
    with translation.override("es"):
        spanish = fragments.cached("t", (1,), build)
    with translation.override("en"):
        assert fragments.cached("t", (1,), build) == english
    assert built == ["en", "es"] and english != spanish
