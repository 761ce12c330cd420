"""python manage.py import_guide PATH --committee SLUG [--dry-run] [--replace] [--json]"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from committees.engines.documents import MAX_BYTES
from committees.models import Committee
from committees.services.guides import GuideImportError, import_guide


class Command(BaseCommand):
    help = "Import a committee guide (.pdf, .docx, .md, .markdown, .txt) and show what was found."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The guide file.")
        parser.add_argument("--committee", required=True, help="Committee slug, e.g. unodc.")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace the committee's current guide."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the whole parsed structure as JSON."
        )

    def handle(self, *args, path, committee, dry_run, replace, **options):
        committee_obj = Committee.objects.filter(slug=committee).first()
        if committee_obj is None:
            known = ", ".join(Committee.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No committee with slug “{committee}” (known: {known}).")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        if file.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"“{file.name}” is {file.stat().st_size / 1048576:.1f} MB; the limit is 10 MB."
            )
        try:
            result = import_guide(
                committee=committee_obj,
                filename=file.name,
                data=file.read_bytes(),
                replace=replace,
                dry_run=dry_run,
            )
        except GuideImportError as error:
            raise CommandError(error.message) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.structure, ensure_ascii=False, indent=2))
            return
        s = result.structure
        verb = (
            "Parsed (dry run, nothing written)"
            if dry_run
            else ("Replaced the guide with" if result.replaced else "Imported")
        )
        self.stdout.write(self.style.SUCCESS(f"{verb} “{file.name}” for {committee_obj.slug}."))
        self.stdout.write(f"  Title:     {s['title']}")
        self.stdout.write(f"  Committee: {s['committee']}")
        self.stdout.write(f"  Topic:     {s['topic']}")
        self.stdout.write(f"  Chairs:    {', '.join(s['chairs']) or '—'}")
        self.stdout.write(
            f"  {result.section_count} sections, {len(s['facts'])} facts, {len(s['links'])} links, "
            f"{len(s['tables'])} tables, countries: "
            f"{', '.join(c['iso3'] for c in s['countries']) or '—'}"
        )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"  Warning: {warning}"))
