"""The interface speaks the person's language; what the committee wrote stays as written."""

from django.test import Client
from django.urls import reverse

from committees.models import AccountSettings
from tests import factories
from tests.factories import PASSWORD


def test_a_person_chooses_spanish_and_keeps_it_on_every_device(client, committee, delegate):
    client.force_login(delegate)
    response = client.post(
        "/accounts/profile/",
        {"first_name": "Emily", "last_name": "Carter", "language": "es"},
        follow=True,
    )
    assert "Guardado. Su nombre aparece como Emily Carter." in response.content.decode()
    assert AccountSettings.objects.get(user=delegate).language == "es"
    page = client.get(reverse("committees:guide", args=[committee.slug])).content.decode()
    assert '<html lang="es">' in page
    assert ">Inicio</a>" in page and ">Guía</a>" in page and ">Posturas</a>" in page
    assert "Delegado/a de " in page  # the role badge
    assert committee.topic in page  # the committee's own words are not translated

    # Another phone, another browser: the choice follows the person from their login on.
    other = Client()
    other.post(reverse("login"), {"username": delegate.username, "password": PASSWORD})
    assert '<html lang="es">' in other.get(reverse("home")).content.decode()
    # Someone else logging in on that browser gets their own language back.
    other.post(reverse("logout"))
    stranger = factories.make_user("zoe")
    other.post(reverse("login"), {"username": stranger.username, "password": PASSWORD})
    assert '<html lang="en">' in other.get(reverse("home")).content.decode()


def test_without_a_choice_the_browsers_language_is_used(client, committee, delegate):
    client.force_login(delegate)
    page = client.get(
        reverse("committees:home", args=[committee.slug]), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9"
    ).content.decode()
    assert '<html lang="fr">' in page and ">Accueil</a>" in page
    english = client.get(reverse("committees:home", args=[committee.slug])).content.decode()
    assert '<html lang="en">' in english and ">Home</a>" in english


def test_back_to_the_browsers_language(client, delegate):
    client.force_login(delegate)
    client.post("/accounts/profile/", {"first_name": "Emily", "language": "es"})
    client.post("/accounts/profile/", {"first_name": "Emily", "language": ""})
    assert AccountSettings.objects.get(user=delegate).language == ""
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_an_unknown_language_is_refused_and_changes_nothing(client, delegate):
    client.force_login(delegate)
    response = client.post("/accounts/profile/", {"first_name": "Zed", "language": "xx"})
    assert response.status_code == 400
    assert not AccountSettings.objects.filter(user=delegate).exists()
    delegate.refresh_from_db()
    assert delegate.first_name == "Emily"


def test_the_chosen_language_costs_no_query_per_page(
    client, committee, delegate, django_assert_max_num_queries
):
    client.force_login(delegate)
    url = reverse("committees:home", args=[committee.slug])
    client.get(url)
    with django_assert_max_num_queries(40) as english:
        client.get(url)
    in_english = len(english.captured_queries)  # read now: the next request resets the log
    AccountSettings.objects.create(user=delegate, language="es")
    client.post(reverse("login"), {"username": delegate.username, "password": PASSWORD})
    with django_assert_max_num_queries(in_english):
        assert ">Inicio</a>" in client.get(url).content.decode()
