"""Adding sources: pasted text, uploads of each format, and every kind of bad file."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from committees.models import SearchPassage, Source
from tests.research_factories import make_source

ADD = "committees:source_add"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin(role_client, committee):
    return role_client("admin")


def post(client, **data):
    payload = {"title": "UNODC darknet note", "publisher": "UNODC", "text": ""}
    payload.update(data)
    return client.post(reverse(ADD, args=["unodc"]), payload)


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Darknet note", level=1)
    for paragraph in text.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    return bytes(pdf.output())


def test_pasted_source_is_saved_indexed_and_shown(admin):
    response = post(admin, text="Cartels use drones.\n\nCryptocurrency wallets hide proceeds.")
    source = Source.objects.get()
    assert response.status_code == 302 and response["Location"] == source.get_absolute_url()
    assert source.word_count == 7
    assert SearchPassage.objects.filter(source=source).count() == 1
    page = admin.get(source.get_absolute_url())
    assert b'id="p-2">Cryptocurrency wallets hide proceeds.' in page.content


@pytest.mark.parametrize(
    "name,make",
    [
        ("note.txt", lambda t: t.encode()),
        ("note.md", lambda t: t.encode()),
        ("note.docx", docx_bytes),
        ("note.pdf", pdf_bytes),
    ],
)
def test_uploads_of_each_format_become_searchable_text(admin, media, name, make):
    text = "Traffickers move opioids through darknet markets.\nAuthorities trace cryptocurrency."
    data = make(text)  # once: a PDF carries its creation time
    response = post(admin, file=SimpleUploadedFile(name, data))
    assert response.status_code == 302, response.content.decode()[:2000]
    source = Source.objects.get()
    assert "darknet markets" in source.text and "cryptocurrency" in source.text
    assert source.original_filename == name
    download = admin.get(reverse("committees:source_file", args=["unodc", source.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == data
    assert name in download["Content-Disposition"]


def _junk_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("junk.bin", b"\x00\x01" * 50)
    return buffer.getvalue()


BAD_FILES = [
    ("empty.txt", b"", "is empty"),
    ("garbage.txt", bytes(range(256)) * 20, "binary data"),
    ("photo.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "unsupported file type"),
    ("broken.pdf", b"%PDF-1.4\n garbage without objects", "damaged PDF"),
    ("not-a-pdf.pdf", b"hello", "not a PDF"),
    ("junk.docx", _junk_docx(), "not a Word document"),
    ("fake.docx", b"plain text pretending", "not a valid Word document"),
]


@pytest.mark.parametrize("name,data,message", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_give_a_clear_message_and_write_nothing(admin, media, name, data, message):
    response = post(admin, file=SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "choose it again" in response.content.decode()
    assert not Source.objects.exists() and not SearchPassage.objects.exists()
    assert not any(media.rglob("*.*"))


def test_a_file_over_ten_megabytes_is_refused(admin, media):
    response = post(admin, file=SimpleUploadedFile("big.txt", b"a " * (5 * 1024 * 1024 + 10)))
    assert "the limit is 10 MB" in response.content.decode()
    assert not Source.objects.exists()


def test_a_text_file_of_millions_of_characters_is_refused_quickly(admin, media):
    import time

    data = ("# Heading\n\nword " * 600_000).encode()  # 9.6 MB: 600,000 headings
    started = time.monotonic()
    response = post(admin, file=SimpleUploadedFile("flood.md", data))
    assert time.monotonic() - started < 5
    assert "a source may hold at most 2,000,000" in response.content.decode()
    assert not Source.objects.exists() and not SearchPassage.objects.exists()
    assert not any(media.rglob("*.*"))


def test_pasted_text_survives_a_form_error(admin):
    pasted = "A long text someone pasted <with markup> & care."
    response = post(admin, title="", text=pasted)
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert "A long text someone pasted &lt;with markup&gt; &amp; care." in response.content.decode()
    response = post(admin, text=pasted, file=SimpleUploadedFile("a.txt", b"other"))
    assert "not both" in response.content.decode()
    assert "A long text someone pasted" in response.content.decode()
    assert not Source.objects.exists()


def test_neither_text_nor_file_is_explained(admin):
    response = post(admin, text="   ")
    assert "Paste the source" in response.content.decode()


def test_duplicate_titles_are_refused(admin, committee):
    make_source(committee, title="UNODC darknet note")
    response = post(admin, text="Something else.")
    assert "already has a source with this title" in response.content.decode()
    assert Source.objects.count() == 1


def test_source_markup_is_shown_as_text(role_client, committee, delegate):
    source = make_source(committee, text="<script>alert(1)</script> and <b>bold</b>")
    page = role_client("delegate").get(source.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_pasted_sources_have_no_file_to_download(role_client, committee, delegate):
    source = make_source(committee)
    url = reverse("committees:source_file", args=["unodc", source.pk])
    assert role_client("delegate").get(url).status_code == 404


def test_removing_a_source_removes_its_passages_and_file(admin, committee, media):
    post(admin, file=SimpleUploadedFile("note.txt", b"Drones at the border."))
    source = Source.objects.get()
    assert any(media.rglob("note*.txt"))
    admin.post(reverse("committees:source_delete", args=["unodc", source.pk]))
    assert not Source.objects.exists() and not SearchPassage.objects.exists()


def test_library_queries_do_not_grow_with_sources(
    role_client, committee, delegate, django_assert_max_num_queries
):
    client = role_client("delegate")
    url = reverse("committees:sources", args=["unodc"])
    make_source(committee, title="First")
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for n in range(15):
        make_source(committee, title=f"Report {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('class="source-card card"') == 16


def test_source_page_queries_are_bounded(
    role_client, committee, delegate, django_assert_max_num_queries
):
    source = make_source(committee, text="\n".join(f"Paragraph {n}." for n in range(200)))
    client = role_client("delegate")
    with django_assert_max_num_queries(10):
        response = client.get(source.get_absolute_url())
    assert 'id="p-200"' in response.content.decode()


def test_correcting_a_source_reindexes_it(admin, committee):
    from committees.services.search import search

    source = make_source(committee, title="Typo titel", text="Old text about heroin.")
    url = reverse("committees:source_edit", args=["unodc", source.pk])
    response = admin.post(url, {"title": "Typo title", "text": "", "publisher": "X"})
    assert "This field is required" in response.content.decode()
    assert 'value="Typo title"' in response.content.decode()  # what was typed is kept
    response = admin.post(url, {"title": "Typo title", "text": "New text about fentanyl."})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Typo title" and source.word_count == 4
    assert search(committee=committee, text="fentanyl").total == 1
    assert search(committee=committee, text="heroin").total == 0


def test_a_corrected_title_may_not_clash(admin, committee):
    make_source(committee, title="First")
    second = make_source(committee, title="Second")
    url = reverse("committees:source_edit", args=["unodc", second.pk])
    response = admin.post(url, {"title": "first", "text": "x"})
    assert "already has a source with this title" in response.content.decode()
    response = admin.post(url, {"title": "Second", "text": "Still the same title."})
    assert response.status_code == 302
