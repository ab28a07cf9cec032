"""Template context shared by every page."""

from functools import lru_cache
from types import MappingProxyType

from django.http import HttpRequest
from django.urls import get_script_prefix, reverse


@lru_cache(maxsize=8)
def _site_urls(script_prefix: str) -> MappingProxyType[str, str]:
    return MappingProxyType(
        {
            "home": reverse("home"),
            "dashboard": reverse("courses:dashboard"),
            "hr": reverse("hr:cohorts"),
            "sign_out": reverse("account_logout"),
            "set_language": reverse("users:set_language"),
        }
    )


def site_urls(request: HttpRequest) -> dict[str, MappingProxyType[str, str]]:
    """The layout's fixed links, reversed once per process (per script prefix) instead of
    on every page: every page shows them, and reversing costs more than the lookup."""
    return {"site_urls": _site_urls(get_script_prefix())}
