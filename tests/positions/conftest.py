"""Fixtures shared by the positions tests: the USA paper of the test committee, one of its
sections, and a second delegate of the USA."""

import pytest

from positions.services.papers import get_or_create_paper
from tests import factories


@pytest.fixture
def paper(committee):
    return get_or_create_paper(delegation=factories.delegation(committee, "USA"))


@pytest.fixture
def section(paper):
    return paper.document.blocks.get(key="country-policy")


@pytest.fixture
def teammate(committee):
    user = factories.make_user("james_usa", first_name="James", last_name="Brooks")
    factories.seat_delegate(user, committee, "USA")
    return user
