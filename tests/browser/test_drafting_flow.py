"""Drafting that flows, in a real browser: adding a sub-clause, moving a clause (buttons,
keyboard, dragging) and changing its kind swap the clause list in place — the keyboard stays
on the clause, the change is read out, and a clause with unsaved text is not replaced."""

import pytest
from playwright.sync_api import expect

from positions.services import resolutions as drafts
from tests import factories
from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def texts(page):
    return page.locator(
        "#draft-clauses > .draft-clause > .draft-clause__form textarea"
    ).evaluate_all("areas => areas.map(a => a.value)")


def server_order(resolution):
    return list(
        resolution.clauses.filter(parent=None)
        .order_by("order", "pk")
        .values_list("text", flat=True)
    )


def test_moving_adding_and_dragging_keep_what_is_typed(
    new_page, live_server, committee, other_delegate
):
    resolution = drafts.create_draft(
        committee=committee,
        title="Drones at borders",
        sponsor=factories.delegation(committee, "MEX"),
        by=None,
    )
    for kind, text in (
        ("preambulatory", "Alarmed by drones used by cartels,"),
        ("preambulatory", "Noting the reports of border agencies,"),
        ("operative", "Calls upon Member States to share information:"),
        ("operative", "Requests the Office to report on the matter."),
    ):
        drafts.add_clause(resolution=resolution, kind=kind, text=text)
    first_op = resolution.clauses.get(text__startswith="Calls upon")
    second_op = resolution.clauses.get(text__startswith="Requests")
    first_pre = resolution.clauses.get(text__startswith="Alarmed")

    page = new_page(other_delegate, width=390, height=844)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{live_server.url}/c/{committee.slug}/resolutions/{resolution.pk}/draft/")
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads
    # Typed, not saved yet (no pause long enough for the autosave).
    preamble = page.locator(f"#clause-text-{first_pre.pk}")
    preamble.fill("Alarmed by drones used by criminal groups,")

    # Keyboard: the second operative clause goes up; the focus stays on its button.
    page.locator(f"#move-up-{second_op.pk}").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#draft-announce")).to_have_text("Moved up: now clause 1.")
    expect(page.locator(f"#move-up-{second_op.pk}")).to_be_focused()
    assert server_order(resolution)[2].startswith("Requests")
    expect(page.locator(f"#clause-{second_op.pk} .draft-clause__label")).to_have_text("1.")
    # The clause with unsaved text was kept as it was.
    expect(preamble).to_have_value("Alarmed by drones used by criminal groups,")
    # It cannot pass the preamble: said, nothing moves. (Pressed once htmx has taken over the
    # re-rendered form; a key pressed before that posts the form without script, which the
    # server answers with the page itself.)
    page.wait_for_function(
        f"!!document.querySelector('#move-up-{second_op.pk}').form['htmx-internal-data']"
    )
    page.keyboard.press("Enter")
    expect(page.locator("#draft-announce")).to_contain_text("The preamble comes first")

    # A sub-clause for "Calls upon …" (now clause 2): added in place, the caret in it.
    clause = page.locator(f"#clause-{first_op.pk}")
    clause.locator("summary", has_text="Add a sub-clause").click()
    clause.locator(f"#sub-{first_op.pk}").fill("by exchanging data on drone flights;")
    clause.get_by_role("button", name="Add sub-clause").click()
    expect(page.locator("#draft-announce")).to_have_text("Sub-clause added: clause 2 a).")
    sub = resolution.clauses.get(parent=first_op)
    expect(page.locator(f"#clause-text-{sub.pk}")).to_be_focused()
    expect(page.locator(f"#clause-{sub.pk} .draft-clause__label")).to_have_text("a)")
    expect(preamble).to_have_value("Alarmed by drones used by criminal groups,")
    # A preambulatory paragraph offers no sub-clause.
    expect(
        page.locator(f"#clause-{first_pre.pk} summary", has_text="Add a sub-clause")
    ).to_have_count(0)

    # "Requests …" becomes preambulatory: it joins the end of the preamble.
    page.locator(f"#kind-{second_op.pk}").click()
    expect(page.locator("#draft-announce")).to_have_text(
        "Now preambulatory: preambulatory paragraph 3."
    )
    expect(page.locator(f"#kind-{second_op.pk}")).to_be_focused()
    assert server_order(resolution)[2].startswith("Requests")
    # Back to operative (its text is being fixed separately): it goes after the preamble.
    page.locator(f"#kind-{second_op.pk}").click()
    expect(page.locator("#draft-announce")).to_have_text("Now operative: clause 1.")

    # Dragging by the handle: the second preambulatory paragraph to the top.
    noting = resolution.clauses.get(text__startswith="Noting")
    grip = page.locator(f"#clause-{noting.pk} > .draft-clause__head [data-drag-handle]")
    target = page.locator(f"#clause-{first_pre.pk}")
    target.scroll_into_view_if_needed()
    g, t = grip.bounding_box(), target.bounding_box()
    page.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
    page.mouse.down()
    page.mouse.move(g["x"] + 5, t["y"] + 5, steps=8)
    page.mouse.up()
    expect(page.locator("#draft-announce")).to_have_text("Moved: now preambulatory paragraph 1.")
    assert server_order(resolution)[0].startswith("Noting")
    # An operative clause dragged above the preamble stays among the operative clauses.
    grip = page.locator(f"#clause-{first_op.pk} > .draft-clause__head [data-drag-handle]")
    page.locator(f"#clause-{second_op.pk}").scroll_into_view_if_needed()
    grip.scroll_into_view_if_needed()
    g = grip.bounding_box()
    top = page.locator(f"#clause-{second_op.pk}").bounding_box()
    page.mouse.move(g["x"] + g["width"] / 2, g["y"] + g["height"] / 2)
    page.mouse.down()
    page.mouse.move(g["x"] + 5, top["y"] + 2, steps=8)
    page.mouse.up()
    expect(page.locator("#draft-announce")).to_have_text("Moved: now clause 1.")
    assert [t[:6] for t in server_order(resolution)] == ["Noting", "Alarme", "Calls ", "Reques"]

    # Through all of it the unsaved text stayed, and it saves now.
    expect(preamble).to_have_value("Alarmed by drones used by criminal groups,")
    page.locator(f"#clause-form-{first_pre.pk}").get_by_role("button", name="Save clause").click()
    expect(page.locator(f"#clause-status-{first_pre.pk}")).to_contain_text("Saved")
    assert page.evaluate("window.__sameDocument") is True
    first_pre.refresh_from_db()
    assert first_pre.text == "Alarmed by drones used by criminal groups,"
    screenshot(page, "drafting-phone")
