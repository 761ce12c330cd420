from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Load the demo committee and its content. Safe to run again: it changes nothing."

    def handle(self, *args, **options):
        for dotted in settings.DEMO_LOADERS:
            import_string(dotted)(stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo ready. Log in with any of these accounts:"))
        self.stdout.write(f"  password for all: {settings.DEMO_PASSWORD}")
        for username, role in [
            ("admin", "secretariat (admin)"),
            ("chair", "chair of UNODC"),
            ("us1, us2", "delegates of the United States"),
            ("mx1, mx2", "delegates of Mexico"),
            ("cn1, cn2", "delegates of China"),
        ]:
            self.stdout.write(f"  {username:<10} {role}")
