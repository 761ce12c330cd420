from django.apps import AppConfig


class PositionsConfig(AppConfig):
    name = "positions"
    verbose_name = "Position papers"

    def ready(self) -> None:
        # Procedure (committees) decides votes and announces them through the named signals of
        # committees.signals; positions applies the outcome to what was voted on. It also
        # gives the chair's dashboard its queue of drafts and amendments.
        from positions import extensions, live, receivers

        live.register()

        receivers.connect()
        extensions.register()
