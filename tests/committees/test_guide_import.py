"""Importing guides through the service and the command line."""

from __future__ import annotations

import json
import os

import pytest
from django.core.management import CommandError, call_command

from committees.models import Guide, GuideCountry, GuideFact, GuideLink, GuideSection, StatTable
from committees.services.guides import GuideImportError, import_guide

from .documents_factory import blank_pdf, encrypted_pdf, pdf_from_markdown, zip_of_junk
from .guide_helpers import DATA, seed_guide_text


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def seed_bytes() -> bytes:
    return seed_guide_text().encode("utf-8")


def test_import_stores_the_whole_structure(committee, admin_user):
    result = import_guide(
        committee=committee, filename="guide.md", data=seed_bytes(), user=admin_user
    )
    guide = Guide.objects.get(committee=committee)
    assert result.guide == guide and not result.replaced
    assert guide.title == "UNODC Committee Guide"
    assert guide.chairs == ["Mathilda Pless", "Danai Tsaoussidou", "Iva-Marija Heidecker"]
    assert guide.imported_by == admin_user
    assert guide.original.read() == seed_bytes()
    assert guide.original_name == "guide.md"
    parts = GuideSection.objects.filter(guide=guide, parent=None)
    assert [s.ref for s in parts] == ["I", "II", "III", "IV", "V"]
    assert GuideSection.objects.filter(guide=guide).count() == 15
    current = GuideSection.objects.get(guide=guide, ref="II.2")
    assert current.title == "Current Situation" and current.parent.ref == "II"
    assert current.anchor == "ii-2-current-situation"
    assert GuideFact.objects.filter(guide=guide).count() == 9
    assert (
        GuideFact.objects.filter(guide=guide, section=GuideSection.objects.get(ref="II.1")).count()
        == 9
    )
    assert GuideLink.objects.filter(guide=guide).count() == 10
    table = StatTable.objects.get(guide=guide)
    assert table.section.title == "Additional Statistics" and table.section.parent.ref == "V"
    assert table.rows[0] == {"label": "Trafficking in cocaine", "values": [174, 219, 303, 423, 526]}
    assert [c.country.iso3 for c in GuideCountry.objects.filter(guide=guide)] == [
        "USA",
        "MEX",
        "CHN",
    ]
    assert guide.warnings == result.warnings and len(guide.warnings) == 1


def test_second_import_needs_replace_and_then_swaps_everything(
    committee, django_capture_on_commit_callbacks
):
    first = import_guide(committee=committee, filename="guide.md", data=seed_bytes()).guide
    old_path = first.original.path
    with pytest.raises(GuideImportError, match="already has a guide"):
        import_guide(committee=committee, filename="other.txt", data=b"# I. Only\n\nText.\n")
    other = (DATA / "guide_security_council.txt").read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_guide(committee=committee, filename="sc.txt", data=other, replace=True)
    assert result.replaced
    assert Guide.objects.count() == 1
    assert list(GuideSection.objects.filter(parent=None).values_list("title", flat=True)) == [
        "Introduction",
        "Background",
        "Blocs",
        "Questions to Consider",
        "References",
    ]
    assert [c.country.iso3 for c in GuideCountry.objects.all()] == ["FRA", "RUS", "MLI"]
    assert not GuideLink.objects.filter(url__contains="unodc").exists()
    assert not os.path.exists(old_path)  # the replaced file is gone once the import committed


def test_dry_run_writes_nothing(committee):
    result = import_guide(committee=committee, filename="g.md", data=seed_bytes(), dry_run=True)
    assert result.structure["title"] == "UNODC Committee Guide"
    assert result.guide is None
    assert not Guide.objects.exists() and not GuideSection.objects.exists()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("guide.pdf", b"", "is empty"),
        ("guide.pdf", blank_pdf(), "no text layer"),
        ("guide.pdf", encrypted_pdf(), "password-protected"),
        ("guide.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8, "damaged PDF"),
        ("guide.docx", zip_of_junk(), "not a Word document"),
        ("guide.txt", bytes(range(256)) * 8, "binary data"),
        ("guide.odt", b"text", "unsupported file type"),
    ],
)
def test_bad_files_write_nothing_and_keep_the_old_guide(committee, filename, data, message):
    import_guide(committee=committee, filename="guide.md", data=seed_bytes())
    with pytest.raises(GuideImportError, match=message):
        import_guide(committee=committee, filename=filename, data=data, replace=True)
    assert Guide.objects.get().original_name == "guide.md"
    assert GuideSection.objects.count() == 15


def test_failure_while_storing_rolls_back_and_keeps_the_old_guide(committee, monkeypatch):
    import_guide(committee=committee, filename="guide.md", data=seed_bytes())
    from committees.services import guides as service

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(service, "_store_structure", explode)
    with pytest.raises(RuntimeError):
        import_guide(committee=committee, filename="new.md", data=seed_bytes(), replace=True)
    guide = Guide.objects.get()
    assert guide.original_name == "guide.md"
    assert guide.original.read() == seed_bytes()
    assert GuideSection.objects.count() == 15


def test_path_in_uploaded_name_is_ignored(committee):
    guide = import_guide(
        committee=committee, filename="../../etc/passwd.md", data=seed_bytes()
    ).guide
    assert guide.original_name == "passwd.md"
    assert "/etc/" not in guide.original.name and ".." not in guide.original.name


# --- command line -----------------------------------------------------------------------------


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_command_imports_a_pdf_and_reports(committee, tmp_path, capsys):
    path = write(tmp_path, "guide.pdf", pdf_from_markdown(seed_guide_text()))
    call_command("import_guide", path, committee="unodc")
    out = capsys.readouterr().out
    assert "Imported “guide.pdf” for unodc" in out
    assert "15 sections, 9 facts, 10 links, 1 tables, countries: USA, MEX, CHN" in out
    assert "Mathilda Pless, Danai Tsaoussidou, Iva-Marija Heidecker" in out
    assert Guide.objects.get().original_name == "guide.pdf"


def test_command_json_dry_run_prints_the_structure_and_writes_nothing(committee, tmp_path, capsys):
    path = write(tmp_path, "guide.md", seed_bytes())
    call_command("import_guide", path, committee="unodc", dry_run=True, json=True)
    data = json.loads(capsys.readouterr().out)
    for key in ("title", "committee", "topic", "chairs", "sections", "facts", "links", "tables"):
        assert key in data
    assert data["countries"][0]["iso3"] == "USA"
    assert data["tables"][0]["rows"][0]["values"] == [174, 219, 303, 423, 526]
    assert not Guide.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "is empty"),
        ("scan.pdf", blank_pdf(), "no text layer"),
        ("junk.docx", zip_of_junk(), "not a Word document"),
        ("guide.rtf", b"{\\rtf1}", "unsupported file type"),
    ],
)
def test_command_fails_with_a_clear_message(committee, tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(CommandError, match=message):
        call_command("import_guide", path, committee="unodc")
    assert not Guide.objects.exists()


def test_command_unknown_committee_and_missing_file(committee, tmp_path):
    with pytest.raises(CommandError, match="No committee with slug “nope”"):
        call_command("import_guide", write(tmp_path, "g.md", seed_bytes()), committee="nope")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_guide", str(tmp_path / "missing.pdf"), committee="unodc")


def test_dry_run_works_while_a_guide_exists(committee, tmp_path, capsys):
    import_guide(committee=committee, filename="guide.md", data=seed_bytes())
    call_command(
        "import_guide", write(tmp_path, "g.md", seed_bytes()), committee="unodc", dry_run=True
    )
    assert "dry run, nothing written" in capsys.readouterr().out
    assert Guide.objects.get().original_name == "guide.md"


def test_deleting_a_guide_in_the_admin_removes_it_from_search(committee, admin_user, client):
    from django.urls import reverse

    from committees.models import SearchPassage

    import_guide(committee=committee, filename="guide.md", data=seed_bytes(), user=admin_user)
    guide = Guide.objects.get(committee=committee)
    assert SearchPassage.objects.filter(committee=committee, kind="guide").exists()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:committees_guide_delete", args=[guide.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Guide.objects.filter(committee=committee).exists()
    assert not SearchPassage.objects.filter(committee=committee, kind="guide").exists()
