"""Lift a sign-in lockout: ``manage.py unlock_sign_in <username>``."""

from django.core.management.base import BaseCommand

from unodc_mun import throttle


class Command(BaseCommand):
    help = "Unlock an account that was locked after too many failed sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="+")

    def handle(self, *args, usernames, **options):
        for username in usernames:
            was = throttle.account_locked_for(username)
            throttle.unlock_account(username)
            state = "unlocked" if was else "was not locked"
            self.stdout.write(f"{username}: {state}.")
