"""An admin imports a guide PDF the app has never seen; a delegate reads it on desktop and phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.committees.documents_factory import pdf_from_markdown
from tests.committees.guide_helpers import seed_guide_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_admin_imports_a_pdf_and_a_delegate_reads_it(
    new_page, live_server, committee, admin_user, delegate, tmp_path
):
    base = f"{live_server.url}/c/{committee.slug}"
    pdf = tmp_path / "UNODC guide 2026.pdf"
    pdf.write_bytes(pdf_from_markdown(seed_guide_text()))

    admin = new_page(admin_user)
    problems = []

    def collect(message):
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            problems.append(message.text)

    admin.on("console", collect)
    admin.goto(f"{base}/guide/")
    admin.get_by_role("link", name="Import the guide").click()
    admin.get_by_label("Guide file").set_input_files(str(pdf))
    admin.get_by_role("button", name="Upload and preview").click()
    expect(admin.get_by_role("heading", name="Preview: UNODC guide 2026.pdf")).to_be_visible()
    expect(admin.get_by_label("Name of chair 3")).to_have_value("Iva-Marija Heidecker")
    expect(admin.get_by_text("1 thing to check")).to_be_visible()
    screenshot(admin, "guide-preview")
    admin.get_by_role("button", name="Import this guide").click()
    expect(
        admin.get_by_text("Guide imported: 15 sections, 10 links, 1 statistics tables.")
    ).to_be_visible()

    reader = new_page(delegate)
    reader.on("console", collect)
    reader.goto(f"{base}/guide/")
    expect(reader.get_by_role("heading", name="UNODC Committee Guide")).to_be_visible()
    toc = reader.get_by_role("navigation", name="Guide contents")
    # The contents follow the reader: scrolling to Mexico marks Mexico as the current place.
    reader.evaluate("document.getElementById('iii-2-mexico').scrollIntoView()")
    expect(toc.get_by_role("link", name="2 Mexico")).to_have_attribute("aria-current", "location")
    expect(reader.locator("figure svg title")).to_have_text(
        "Drug trafficking cases by drug type (2019–2023)"
    )
    screenshot(reader, "guide-reader-desktop")

    phone = new_page(delegate, width=370, height=800)
    phone.goto(f"{base}/guide/")
    expect(phone.locator("[data-guide-toc]")).not_to_have_attribute("open", "")  # folded first
    phone.get_by_text("Contents").click()
    phone.get_by_role("link", name="3 China").click()
    expect(phone.locator("#iii-3-china")).to_be_in_viewport()
    screenshot(phone, "guide-reader-phone")
    assert problems == []
