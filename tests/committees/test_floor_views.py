"""Floor pages and actions: the access matrix for every URL, what each person sees, and
query counts that stay flat however long the speakers list and the motions queue grow."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Country, Delegation
from committees.models.floor import FloorMotion, Note, Point, ReplyRequest, SpeakerEntry, Speech
from committees.services import floor
from tests.committees.floor_helpers import delegation, open_floor
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(committee, chair):
    return open_floor(committee, chair)


def url(name, committee, *args):
    return reverse(f"committees:{name}", args=[committee.slug, *args])


def outcome(response):
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


SEE = {
    "anonymous": "login",
    "delegate": 200,
    "other_delegate": 200,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}
MODERATE_PAGE = SEE | {"delegate": 403, "other_delegate": 403}


@pytest.mark.parametrize("role", ROLES)
def test_pages_access_matrix(role, role_client, committee, session):
    client = role_client(role)
    expected = {
        url("floor", committee): SEE[role],
        url("floor_poll", committee): SEE[role],
        url("floor_record", committee): SEE[role],
        url("floor_record_csv", committee): SEE[role],
        url("floor_activity", committee): MODERATE_PAGE[role],
        url("chair", committee): MODERATE_PAGE[role],
        url("projector", committee): SEE[role],
        url("procedure_poll", committee) + "?screen=chair": MODERATE_PAGE[role],
    }
    for address, status in expected.items():
        assert outcome(client.get(address)) == status, address


DELEGATE_ACTION = {
    "anonymous": "login",
    "delegate": 302,
    "other_delegate": 302,
    "chair": 403,
    "other_chair": 404,
    "admin": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_delegate_actions_access_matrix(role, role_client, committee, session, chair):
    client = role_client(role)
    expected = DELEGATE_ACTION[role]
    china = delegation(committee, "CHN")
    posts = [
        ("speak", {}),
        ("motion", {"kind": "suspend_meeting"}),
        ("point", {"kind": "order", "text": "The list skipped us"}),
        ("reply", {"reason": "We were misquoted"}),
        ("note", {"recipient": china.pk, "text": "Co-sponsor our draft?"}),
        ("notes_read", {}),
    ]
    for action, data in posts:
        response = client.post(url("floor_do", committee, action), data)
        assert outcome(response) == expected, action
    made = [
        SpeakerEntry.objects.count(),
        FloorMotion.objects.count(),
        Point.objects.count(),
        ReplyRequest.objects.count(),
        Note.objects.count(),
    ]
    assert made == ([1] * 5 if expected == 302 else [0] * 5)
    if expected == 302:
        # Each request is the delegation's own.
        mine = {role: "USA", "other_delegate": "MEX"}.get(role, "USA")
        assert SpeakerEntry.objects.get().delegation.country.iso3 == mine
        assert Note.objects.get().sender.country.iso3 == mine
        # ... and it may take each back.
        own = [
            ("withdraw", {"entry": SpeakerEntry.objects.get().pk}),
            ("motion_withdraw", {"motion": FloorMotion.objects.get().pk}),
            ("point_withdraw", {"point": Point.objects.get().pk}),
            ("reply_withdraw", {"reply": ReplyRequest.objects.get().pk}),
        ]
        for action, data in own:
            assert client.post(url("floor_do", committee, action), data).status_code == 302
        assert SpeakerEntry.objects.get().status == "withdrawn"
        assert FloorMotion.objects.get().status == "withdrawn"
        assert Point.objects.get().status == "withdrawn"
        assert ReplyRequest.objects.get().status == "withdrawn"


def test_a_delegation_cannot_take_back_anothers_requests(role_client, committee, session):
    mexico = delegation(committee, "MEX")
    entry = floor.ask_to_speak(session=session, delegation=mexico, by=None)
    motion = floor.raise_motion(
        session=session, kind="suspend_meeting", params={}, delegation=mexico, by=None
    )
    point = floor.raise_point(session=session, delegation=mexico, kind="order", by=None)
    reply = floor.request_reply(session=session, delegation=mexico, reason="Misquoted", by=None)
    client = role_client("delegate")  # the United States
    for action, data in [
        ("withdraw", {"entry": entry.pk}),
        ("motion_withdraw", {"motion": motion.pk}),
        ("point_withdraw", {"point": point.pk}),
        ("reply_withdraw", {"reply": reply.pk}),
    ]:
        assert client.post(url("floor_do", committee, action), data).status_code == 404, action
    assert SpeakerEntry.objects.get(pk=entry.pk).status == "waiting"
    assert FloorMotion.objects.get(pk=motion.pk).status == "pending"
    assert Point.objects.get(pk=point.pk).status == "waiting"
    assert ReplyRequest.objects.get(pk=reply.pk).status == "requested"


CHAIR_ACTION = {
    "anonymous": "login",
    "delegate": 403,
    "other_delegate": 403,
    "chair": 302,
    "other_chair": 404,
    "admin": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_chair_actions_access_matrix(role, role_client, committee, session, chair):
    client = role_client(role)
    expected = CHAIR_ACTION[role]
    usa, mex = delegation(committee, "USA"), delegation(committee, "MEX")
    floor.update_floor_settings(committee=committee, note_mode="approval", by=chair)
    note = floor.send_note(committee=committee, sender=usa, recipient=mex, text="Hi", by=None)
    point = floor.raise_point(session=session, delegation=usa, kind="order", by=None)
    reply = floor.request_reply(session=session, delegation=mex, reason="Misquoted", by=None)
    floor.ask_to_speak(session=session, delegation=mex, by=None)

    def post(action, data=None):
        return outcome(client.post(url("chair_floor", committee, action), data or {}))

    assert post("add_speaker", {"delegation": usa.pk}) == expected
    entry = SpeakerEntry.objects.filter(delegation=usa).first()
    assert (entry is not None) == (expected == 302)
    assert post("speaking_time", {"speaking_time": "1:15"}) == expected
    assert post("next") == expected
    assert post("pause", {"what": "speech"}) == expected
    assert post("resume", {"what": "speech"}) == expected
    assert post("end_speech") == expected
    assert post("list_open", {"open": "0"}) == expected
    assert post("motion", {"kind": "suspend_meeting", "delegation": usa.pk}) == expected
    motion = FloorMotion.objects.first()
    assert (motion is not None) == (expected == 302)
    if motion is not None:
        assert post("second", {"motion": motion.pk, "delegation": mex.pk}) == expected
        assert post("vote", {"motion": motion.pk, "method": "placard"}) == expected
        assert FloorMotion.objects.get().status == "voting"
    assert post("point", {"point": point.pk, "decision": "well_taken"}) == expected
    assert post("reply", {"reply": reply.pk, "decision": "refuse"}) == expected
    assert post("note", {"note": note.pk, "decision": "approve"}) == expected
    assert post("note_settings", {"notes_paused": "1"}) == expected
    changed = expected == 302
    assert (Point.objects.get().status == "ruled") == changed
    assert (ReplyRequest.objects.get().status == "refused") == changed
    assert (Note.objects.get().status == "delivered") == changed
    assert Speech.objects.exists() == changed


def test_unknown_actions_are_404(role_client, committee, session):
    assert role_client("chair").post(url("chair_floor", committee, "explode")).status_code == 404
    assert role_client("delegate").post(url("floor_do", committee, "explode")).status_code == 404


def test_a_chair_cannot_reach_another_committees_floor(
    role_client, committee, other_committee, session, other_chair
):
    other_session = open_floor(other_committee, other_chair)
    theirs = delegation(other_committee, "GBR")
    entry = floor.ask_to_speak(session=other_session, delegation=theirs, by=None)
    point = floor.raise_point(session=other_session, delegation=theirs, kind="order", by=None)
    client = role_client("chair")
    for action, data in [
        ("remove", {"entry": entry.pk}),
        ("point", {"point": point.pk, "decision": "dismiss"}),
    ]:
        assert client.post(url("chair_floor", committee, action), data).status_code == 404
    response = client.post(url("chair_floor", committee, "add_speaker"), {"delegation": theirs.pk})
    assert response.status_code == 302  # refused with a message, nothing added
    assert SpeakerEntry.objects.filter(delegation=theirs).count() == 1
    assert Point.objects.get(pk=point.pk).status == "waiting"
    assert role_client("other_chair").get(url("floor", committee)).status_code == 404


def test_a_delegation_reads_only_notes_to_or_from_it(role_client, committee, session, chair):
    usa, mex, chn = (delegation(committee, c) for c in ("USA", "MEX", "CHN"))
    floor.send_note(committee=committee, sender=mex, recipient=chn, text="SECRET-MEX-CHN", by=None)
    floor.send_note(committee=committee, sender=mex, recipient=usa, text="HELLO-USA", by=None)
    floor.send_note(committee=committee, sender=usa, recipient=None, text="TO-CHAIR", by=None)
    floor.update_floor_settings(committee=committee, note_mode="approval", by=chair)
    floor.send_note(committee=committee, sender=chn, recipient=usa, text="PENDING-USA", by=None)
    page = role_client("delegate").get(url("floor", committee)).content.decode()
    assert "HELLO-USA" in page and "TO-CHAIR" in page
    assert "SECRET-MEX-CHN" not in page
    assert "PENDING-USA" not in page  # not delivered until the chair approves
    chair_page = role_client("chair").get(url("chair", committee)).content.decode()
    assert "PENDING-USA" in chair_page and "TO-CHAIR" in chair_page


def test_a_refused_note_keeps_what_was_typed(role_client, committee, session, chair):
    floor.update_floor_settings(committee=committee, notes_paused=True, by=chair)
    mex = delegation(committee, "MEX")
    response = role_client("delegate").post(
        url("floor_do", committee, "note"), {"recipient": mex.pk, "text": "Meet at the back"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "paused note passing" in body and "Meet at the back" in body
    assert not Note.objects.exists()


def test_bad_motion_input_is_explained_not_a_500(role_client, committee, session):
    client = role_client("delegate")
    response = client.post(
        url("floor_do", committee, "motion"),
        {"kind": "moderated_caucus", "total_minutes": "ten", "speaking_time": "60", "topic": "x"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "in minutes" in response.content.decode()
    response = client.post(
        url("floor_do", committee, "motion"),
        {"kind": "moderated_caucus", "total_minutes": "10", "speaking_time": "60"},
        headers={"HX-Request": "true"},
    )
    assert "needs the topic" in response.content.decode()
    assert not FloorMotion.objects.exists()


def test_the_delegate_sees_its_place_and_the_time_left(role_client, committee, session, chair):
    mex, usa = delegation(committee, "MEX"), delegation(committee, "USA")
    floor.ask_to_speak(session=session, delegation=mex, by=None)
    floor.recognise_next(session=session, by=chair)
    floor.ask_to_speak(session=session, delegation=delegation(committee, "CHN"), by=None)
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    page = role_client("delegate").get(url("floor", committee)).content.decode()
    assert "You are <strong>#2</strong> of 2" in page
    assert 'id="speech-timer"' in page and 'data-running="true"' in page
    assert "Mexico" in page


def test_the_speaker_yields_to_a_delegation_from_the_phone(role_client, committee, session, chair):
    usa, mex = delegation(committee, "USA"), delegation(committee, "MEX")
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.recognise_next(session=session, by=chair)
    page = role_client("delegate").get(url("floor", committee)).content.decode()
    assert "Yield to this delegation" in page
    # Mexico does not have the floor: its yield is refused.
    response = role_client("other_delegate").post(
        url("floor_do", committee, "yield"), {"to": "chair"}, headers={"HX-Request": "true"}
    )
    assert "Only the delegation that has the floor" in response.content.decode()
    response = role_client("delegate").post(
        url("floor_do", committee, "yield"), {"to": "delegate", "delegation": mex.pk}
    )
    assert response.status_code == 302
    current = Speech.objects.get(ended_at=None)
    assert current.delegation == mex and current.kind == "yielded"


def test_the_projector_follows_the_floor(role_client, committee, session, chair):
    usa, mex = delegation(committee, "USA"), delegation(committee, "MEX")
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.recognise_next(session=session, by=chair)
    page = role_client("delegate").get(url("projector", committee)).content.decode()
    assert "United States" in page and 'id="projector-speech-timer"' in page
    motion = floor.raise_motion(
        session=session,
        kind="unmoderated_caucus",
        params={"total": 600, "topic": "Border AI"},
        delegation=usa,
        by=None,
    )
    floor.second_motion(motion=motion, delegation=mex, by=None)
    vote = floor.put_to_vote(motion=motion, method="placard", by=chair)
    from tests.committees.floor_helpers import pass_vote

    pass_vote(vote, chair)
    page = role_client("delegate").get(url("projector", committee)).content.decode()
    assert "Unmoderated caucus" in page and "Border AI" in page
    assert 'id="projector-caucus-timer"' in page


def test_the_record_lists_speeches_motions_points_and_replies(
    role_client, committee, session, chair
):
    usa, mex = delegation(committee, "USA"), delegation(committee, "MEX")
    floor.ask_to_speak(session=session, delegation=usa, by=None)
    floor.recognise_next(session=session, by=chair)
    floor.end_speech(session=session, by=chair)
    motion = floor.raise_motion(
        session=session, kind="suspend_meeting", params={}, delegation=mex, by=None
    )
    floor.rule_out_of_order(motion=motion, reason="Too early", by=chair)
    floor.raise_point(session=session, delegation=mex, kind="order", by=None)
    reply = floor.request_reply(session=session, delegation=usa, reason="Misquoted", by=None)
    floor.decide_reply(reply=reply, grant=False, by=chair)
    page = role_client("chair").get(url("floor_record", committee)).content.decode()
    for text in (
        "United States",
        "Suspend the meeting",
        "Too early",
        "Point of order",
        "Misquoted",
    ):
        assert text in page
    response = role_client("delegate").get(url("floor_record_csv", committee))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["time", "kind", "delegation", "what", "seconds", "outcome"]
    kinds = [r[1] for r in rows[1:]]
    assert kinds.count("speech") == 1 and "motion" in kinds and "point" in kinds
    assert "reply" in kinds
    speech = next(r for r in rows if r[1] == "speech")
    assert speech[2] == "United States" and speech[4].isdigit()


def test_the_activity_summary_counts_each_delegation(role_client, committee, session, chair):
    usa, mex = delegation(committee, "USA"), delegation(committee, "MEX")
    for _ in range(2):
        floor.ask_to_speak(session=session, delegation=usa, by=None)
        floor.recognise_next(session=session, by=chair)
        floor.end_speech(session=session, by=chair)
    floor.raise_point(session=session, delegation=mex, kind="order", by=None)
    response = role_client("chair").get(url("floor_activity", committee))
    rows = {a.delegation.country.iso3: a for a in response.context["rows"]}
    assert rows["USA"].speeches == 2 and rows["MEX"].points == 1
    assert rows["CHN"].total == 0


# --- query counts ---------------------------------------------------------------------------


def crowd(committee, session, chair, speakers, motions):
    """Grow the floor to `speakers` on the list and `motions` on the floor, each speaker with a
    point and a note waiting for the chair (called again, it only adds what is missing)."""
    floor.update_floor_settings(committee=committee, note_mode="approval", by=chair)
    existing = Delegation.objects.filter(committee=committee).count()
    countries = Country.objects.exclude(delegations__committee=committee).order_by("iso3")
    for country in countries[: max(0, speakers + 1 - existing)]:
        committee.delegations.create(country=country)
    delegations = list(committee.delegations.select_related("country").order_by("pk"))
    listed = set(SpeakerEntry.objects.values_list("delegation_id", flat=True))
    for d in delegations[1 : speakers + 1]:
        if d.pk in listed:
            continue
        floor.ask_to_speak(session=session, delegation=d, by=None)
        floor.raise_point(session=session, delegation=d, kind="order", by=None)
        floor.send_note(
            committee=committee, sender=d, recipient=delegations[0], text="hello", by=None
        )
    kinds = ["suspend_meeting", "adjourn_meeting", "closure_of_debate"]
    for i in range(FloorMotion.objects.count(), motions):
        floor.raise_motion(
            session=session,
            kind=kinds[i % 3],
            params={},
            delegation=delegations[i // 3],
            by=None,
        )
    floor.recognise_next(session=session, by=chair)


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page, who",
    [
        ("chair", "chair"),
        ("floor", "chair"),
        ("floor", "delegate"),
        ("floor_poll", "delegate"),
        ("projector", "delegate"),
        ("floor_record", "chair"),
        ("floor_activity", "chair"),
    ],
)
def test_floor_pages_make_the_same_queries_with_60_speakers_and_40_motions(
    page, who, role_client, committee, session, chair, django_assert_max_num_queries
):
    client = role_client(who)
    crowd(committee, session, chair, speakers=3, motions=3)
    small = count_queries(client, url(page, committee))
    crowd(committee, session, chair, speakers=60, motions=40)
    assert SpeakerEntry.objects.filter(status="waiting").count() == 58  # 60, two recognised
    assert FloorMotion.objects.filter(status="pending").count() == 40
    with django_assert_max_num_queries(small):
        assert client.get(url(page, committee)).status_code == 200


SETTINGS_ACCESS = {
    "anonymous": "login",
    "delegate": 403,
    "other_delegate": 403,
    "chair": 200,
    "other_chair": 404,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_floor_settings_page_per_role(role, role_client, committee):
    from committees.models.floor import FloorSettings

    client = role_client(role)
    address = url("floor_settings", committee)
    assert outcome(client.get(address)) == SETTINGS_ACCESS[role]
    answers = {
        "speaking_time": "45",
        "reply_time": "30",
        "yield_to_questions": "on",
        "note_mode": "approval",
        "note_limit": "120",
    }
    response = client.post(address, answers)
    settings = FloorSettings.objects.filter(committee=committee).first()
    if SETTINGS_ACCESS[role] != 200:
        assert outcome(response) == SETTINGS_ACCESS[role]
        assert settings is None or settings.speaking_time == 90
        return
    assert response.status_code == 302
    assert settings.speaking_time == 45 and settings.reply_time == 30
    assert settings.yield_to_questions and not settings.yield_to_delegate
    assert settings.note_mode == "approval" and settings.note_limit == 120
    # Bad input: a clear message, nothing changed, what was typed is still there.
    bad = client.post(address, {**answers, "speaking_time": "5", "note_limit": "9000"})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert 'value="9000"' in page and 'role="alert"' in page
    settings.refresh_from_db()
    assert settings.speaking_time == 45 and settings.note_limit == 120
    assert 'href="' + address + '"' in client.get(url("chair", committee)).content.decode()
