"""The co-editing protocol: saves append, stale saves merge or become a conflicted draft, retries
write nothing new, and nobody's text is lost."""

import pytest

from positions.models import Document, Draft, PaperSettings, Revision
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories


@pytest.fixture
def paper(committee):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


@pytest.fixture
def teammate(committee):
    user = factories.make_user("james_usa", first_name="James", last_name="Brooks")
    factories.seat_delegate(user, committee, "USA")
    return user


@pytest.fixture
def block(paper):
    return paper.document.blocks.get(key="background")


def version(document) -> int:
    return Document.objects.get(pk=document.pk).version


def save(block, user, text, base, op=""):
    block.refresh_from_db()
    return coedit.save_block(
        block=block, user=user, text=text, base_revision_id=base, client_op_id=op
    )


def test_a_paper_gets_the_committee_sections_once(committee):
    usa = factories.delegation(committee, "USA")
    paper = get_or_create_paper(delegation=usa)
    assert get_or_create_paper(delegation=usa) == paper
    assert [b.title for b in paper.document.blocks.all()] == [
        "Background",
        "Past international action",
        "Country policy",
        "Proposed solutions",
        "Bibliography",
    ]
    assert [b.key for b in paper.document.blocks.all()][2] == "country-policy"
    assert paper.is_editable


def test_the_section_template_is_per_committee(committee):
    settings = PaperSettings.for_committee(committee)
    settings.section_titles = ["Introduction", "Policy", "Policy"]
    settings.save()
    paper = get_or_create_paper(delegation=factories.delegation(committee, "MEX"))
    assert [(b.key, b.title) for b in paper.document.blocks.all()] == [
        ("introduction", "Introduction"),
        ("policy", "Policy"),
        ("policy-2", "Policy"),
    ]


def test_a_save_on_the_current_revision_appends_and_bumps_the_version(block, delegate):
    first = save(block, delegate, "Drones cross borders.", None, "op-1")
    assert first.status == "saved"
    second = save(block, delegate, "Drones cross borders at night.", first.revision.pk, "op-2")
    assert second.status == "saved"
    assert second.revision.parent == first.revision
    block.refresh_from_db()
    assert block.text == "Drones cross borders at night."
    assert block.changed_version == version(block.document) == 2


def test_a_stale_save_merges_and_names_whose_change_it_merged(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI. Drones cross borders. Data is shared.", None)
    theirs = save(
        block,
        teammate,
        "Cartels use AI. Drones cross borders. Data is shared.\n\nMore.",
        base.revision.pk,
    )
    mine = save(
        block,
        delegate,
        "Cartels use generative AI. Drones cross borders. Data is shared.",
        base.revision.pk,
    )
    assert mine.status == "merged"
    assert mine.merged_with == ["James Brooks"]
    assert "merged with James Brooks's change" in mine.message
    assert mine.text == "Cartels use generative AI. Drones cross borders. Data is shared.\n\nMore."
    assert mine.revision.kind == Revision.Kind.MERGE
    assert mine.revision.parent == theirs.revision
    assert mine.revision.merged_from == base.revision


def test_an_overlapping_save_keeps_the_shared_text_and_the_persons_text_as_a_conflict(
    block, delegate, teammate
):
    base = save(block, delegate, "Cartels use AI.", None)
    theirs = save(block, teammate, "Cartels misuse AI.", base.revision.pk)
    before = version(block.document)
    mine = save(block, delegate, "Cartels exploit AI.", base.revision.pk, "op-c")
    assert mine.status == "conflict"
    block.refresh_from_db()
    assert block.text == "Cartels misuse AI."
    assert version(block.document) == before
    draft = Draft.objects.get(block=block, user=delegate)
    assert draft.is_conflict and draft.text == "Cartels exploit AI."
    assert draft.base_revision == base.revision and draft.conflict_revision == theirs.revision


def test_a_retried_save_creates_nothing_new(block, delegate, teammate):
    first = save(block, delegate, "One.", None, "same-key")
    again = save(block, delegate, "One.", None, "same-key")
    assert again.replayed and again.status == "saved"
    assert Revision.objects.filter(block=block).count() == 1
    save(block, teammate, "Two.", first.revision.pk)
    conflict = save(block, delegate, "Three.", first.revision.pk, "k2")
    assert conflict.status == "conflict"
    replay = save(block, delegate, "Three.", first.revision.pk, "k2")
    assert replay.replayed and replay.status == "conflict"
    assert Revision.objects.filter(block=block).count() == 2


def test_bad_input_changes_nothing(block, delegate, paper):
    other_block = paper.document.blocks.get(key="bibliography")
    elsewhere = save(other_block, delegate, "Source.", None)
    for bad_base in ("abc", 999999, elsewhere.revision.pk):
        with pytest.raises(coedit.CoeditError):
            save(block, delegate, "Text.", bad_base)
    with pytest.raises(coedit.CoeditError):
        save(block, delegate, "x" * (coedit.MAX_BLOCK_CHARS + 1), None)
    assert not Revision.objects.filter(block=block).exists()


def test_typing_is_kept_as_a_private_draft(block, delegate):
    saved = save(block, delegate, "Saved text.", None)
    draft = coedit.autosave_draft(
        block=block,
        user=delegate,
        text="Saved text. Still typing",
        base_revision_id=saved.revision.pk,
    )
    assert draft.text == "Saved text. Still typing" and not draft.is_conflict
    assert version(block.document) == 1  # drafts are private: no one polls them
    save(block, delegate, "Saved text. Still typing", saved.revision.pk)
    assert not Draft.objects.filter(block=block).exists()


def test_autosave_never_overwrites_a_conflicted_draft(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI.", None)
    save(block, teammate, "Cartels misuse AI.", base.revision.pk)
    save(block, delegate, "Cartels exploit AI.", base.revision.pk)
    coedit.autosave_draft(
        block=block, user=delegate, text="other", base_revision_id=base.revision.pk
    )
    assert Draft.objects.get(block=block, user=delegate).text == "Cartels exploit AI."


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ("mine", "Cartels exploit AI. Drones fly. Data is shared widely."),
        ("theirs", "Cartels misuse AI. Drones fly. Data is shared widely."),
    ],
)
def test_resolving_a_conflict_keeps_the_other_changes(block, delegate, teammate, choice, expected):
    base = save(block, delegate, "Cartels use AI. Drones fly. Data is shared.", None)
    save(block, teammate, "Cartels misuse AI. Drones fly. Data is shared.", base.revision.pk)
    save(
        block, delegate, "Cartels exploit AI. Drones fly. Data is shared widely.", base.revision.pk
    )
    outcome = coedit.resolve_conflict(block=block, user=delegate, choice=choice)
    assert outcome.status in ("saved", "merged")
    assert outcome.text == expected
    assert not Draft.objects.filter(block=block, user=delegate).exists()


def test_resolving_with_an_edited_merge_saves_exactly_that(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI.", None)
    save(block, teammate, "Cartels misuse AI.", base.revision.pk)
    save(block, delegate, "Cartels exploit AI.", base.revision.pk)
    outcome = coedit.resolve_conflict(
        block=block, user=delegate, choice="edit", text="Cartels exploit and misuse AI."
    )
    assert outcome.status == "saved"
    block.refresh_from_db()
    assert block.text == "Cartels exploit and misuse AI."
    with pytest.raises(coedit.CoeditError):
        coedit.resolve_conflict(block=block, user=delegate, choice="mine")


def test_restoring_adds_a_revision(block, delegate, teammate):
    first = save(block, delegate, "Original.", None)
    save(block, teammate, "Rewritten.", first.revision.pk)
    outcome = coedit.restore_revision(block=block, user=delegate, revision_id=first.revision.pk)
    assert outcome.revision.kind == Revision.Kind.RESTORE
    assert outcome.revision.restored_from == first.revision
    assert list(Revision.objects.filter(block=block).values_list("text", flat=True)) == [
        "Original.",
        "Rewritten.",
        "Original.",
    ]


def test_heartbeat_lists_the_others_and_what_they_edit(paper, block, delegate, teammate):
    assert coedit.heartbeat(document=paper.document, user=delegate, block=block) == []
    others = coedit.heartbeat(document=paper.document, user=teammate)
    assert [(p.user, p.block) for p in others] == [(delegate, block)]


def test_blocks_can_be_added_for_clauses(delegate):
    document = coedit.create_document()
    clause = coedit.add_block(document=document, key="op-1", title="Operative 1", text="Urges;")
    assert clause.text == "Urges;"
    assert clause.order == 0
    assert coedit.add_block(document=document, key="op-2", title="Operative 2").order == 1
    with pytest.raises(coedit.CoeditError):
        coedit.add_block(document=document, key="op-1", title="Again")
