from typing import Any

from django.core.management.base import BaseCommand, CommandError

from courses.services import load_content
from modules.content_files import ContentError


class Command(BaseCommand):
    help = (
        "Load the modules and courses shipped in the repository. Idempotent; content a "
        "trainer has edited in the platform is never overwritten."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_content()
        except ContentError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        for label, items in (
            ("created", report.created),
            ("updated from the files", report.updated),
            ("kept as edited in the platform", report.kept_edited),
        ):
            for item in items:
                self.stdout.write(f"  {label}: {item}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Content loaded: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.kept_edited)} kept as edited, {len(report.unchanged)} unchanged."
            )
        )
