"""Nothing typed is lost: idempotent saves are keyed by person, section, key *and* text, and
every conflicted text is kept as a version of the person's draft until they settle it."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from positions.engines.merge import merge
from positions.models import Block, Draft, DraftVersion, Revision
from positions.services import coedit
from positions.services.papers import get_or_create_paper
from tests import factories


@pytest.fixture
def block(committee):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    return paper.document.blocks.get(key="background")


def save(block, user, text, base, op=""):
    return coedit.save_block(
        block=Block.objects.get(pk=block.pk),
        user=user,
        text=text,
        base_revision_id=base,
        client_op_id=op,
    )


def findable(block, user, text) -> bool:
    """Is ``text`` (submitted by ``user``) in a revision, merged into one, or a draft of theirs?"""
    if Revision.objects.filter(block=block, text=text).exists():
        return True
    for revision in Revision.objects.filter(
        block=block, author=user, text_digest=coedit.text_digest(text), kind="merge"
    ).select_related("merged_from", "parent"):
        base = revision.merged_from.text if revision.merged_from else ""
        if merge(base, revision.parent.text, text).text == revision.text:
            return True
    return (
        DraftVersion.objects.filter(block=block, user=user, text=text).exists()
        or Draft.objects.filter(block=block, user=user, text=text).exists()
    )


# ---------------------------------------------------------------------------- idempotency


def test_another_persons_key_never_replays(block, delegate, teammate):
    first = save(block, delegate, "Cartels use drones.", None, op="K")
    second = save(block, teammate, "Customs share data.", first.revision.pk, op="K")
    assert second.status == "saved" and not second.replayed
    assert Revision.objects.get(block=block, author=teammate).text == "Customs share data."


def test_the_same_key_with_other_text_is_a_new_save(block, delegate):
    first = save(block, delegate, "Cartels use drones.", None, op="K")
    second = save(block, delegate, "Cartels use boats.", first.revision.pk, op="K")
    assert second.status == "saved" and not second.replayed
    assert second.revision.text == "Cartels use boats."
    assert Revision.objects.filter(block=block).count() == 2


def test_a_retry_of_the_same_text_with_the_same_key_writes_nothing(block, delegate):
    first = save(block, delegate, "Cartels use drones.", None, op="K")
    again = save(block, delegate, "Cartels use drones.", None, op="K")
    assert again.replayed and again.status == "saved"
    assert Revision.objects.filter(block=block).count() == 1
    assert again.revision == first.revision


def test_a_retried_merge_replays_against_the_text_sent_not_the_merged_text(
    block, delegate, teammate
):
    base = save(block, delegate, "Drones cross borders. Cartels use AI.", None)
    save(block, teammate, "Drones cross many borders. Cartels use AI.", base.revision.pk)
    mine = "Drones cross borders. Cartels use generative AI."
    merged = save(block, delegate, mine, base.revision.pk, op="M")
    assert merged.status == "merged"
    again = save(block, delegate, mine, base.revision.pk, op="M")
    assert again.replayed and again.status == "merged"
    assert Revision.objects.filter(block=block).count() == 3


def test_the_database_refuses_a_second_revision_for_one_keyed_save(block, delegate):
    first = save(block, delegate, "Cartels use drones.", None, op="K")
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(
            block=block,
            parent=first.revision,
            author=delegate,
            text="Cartels use drones.",
            client_op_id="K",
            text_digest=first.revision.text_digest,
        )


def test_a_key_with_control_characters_is_refused_with_a_message(block, delegate):
    with pytest.raises(coedit.CoeditError, match="save key"):
        save(block, delegate, "Text.", None, op="K\x00")
    assert not Revision.objects.filter(block=block).exists()


# ---------------------------------------------------------------------------- conflicts pile up


def test_conflicts_accumulate_as_versions_of_the_draft(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI.", None)
    save(block, teammate, "Cartels misuse AI.", base.revision.pk)
    texts = [f"Cartels exploit AI {n}." for n in range(3)]
    for n, text in enumerate(texts):
        outcome = save(block, delegate, text, base.revision.pk, op=f"c{n}")
        assert outcome.status == "conflict"
    versions = coedit.open_versions(block=block, user=delegate)
    assert [v.text for v in versions] == texts[::-1]
    assert Draft.objects.get(block=block, user=delegate).text == texts[-1]
    # A retry of a conflicted save adds nothing.
    assert save(block, delegate, texts[0], base.revision.pk, op="c0").replayed
    assert DraftVersion.objects.filter(block=block, user=delegate).count() == 3


def test_settling_takes_the_chosen_earlier_text_and_keeps_every_version(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI. Drones fly.", None)
    save(block, teammate, "Cartels misuse AI. Drones fly.", base.revision.pk)
    save(block, delegate, "Cartels exploit AI. Drones fly.", base.revision.pk)
    save(block, delegate, "Cartels abuse AI. Drones fly.", base.revision.pk)
    earliest = coedit.open_versions(block=block, user=delegate)[-1]
    outcome = coedit.resolve_conflict(
        block=block, user=delegate, choice="mine", version_id=earliest.pk
    )
    assert outcome.status == "saved"
    assert outcome.text == "Cartels exploit AI. Drones fly."
    assert not Draft.objects.filter(block=block, user=delegate).exists()
    assert coedit.open_versions(block=block, user=delegate) == []
    assert DraftVersion.objects.filter(block=block, user=delegate).count() == 2
    assert findable(block, delegate, "Cartels abuse AI. Drones fly.")


def test_someone_elses_earlier_text_cannot_be_taken(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI.", None)
    save(block, teammate, "Cartels misuse AI.", base.revision.pk)
    save(block, delegate, "Cartels exploit AI.", base.revision.pk)
    theirs = save(block, teammate, "Cartels abuse AI.", base.revision.pk)
    assert theirs.status == "conflict"
    foreign = DraftVersion.objects.get(user=teammate)
    with pytest.raises(coedit.CoeditError):
        coedit.resolve_conflict(block=block, user=delegate, choice="mine", version_id=foreign.pk)


def test_a_plain_save_elsewhere_does_not_throw_away_an_open_conflict(block, delegate, teammate):
    base = save(block, delegate, "Cartels use AI.", None)
    theirs = save(block, teammate, "Cartels misuse AI.", base.revision.pk)
    save(block, delegate, "Cartels exploit AI.", base.revision.pk)
    # From a second tab, on the fresh base.
    assert save(block, delegate, "Cartels misuse AI a lot.", theirs.revision.pk).status == "saved"
    assert Draft.objects.get(block=block, user=delegate).is_conflict
    assert findable(block, delegate, "Cartels exploit AI.")


PEOPLE = 16
SAVES = 25


def _sixteen_writers(committee):
    users = []
    for i in range(PEOPLE):
        user = factories.make_user(f"writer{i}")
        factories.seat_delegate(user, committee, "USA")
        users.append(user)
    return users


def test_sixteen_people_times_twenty_five_distinct_saves_from_one_stale_base_lose_nothing(
    committee, block
):
    users = _sixteen_writers(committee)
    base = save(block, users[0], "The committee shall act.", None)
    submitted = []
    for k in range(SAVES):
        for i, user in enumerate(users):
            text = f"The committee shall act, says writer {i} in save {k}."
            save(block, user, text, base.revision.pk, op=f"w{i}-{k}")
            submitted.append((user, text))
    lost = [text for user, text in submitted if not findable(block, user, text)]
    print(f"\n16 x 25 distinct saves from one stale base: {len(lost)} of {len(submitted)} lost")
    assert lost == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_sixteen_people_saving_at_once_from_one_stale_base_lose_nothing(committee):
    paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
    block = paper.document.blocks.get(key="background")
    users = _sixteen_writers(committee)
    base = save(block, users[0], "The committee shall act.", None)
    submitted: list[tuple[object, str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    go = threading.Barrier(PEOPLE)

    def writer(i: int) -> None:
        try:
            go.wait()
            for k in range(SAVES):
                text = f"The committee shall act, says writer {i} in save {k}."
                save(block, users[i], text, base.revision.pk, op=f"w{i}-{k}")
                with lock:
                    submitted.append((users[i], text))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(submitted) == PEOPLE * SAVES
    lost = [text for user, text in submitted if not findable(block, user, text)]
    print(f"\n16 x 25 concurrent saves from one stale base: {len(lost)} of {len(submitted)} lost")
    assert lost == []


# ---------------------------------------------------------------------------- random histories

WORDS = ["Cartels", "use", "AI", "drones", "cross", "borders", "customs", "share", "data"]


class RandomHistories(RuleBasedStateMachine):
    """Three people save, retry, reuse keys, autosave and settle conflicts from random (often
    stale) bases. After every step, every text anyone submitted is findable."""

    @initialize()
    def setup(self):
        RandomHistories.runs += 1
        committee = factories.make_committee(
            f"h{RandomHistories.runs}", countries=("USA",), acronym=f"H{RandomHistories.runs}"
        )
        paper = get_or_create_paper(delegation=factories.delegation(committee, "USA"))
        self.block = paper.document.blocks.get(key="background")
        self.users = []
        for n in range(3):
            user = factories.make_user(f"h{RandomHistories.runs}u{n}")
            factories.seat_delegate(user, committee, "USA")
            self.users.append(user)
        self.bases: list[int | None] = [None]
        self.submitted: list[tuple[object, str]] = []
        self.settled: set[tuple[int, str]] = set()

    def _text(self, words):
        return " ".join(words) + "."

    @rule(
        who=st.integers(0, 2),
        words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
        base=st.integers(0, 1000),
        key=st.sampled_from(["", "k1", "k2", "k3"]),
    )
    def save(self, who, words, base, key):
        user, text = self.users[who], self._text(words)
        outcome = save(self.block, user, text, self.bases[base % len(self.bases)], op=key)
        self.submitted.append((user, text))
        if outcome.status == "unchanged":
            # Already said: the current text holds it (the merge adds nothing).
            assert outcome.revision is not None
            self.submitted[-1] = (user, outcome.revision.text)
        if outcome.revision is not None and outcome.revision.pk not in self.bases:
            self.bases.append(outcome.revision.pk)

    @rule(who=st.integers(0, 2), choice=st.sampled_from(["mine", "theirs"]))
    def settle(self, who, choice):
        user = self.users[who]
        versions = coedit.open_versions(block=self.block, user=user)
        if not versions:
            return
        coedit.resolve_conflict(block=self.block, user=user, choice=choice)
        self.bases.append(Block.objects.get(pk=self.block.pk).current_revision_id)

    @invariant()
    def every_text_is_findable(self):
        if not hasattr(self, "block"):
            return
        lost = [t for u, t in self.submitted if not findable(self.block, u, t)]
        assert lost == []


RandomHistories.runs = 0


@pytest.mark.postgres
def test_random_concurrent_histories_lose_no_text(db):
    RandomHistories.TestCase.settings = hsettings(
        max_examples=40, stateful_step_count=25, deadline=None
    )
    RandomHistories.runs = 0
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(RandomHistories, settings=RandomHistories.TestCase.settings)
