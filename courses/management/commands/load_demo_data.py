from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from courses.demo import DEMO_PASSWORD, create_demo_data
from courses.models import Course


class Command(BaseCommand):
    help = "Create the demo organisation and accounts (idempotent) and print the logins."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = create_demo_data(now=timezone.now())
        except Course.DoesNotExist as error:
            raise CommandError("Load the content first: python manage.py load_content") from error
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for account in accounts:
            self.stdout.write(f"  {account.email:<24} {account.role}")
