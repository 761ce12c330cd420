from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from committees.models import Committee
from committees.services.people import import_delegations_csv


class Command(BaseCommand):
    help = (
        "Create delegations and personal invite codes from a CSV file "
        "(columns: country, status, email, first_name, last_name). "
        "If any row is bad, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--committee", required=True, help="Committee slug, e.g. unodc")

    def handle(self, *args, path: Path, committee: str, **options):
        found = Committee.objects.filter(slug=committee).first()
        if found is None:
            raise CommandError(f'No committee "{committee}".')
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError as error:
            raise CommandError(f"No such file: {path}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path} is not a UTF-8 text CSV file.") from error
        report = import_delegations_csv(committee=found, text=text)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(f"{path}:{problem.line}: {problem.reason}")
            raise CommandError(f"{len(report.problems)} bad row(s); nothing was written.")
        for delegation in report.delegations_created:
            self.stdout.write(f"delegation  {delegation.country.name}")
        for email in report.seated_existing:
            self.stdout.write(f"seated      {email}")
        for invite in report.invites:
            self.stdout.write(f"invite      {invite.email}  {invite.code}  ({invite.seat_label})")
        self.stdout.write(self.style.SUCCESS("Import complete."))
