"""Guide reader, original download and the admins' upload → preview → confirm."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from committees.models import Guide, GuideSection, PendingGuideImport
from committees.services.guides import import_guide
from tests.conftest import ROLES

from .documents_factory import blank_pdf, pdf_from_markdown
from .guide_helpers import seed_guide_text

LOGIN = 302


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def seeded(committee):
    return import_guide(
        committee=committee, filename="unodc guide.md", data=seed_guide_text().encode()
    ).guide


def url(name, **kwargs):
    return reverse(f"committees:{name}", kwargs={"slug": "unodc", **kwargs})


# role order: anonymous, delegate, other_delegate, chair, other_chair, admin
READ = (LOGIN, 200, 200, 200, 404, 200)
ADMIN_ONLY = (LOGIN, 403, 403, 403, 404, 200)


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_access_matrix(role_client, seeded, other_committee, role_index, role):
    client = role_client(role)
    for name, expected in [("guide", READ), ("guide_original", READ), ("guide_import", ADMIN_ONLY)]:
        response = client.get(url(name))
        assert response.status_code == expected[role_index], (role, name)
        if response.status_code == LOGIN:
            assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role_index,role", list(enumerate(ROLES)))
def test_preview_access_matrix(
    role_client, committee, other_committee, admin_user, role_index, role
):
    pending = PendingGuideImport.objects.create(
        committee=committee,
        uploaded_by=admin_user,
        filename="g.md",
        data=seed_guide_text().encode(),
    )
    response = role_client(role).get(url("guide_preview", token=pending.token))
    assert response.status_code == ADMIN_ONLY[role_index], role
    posted = role_client(role).post(
        url("guide_preview", token=pending.token), {"action": "confirm"}
    )
    assert posted.status_code == {"admin": 302}.get(role, ADMIN_ONLY[role_index])
    assert Guide.objects.exists() == (role == "admin")


def test_reader_shows_the_structure(role_client, seeded):
    html = role_client("delegate").get(url("guide")).content.decode()
    assert "<h1>UNODC Committee Guide</h1>" in html
    role = ' <span class="muted">(Chairperson)</span>'
    assert f"Mathilda Pless{role}, Danai Tsaoussidou{role}, Iva-Marija Heidecker{role}" in html
    for anchor in ("i-introduction", "ii-2-current-situation", "iii-2-mexico", "v-useful-links"):
        assert f'id="{anchor}' in html and f'href="#{anchor}' in html
    assert html.count("data-guide-section>") == 15
    assert html.count('<svg class="guide-chart__svg"') == 1
    assert '<th scope="row">Trafficking in cocaine</th>' in html
    assert html.count('rel="noopener noreferrer">unodc.org</a>') == 2  # section V and "All links"
    assert "<li>Drones</li>" in html  # nested fact bullets
    assert "\n2026\n" not in html
    assert "js/guide_toc.js" in html
    assert '<a href="#ii-1-facts">9 facts</a>' in html
    assert '<a href="#guide-links">10 links</a>' in html
    assert "import note" not in html  # warnings are for the secretariat only


def test_admin_sees_warnings_and_import_link(role_client, seeded):
    html = role_client("admin").get(url("guide")).content.decode()
    assert "1 import note" in html and "CURRENT SITUATION" in html
    assert url("guide_import") in html


def test_reader_without_guide(role_client, committee):
    assert "has not imported" in role_client("delegate").get(url("guide")).content.decode()
    assert url("guide_import") in role_client("admin").get(url("guide")).content.decode()
    assert role_client("delegate").get(url("guide_original")).status_code == 404


def test_guide_text_is_escaped(role_client, committee):
    evil = '# I. <script>alert(1)</script>\n\nA <b>bold</b> claim https://x.org/"onmouseover=alert(1)\n'
    import_guide(committee=committee, filename="evil.md", data=evil.encode())
    html = role_client("delegate").get(url("guide")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert '"onmouseover' not in html


def test_download_returns_the_original_bytes(role_client, seeded):
    response = role_client("delegate").get(url("guide_original"))
    assert b"".join(response.streaming_content) == seed_guide_text().encode()
    assert 'attachment; filename="unodc guide.md"' in response["Content-Disposition"]


def test_reader_query_count_does_not_grow_with_sections(
    role_client, committee, delegate, django_assert_max_num_queries
):
    client = role_client("delegate")

    def guide_with(parts: int) -> str:
        body = "".join(
            f"# {roman}. PART {n}\n\n## 1. First\n\nText {n}.\n\n- a fact\n- https://e.org/{n}\n\n"
            f"## 2. Second\n\nMore text.\n\n\t2020\t2021\nRow\t{n}\t{n + 1}\n\nTable {n}\n\n"
            for n, roman in enumerate(["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][:parts], 1)
        )
        return body

    import_guide(committee=committee, filename="small.md", data=guide_with(2).encode())
    with django_assert_max_num_queries(14) as small:
        client.get(url("guide"))
    import_guide(committee=committee, filename="big.md", data=guide_with(8).encode(), replace=True)
    assert GuideSection.objects.count() == 24
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("guide"))
    assert response.content.decode().count("data-guide-section>") == 24


# --- upload → preview → confirm ---------------------------------------------------------------


def test_admin_uploads_previews_and_confirms_a_pdf(role_client, committee):
    client = role_client("admin")
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("new guide.pdf", pdf_from_markdown(seed_guide_text()))
    response = client.post(url("guide_import"), {"file": upload})
    assert response.status_code == 302
    pending = PendingGuideImport.objects.get()
    assert response["Location"] == url("guide_preview", token=pending.token)
    assert not Guide.objects.exists()  # nothing changes before the confirmation

    preview = client.get(response["Location"]).content.decode()
    assert "Preview: new guide.pdf" in preview
    assert "Mathilda Pless" in preview and "Import this guide" in preview
    assert preview.count("<svg") >= 1 and "USA" in preview and "1 thing to check" in preview

    done = client.post(response["Location"], {"action": "confirm"})
    assert done.status_code == 302 and done["Location"] == url("guide")
    guide = Guide.objects.get(committee=committee)
    assert guide.original_name == "new guide.pdf"
    assert GuideSection.objects.count() == 15
    assert not PendingGuideImport.objects.exists()
    # The same token cannot be confirmed twice.
    again = client.post(response["Location"], {"action": "confirm"})
    assert again.status_code == 302 and again["Location"] == url("guide_import")


def test_discard_changes_nothing(role_client, seeded):
    client = role_client("admin")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(url("guide_import"), {"file": SimpleUploadedFile("x.md", b"# I. Other\n\nText.")})
    pending = PendingGuideImport.objects.get()
    client.post(url("guide_preview", token=pending.token), {"action": "discard"})
    assert not PendingGuideImport.objects.exists()
    assert Guide.objects.get().original_name == "unodc guide.md"


@pytest.mark.parametrize(
    "filename,data,message",
    [
        ("scan.pdf", blank_pdf(), "no text layer"),
        ("empty.md", b"", "is empty"),
        ("guide.exe", b"MZ", "unsupported file type"),
    ],
)
def test_bad_upload_shows_the_problem_and_keeps_everything(
    role_client, seeded, filename, data, message
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = role_client("admin").post(
        url("guide_import"), {"file": SimpleUploadedFile(filename, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingGuideImport.objects.exists()
    assert Guide.objects.get().original_name == "unodc guide.md"


def test_missing_file_is_a_message_not_a_crash(role_client, committee):
    response = role_client("admin").post(url("guide_import"), {})
    assert response.status_code == 400
    assert "Choose a guide file" in response.content.decode()


def test_another_admins_upload_cannot_be_confirmed(role_client, committee, chair):
    from tests import factories

    someone = factories.make_user("other_admin", staff=True)
    pending = PendingGuideImport.objects.create(
        committee=committee, uploaded_by=someone, filename="g.md", data=seed_guide_text().encode()
    )
    response = role_client("admin").post(
        url("guide_preview", token=pending.token), {"action": "confirm"}
    )
    assert response.status_code == 302 and response["Location"] == url("guide_import")
    assert not Guide.objects.exists()


def test_committee_nav_links_to_the_guide(role_client, committee, delegate):
    html = role_client("delegate").get(reverse("committees:home", args=["unodc"])).content.decode()
    assert re.search(r'href="/c/unodc/guide/"', html)
