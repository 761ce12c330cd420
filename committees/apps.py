from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees"

    def ready(self) -> None:
        from committees import signals
        from committees.services import floor

        # A vote on a floor motion takes the motion's majority and applies its outcome.
        signals.vote_opened.connect(floor.on_vote_opened, dispatch_uid="floor-vote-opened")
        signals.vote_cancelled.connect(floor.on_vote_cancelled, dispatch_uid="floor-vote-cancel")
        signals.vote_closed.connect(floor.on_vote_closed, dispatch_uid="floor-vote-closed")

        from committees import live

        live.register()
