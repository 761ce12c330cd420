import pytest

from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegate_logs_in_and_lands_on_their_delegation(new_page, live_server, delegate):
    page = new_page()
    login(page, live_server.url, delegate.username)
    assert page.get_by_role("heading", name="Your delegation").is_visible()
    assert page.get_by_role("heading", name="United States").is_visible()
    screenshot(page, "home-delegate")


def test_chair_lands_on_their_committee_delegations(new_page, live_server, chair):
    page = new_page(chair)
    assert page.get_by_role("heading", name="You chair UNODC").is_visible()
    assert page.get_by_role("table").get_by_text("Mexico").is_visible()
    screenshot(page, "home-chair")


def test_admin_sees_all_committees_on_a_phone(
    new_page, live_server, admin_user, committee, other_committee
):
    page = new_page(admin_user, width=370, height=800)
    assert page.get_by_role("heading", name="All committees").is_visible()
    assert page.get_by_role("link", name="CTC").first.is_visible()
    screenshot(page, "home-admin-phone")


def test_wrong_password_says_so(new_page, live_server, delegate):
    page = new_page()
    login(page, live_server.url, delegate.username, password="not-it")
    assert page.get_by_role("alert").get_by_text("didn't match").is_visible()
