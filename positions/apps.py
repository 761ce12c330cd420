from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = "Position papers"

    def ready(self) -> None:
        # Votes on amendments and draft resolutions are decided in committees' procedure;
        # the outcome is applied here, inside the vote's closing transaction.
        from django.db.models.signals import post_save

        from committees.models import Motion
        from committees.services.procedure import vote_closed
        from positions.services import amendments

        vote_closed.connect(amendments.on_vote_closed_signal, dispatch_uid="resolutions-vote")
        post_save.connect(
            amendments.on_motion_saved, sender=Motion, dispatch_uid="resolutions-motion"
        )
