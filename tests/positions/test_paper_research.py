"""Research beside the editor: search the committee's material and get a quotable passage."""

from html import unescape

from django.urls import reverse

from tests.research_factories import make_source


def test_search_offers_quotations_with_their_linked_source(committee, delegate, role_client):
    source = make_source(committee, title="Darknet report")
    response = role_client("delegate").get(
        reverse("positions:paper_research", args=["unodc"]),
        {"q": "cryptocurrency"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="research-results"' in body and "<html" not in body
    assert "Insert quotation" in body
    quote = unescape(body.split('data-insert-quote="', 1)[1].split('"', 1)[0])
    assert quote.startswith("“") and "cryptocurrency wallets" in quote
    assert f"([Darknet report]({source.get_absolute_url()}" in quote


def test_nothing_found_says_so_and_blank_query_explains(committee, delegate, role_client):
    client = role_client("delegate")
    url = reverse("positions:paper_research", args=["unodc"])
    assert "Nothing found for “zebra”" in client.get(url, {"q": "zebra"}).content.decode()
    assert "insert it as a quotation" in client.get(url).content.decode()


def test_without_javascript_the_search_is_a_full_page(committee, delegate, role_client):
    make_source(committee, title="Darknet report")
    response = role_client("delegate").get(
        reverse("positions:paper_research", args=["unodc"]), {"q": "cryptocurrency"}
    )
    body = response.content.decode()
    assert "<html" in body and "Research for your paper" in body and "Insert quotation" in body
