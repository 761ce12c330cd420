"""Correcting what the reader found: in the import preview, and on the imported guide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from committees.engines.guide_reader.edit import EditError, apply, editable, materialize
from committees.models import (
    CountryProfile,
    Guide,
    GuideCountry,
    GuideEdit,
    GuideSection,
    PendingGuideImport,
)
from committees.services.guide_edits import correct_guide, correct_pending_import
from committees.services.guides import confirm_pending_import, import_guide, start_pending_import
from committees.services.search import search
from tests.conftest import ROLES

LOGIN = 302

GUIDE = """# Security Council Study Guide

Chair: Ana Ruiz

## Letter from the Chairs

Dear delegates, welcome.

## Background

The Council first met in 1946.

It meets in New York.

### Timeline

- 1946: first meeting

## Discussion Questions

What should the Council do?

## Country Positions

### Mercosur

The trade bloc of South America prefers dialogue.

### France

France supports sanctions.
"""


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def outline_titles(structure):
    return [
        ("  " * s["level"]) + s["title"] + (" ×" if s["deleted"] else "")
        for s in structure["outline"]
    ]


def key_of(structure, title):
    return next(s["key"] for s in structure["outline"] if s["title"] == title)


def parsed():
    from committees.engines.guide_reader import parse_guide

    from .guide_helpers import country_index

    return editable(parse_guide(GUIDE, countries=country_index()))


# --- the engine -------------------------------------------------------------------------------


def test_rename_promote_demote_carry_the_subsections():
    s = parsed()
    s, _ = apply(s, "rename", {"key": key_of(s, "Background"), "title": "History of the Council"})
    s, _ = apply(s, "demote", {"key": key_of(s, "History of the Council")})
    assert outline_titles(s)[:4] == [
        "Letter from the Chairs",
        "  History of the Council",
        "    Timeline",
        "Discussion Questions",
    ]
    s, summary = apply(s, "promote", {"key": key_of(s, "History of the Council")})
    assert outline_titles(s)[1:3] == ["History of the Council", "  Timeline"]
    assert summary == "Moved “History of the Council” up a level."
    with pytest.raises(EditError, match="already a top-level section"):
        apply(s, "promote", {"key": key_of(s, "Letter from the Chairs")})
    with pytest.raises(EditError, match="no section before it"):
        apply(s, "demote", {"key": key_of(s, "Letter from the Chairs")})


def test_merge_keeps_the_heading_as_text_and_moves_its_items():
    s = parsed()
    s, _ = apply(s, "merge", {"key": key_of(s, "Discussion Questions")})
    shaped = materialize(s)
    assert "Discussion Questions" not in [x["title"] for x in shaped["sections"]]
    timeline = next(x for x in s["outline"] if x["title"] == "Timeline")
    assert timeline["text"].endswith("Discussion Questions\n\nWhat should the Council do?")
    with pytest.raises(EditError, match="first section"):
        apply(s, "merge", {"key": key_of(s, "Letter from the Chairs")})


def test_split_at_a_paragraph_and_delete_then_restore():
    s = parsed()
    s, _ = apply(s, "split", {"key": key_of(s, "Background"), "paragraph": "1", "title": "Seat"})
    assert outline_titles(s)[1:4] == ["Background", "Seat", "  Timeline"]
    seat = next(x for x in s["outline"] if x["title"] == "Seat")
    assert seat["text"] == "It meets in New York."
    with pytest.raises(EditError, match="not its first"):
        apply(s, "split", {"key": seat["key"], "paragraph": "0"})
    s, _ = apply(s, "delete", {"key": seat["key"]})
    assert "Seat" not in [x["title"] for x in materialize(s)["sections"]]
    s, _ = apply(s, "restore", {"key": seat["key"]})
    assert "Seat" in [x["title"] for x in materialize(s)["sections"]]


def test_front_matter_chairs_and_names_the_reader_could_not_place():
    s = parsed()
    assert [u["name"] for u in s["unmatched"]] == ["Mercosur"]
    s, _ = apply(
        s, "front", {"title": "UNSC Guide", "committee": "Security Council", "topic": "Sahel"}
    )
    s, _ = apply(s, "update_chair", {"chair": "0", "name": "Ana Ruiz", "role": "President"})
    s, _ = apply(s, "add_chair", {"name": "Li Wei", "role": "Vice-President"})
    with pytest.raises(EditError, match="already listed"):
        apply(s, "add_chair", {"name": "li wei"})
    s, _ = apply(s, "mark_bloc", {"name_index": "0"})
    shaped = materialize(s)
    assert (shaped["title"], shaped["committee"], shaped["topic"]) == (
        "UNSC Guide",
        "Security Council",
        "Sahel",
    )
    assert shaped["chairs"] == ["Ana Ruiz", "Li Wei"]
    assert shaped["people"][0] == {"name": "Ana Ruiz", "role": "President"}
    assert [b["name"] for b in shaped["blocs"]] == ["Mercosur"]
    assert shaped["unmatched"] == []
    with pytest.raises(EditError, match="no longer listed"):
        apply(s, "map_country", {"name_index": "0", "iso3": "BRA"}, country_names={"BRA": "Brazil"})


# --- in the preview, then imported --------------------------------------------------------------


def test_preview_corrections_are_what_gets_imported_and_are_kept_with_who_made_them(
    committee, admin_user
):
    pending, _ = start_pending_import(
        committee=committee, user=admin_user, filename="unsc.md", data=GUIDE.encode()
    )
    s = correct_pending_import(
        pending=pending, user=admin_user, op="rename", args={"key": "s2", "title": "History"}
    ).structure
    assert s["outline"][1]["title"] == "History"
    correct_pending_import(
        pending=pending, user=admin_user, op="map_country", args={"name_index": "0", "iso3": "BRA"}
    )
    with pytest.raises(EditError):
        correct_pending_import(pending=pending, user=admin_user, op="promote", args={"key": "s1"})
    pending.refresh_from_db()
    confirm_pending_import(pending=pending, user=admin_user)
    guide = Guide.objects.get(committee=committee)
    assert list(guide.sections.filter(depth=0).values_list("title", flat=True))[:2] == [
        "Letter from the Chairs",
        "History",
    ]
    brazil = GuideCountry.objects.get(guide=guide, country__iso3="BRA")
    assert "prefers dialogue" in brazil.text
    assert CountryProfile.objects.filter(committee=committee, country__iso3="BRA").exists()
    edits = list(GuideEdit.objects.filter(committee=committee).order_by("created_at", "id"))
    assert [(e.stage, e.op, e.user) for e in edits] == [
        ("preview", "rename", admin_user),
        ("preview", "map_country", admin_user),
    ]  # the refused correction left nothing


def test_correcting_an_imported_guide_updates_sections_search_and_stances(committee, chair):
    guide = import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode()).guide
    correct_guide(
        guide=guide, user=chair, op="rename", args={"key": "s2", "title": "Origins of the Council"}
    )
    assert GuideSection.objects.filter(guide=guide, title="Origins of the Council").exists()
    found = search(committee=committee, text="Origins")
    assert any("Origins" in hit.title_html for hit in found.hits)
    correct_guide(
        guide=guide, user=chair, op="map_country", args={"name_index": "0", "iso3": "BRA"}
    )
    assert CountryProfile.objects.filter(committee=committee, country__iso3="BRA").exists()
    guide.refresh_from_db()
    assert guide.structure["outline"][1]["title"] == "Origins of the Council"
    assert GuideEdit.objects.filter(committee=committee, user=chair, stage="guide").count() == 2


def test_a_guide_imported_before_corrections_existed_can_be_corrected(committee, chair):
    guide = import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode()).guide
    Guide.objects.filter(pk=guide.pk).update(structure={})
    guide.refresh_from_db()
    correct_guide(guide=guide, user=chair, op="front", args={"title": "Renamed guide"})
    guide.refresh_from_db()
    assert guide.title == "Renamed guide"
    assert guide.sections.count() == GuideSection.objects.filter(guide=guide).count() > 5


# --- pages and who may use them ---------------------------------------------------------------


def url(name, **kwargs):
    return reverse(f"committees:{name}", kwargs={"slug": "unodc", **kwargs})


# role order: anonymous, delegate, other_delegate, chair, other_chair, admin
EDIT = (LOGIN, 403, 403, 200, 404, 200)
ADMIN_ONLY = (LOGIN, 403, 403, 403, 404, 200)


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_correct_the_guide_access_matrix(role_client, committee, other_committee, role_index, role):
    guide = import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode()).guide
    client = role_client(role)
    assert client.get(url("guide_edit")).status_code == EDIT[role_index]
    posted = client.post(url("guide_edit"), {"op": "rename", "key": "s2", "title": "Changed"})
    assert posted.status_code == {200: 302}.get(EDIT[role_index], EDIT[role_index])
    changed = GuideSection.objects.filter(guide=guide, title="Changed").exists()
    assert changed == (role in ("chair", "admin"))


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_preview_corrections_access_matrix(
    role_client, committee, other_committee, admin_user, role_index, role
):
    pending = PendingGuideImport.objects.create(
        committee=committee, uploaded_by=admin_user, filename="g.md", data=GUIDE.encode()
    )
    posted = role_client(role).post(
        url("guide_preview_edit", token=pending.token), {"op": "rename", "key": "s2", "title": "X"}
    )
    assert posted.status_code == {200: 302}.get(ADMIN_ONLY[role_index], ADMIN_ONLY[role_index])
    pending.refresh_from_db()
    assert (pending.structure is not None) == (role == "admin")


def test_htmx_correction_returns_the_editor_and_a_bad_one_says_why(client, committee, admin_user):
    import_guide(committee=committee, filename="unsc.md", data=GUIDE.encode())
    client.force_login(admin_user)
    ok = client.post(
        url("guide_edit"), {"op": "demote", "key": "s2"}, headers={"HX-Request": "true"}
    )
    assert ok.status_code == 200
    assert ok["HX-Trigger"] == "guide-corrected"
    html = ok.content.decode()
    assert html.lstrip().startswith('<div id="guide-editor"')
    assert "Moved “Background” down a level" in html
    bad = client.post(
        url("guide_edit"), {"op": "promote", "key": "s1"}, headers={"HX-Request": "true"}
    )
    assert bad.status_code == 400
    assert "already a top-level section" in bad.content.decode()
    unknown = client.post(url("guide_edit"), {"op": "drop_tables"}, headers={"HX-Request": "true"})
    assert unknown.status_code == 400


def test_correct_the_guide_page_reads_in_a_fixed_number_of_queries(
    client, committee, admin_user, django_assert_max_num_queries
):
    big = GUIDE + "".join(f"\n## Part {n}\n\nText of part {n}.\n" for n in range(60))
    guide = import_guide(committee=committee, filename="unsc.md", data=big.encode()).guide
    for n in range(12):
        correct_guide(guide=guide, user=admin_user, op="front", args={"topic": f"Topic {n}"})
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(url("guide_edit"))
    assert response.status_code == 200
    assert response.content.decode().count("guide-editor__row ") > 60


# --- any sequence of corrections --------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_OPS = st.sampled_from(["promote", "demote", "merge", "split", "delete", "restore", "rename"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_OPS, st.integers(0, 12), st.integers(1, 3)), max_size=25))
def test_no_sequence_of_corrections_loses_text_or_breaks_the_tree(steps):
    s = parsed()
    original = [p for entry in s["outline"] for p in entry["text"].split("\n\n") if p]
    for op, which, paragraph in steps:
        key = s["outline"][which % len(s["outline"])]["key"]
        args = {"key": key, "paragraph": str(paragraph), "title": f"T{which}"}
        try:
            s, _ = apply(s, op, args)
        except EditError:
            continue  # refused: nothing changed
    kept = "\n\n".join(entry["text"] for entry in s["outline"])
    assert all(p in kept for p in original)  # merged, split or deleted text is still there
    assert all(entry["level"] >= 0 for entry in s["outline"])
    shaped = materialize(s)
    count = sum(1 for e in s["outline"] if not e["deleted"])

    def total(sections):
        return sum(1 + total(x["children"]) for x in sections)

    assert total(shaped["sections"]) == count
