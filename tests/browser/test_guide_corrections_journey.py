"""The secretariat imports guides the reader cannot get fully right, and puts them right in the
preview without leaving the browser: a tagged PDF and a two-column PDF, generated here."""

import pytest
from playwright.sync_api import expect

from committees.models import Guide, GuideEdit
from tests.browser.conftest import screenshot
from tests.committees.documents_factory import tagged_pdf, two_column_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = "Delegates will study how trafficking networks move drugs across borders. " * 3


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(page, base, path):
    page.goto(f"{base}/guide/import/")
    page.get_by_label("Guide file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name=f"Preview: {path.name}")).to_be_visible()


def test_admin_corrects_a_tagged_pdf_in_the_preview_and_imports_it(
    new_page, live_server, committee, admin_user, tmp_path
):
    base = f"{live_server.url}/c/{committee.slug}"
    pdf = tmp_path / "council.pdf"
    pdf.write_bytes(
        tagged_pdf(
            [
                ("P", "Security Council Study Guide"),
                ("H1", "Letter from the Chairs"),
                ("P", "Dear delegates, welcome. " + BODY),
                ("P", "Sincerely,"),
                ("P", "Ana Ruiz"),
                ("P", "President"),
                ("H1", "Background"),
                ("P", BODY),
                ("P", "The Council meets in New York. " + BODY),
                ("H1", "Timeline"),  # belongs under Background
                ("P", "1946: the Council first meets."),
                ("H1", "Works Cited"),
                ("P", "https://www.un.org/securitycouncil/"),
            ]
        )
    )
    admin = new_page(admin_user)
    errors = []
    admin.on("pageerror", lambda exc: errors.append(str(exc)))
    upload(admin, base, pdf)
    expect(admin.get_by_label("Name of chair 1")).to_have_value("Ana Ruiz")
    expect(admin.get_by_label("Role of Ana Ruiz")).to_have_value("President")

    # Timeline goes under Background (htmx swaps the editor in place).
    row = admin.locator("li.guide-editor__row", has=admin.locator("input[value='Timeline']"))
    row.get_by_role("button", name="Demote").click()
    expect(admin.get_by_text("Moved “Timeline” down a level, under “Background”.")).to_be_visible()
    expect(
        admin.locator("li.guide-editor__row--l1", has=admin.locator("input[value='Timeline']"))
    ).to_be_visible()

    # Background is split where the seat is described.
    row = admin.locator("li.guide-editor__row", has=admin.locator("input[value='Background']"))
    row.get_by_text("Split this section").click()
    row.get_by_label("The Council meets in New York.", exact=False).check()
    row.get_by_label("Title of the new section").fill("Seat of the Council")
    row.get_by_role("button", name="Split").click()
    expect(admin.locator("input[value='Seat of the Council']")).to_be_visible()

    # A second chair the guide did not name, and the committee's name.
    admin.get_by_label("Name", exact=True).fill("Li Wei")
    admin.get_by_label("Role", exact=True).fill("Vice-President")
    admin.get_by_role("button", name="Add chair").click()
    expect(admin.get_by_label("Name of chair 2")).to_have_value("Li Wei")
    admin.get_by_label("Committee", exact=True).fill("United Nations Security Council")
    admin.get_by_role("button", name="Save title, committee and topic").click()
    expect(admin.get_by_text("Changed the committee.")).to_be_visible()
    screenshot(admin, "guide-preview-editor")

    admin.get_by_role("button", name="Import this guide").click()
    expect(admin.get_by_text("Guide imported:")).to_be_visible()
    guide = Guide.objects.get(committee=committee)
    assert guide.committee_name == "United Nations Security Council"
    assert guide.chairs == ["Ana Ruiz", "Li Wei"]
    top = list(guide.sections.filter(depth=0).values_list("title", flat=True))
    assert top == ["Letter from the Chairs", "Background", "Seat of the Council", "Works Cited"]
    # Reading order is kept: the subsection now follows the part split off.
    assert guide.sections.get(title="Timeline").parent.title == "Seat of the Council"
    assert GuideEdit.objects.filter(committee=committee, user=admin_user).count() == 4
    assert errors == []


def test_admin_fixes_a_two_column_pdf_and_a_chair_corrects_it_after_import(
    new_page, live_server, committee, admin_user, chair, tmp_path
):
    base = f"{live_server.url}/c/{committee.slug}"
    left = [f"Left column sentence {n} reads on in the left column of the page." for n in range(9)]
    right = [
        f"Right column sentence {n} reads on in the right column of the page." for n in range(9)
    ]
    pdf = tmp_path / "columns.pdf"
    pdf.write_bytes(two_column_pdf("Past Action", left, right, pages=2))
    admin = new_page(admin_user, width=390, height=844)  # on a phone
    upload(admin, base, pdf)
    expect(admin.get_by_text("set in two columns")).to_be_visible()
    row = admin.locator(
        "li.guide-editor__row", has=admin.locator("input[value='Past Action (continued)']")
    )
    row.get_by_role("button", name="Merge with previous").click()
    expect(
        admin.get_by_text("Merged “Past Action (continued)” into “Past Action”.")
    ).to_be_visible()
    admin.get_by_label("Title", exact=True).fill("Border Security Guide")
    admin.get_by_role("button", name="Save title, committee and topic").click()
    expect(admin.get_by_text("Changed the title.")).to_be_visible()
    screenshot(admin, "guide-preview-editor-phone")
    admin.get_by_role("button", name="Import this guide").click()
    expect(admin.get_by_text("Guide imported:")).to_be_visible()
    guide = Guide.objects.get(committee=committee)
    assert guide.title == "Border Security Guide"
    assert list(guide.sections.values_list("title", flat=True)) == ["Past Action"]
    text = guide.sections.get().text
    assert text.index("Left column sentence 8") < text.index("Right column sentence 0")

    # After the import, the committee's chair renames the section from the guide page.
    reader = new_page(chair)
    reader.goto(f"{base}/guide/")
    reader.get_by_role("link", name="Correct the guide").click()
    row = reader.locator("li.guide-editor__row", has=reader.locator("input[value='Past Action']"))
    row.get_by_label("Title of section 1").fill("Past Action by the Council")
    row.get_by_role("button", name="Rename").click()
    expect(
        reader.get_by_text("Renamed “Past Action” to “Past Action by the Council”.")
    ).to_be_visible()
    screenshot(reader, "guide-correct-after-import")
    reader.goto(f"{base}/guide/")
    expect(reader.get_by_role("heading", name="Past Action by the Council")).to_be_visible()
