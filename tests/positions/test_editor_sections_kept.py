"""The editor keeps a rendered section (``positions.views.editor._section_html``) under what it
shows: a kept section is never stale, and a person's own draft is never shown to anyone else."""

from positions.services import coedit
from positions.services.papers import save_section


def editor(client, paper) -> str:
    return client.get(f"/c/{paper.committee.slug}/papers/{paper.pk}/").content.decode()


def test_a_new_revision_is_shown_at_once(role_client, paper, section, delegate):
    client = role_client("delegate")
    save_section(
        paper=paper, block=section, user=delegate, text="First policy.", base_revision_id=None
    )
    assert "First policy." in editor(client, paper)
    section.refresh_from_db()
    save_section(
        paper=paper,
        block=section,
        user=delegate,
        text="Second policy.",
        base_revision_id=section.current_revision_id,
    )
    page = editor(client, paper)
    assert "Second policy." in page and "First policy." not in page


def test_a_persons_draft_is_never_shown_to_a_teammate(
    role_client, client, paper, section, delegate, teammate
):
    coedit.autosave_draft(
        block=section, user=delegate, text="my private unsent words", base_revision_id=None
    )
    own = role_client("delegate")
    assert "my private unsent words" in editor(own, paper)
    client.force_login(teammate)
    assert "my private unsent words" not in editor(client, paper)
    assert "my private unsent words" in editor(own, paper)


def test_a_reader_gets_no_editing_controls_from_a_kept_section(role_client, paper, section):
    delegate_page = editor(role_client("delegate"), paper)
    assert 'data-save-url="' in delegate_page
    chair_page = editor(role_client("chair"), paper)
    assert 'data-save-url="' not in chair_page
    assert f'data-block-id="{section.pk}"' in chair_page


def test_a_persons_own_draft_is_shown_as_it_is_now(role_client, paper, section, delegate):
    own = role_client("delegate")
    coedit.autosave_draft(
        block=section, user=delegate, text="first unsent words", base_revision_id=None
    )
    assert "first unsent words" in editor(own, paper)
    coedit.autosave_draft(
        block=section, user=delegate, text="second unsent words", base_revision_id=None
    )
    page = editor(own, paper)
    assert "second unsent words" in page and "first unsent words" not in page
