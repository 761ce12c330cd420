from django.apps import AppConfig


class UnodcMunConfig(AppConfig):
    name = "unodc_mun"
    verbose_name = "UNODC MUN"

    def ready(self):
        from unodc_mun import checks  # noqa: F401 - registers the deploy checks
