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

        from django.contrib.auth.signals import user_logged_in

        from committees.middleware import remember_language

        # A person's chosen interface language follows them to every device they log in on.
        user_logged_in.connect(remember_language, dispatch_uid="committees.remember_language")

        from django.utils import translation

        from committees.engines import i18n

        # The pure engines' messages (rules, votes, motions, clause checks) speak the request's
        # language once the app runs; the engines themselves stay free of Django.
        i18n.install(translation.gettext, translation.ngettext)
