"""Read the courses shipped as files: ``courses/content/<course slug>.yaml``.

::

    title: {en: Customer-focused leadership, da: Kundefokuseret ledelse}
    summary: {en: ..., da: ...}
    published: true                # optional, default true
    modules: [customer-economics, emotional-and-functional-drivers, ...]

Pure parsing, like modules.content_files: problems raise ContentError.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from modules.content_files import DEFAULT_LANGUAGE, LANGUAGES, ContentError, Translated, fingerprint

COURSE_FILE = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.yaml$")
KNOWN_FIELDS = frozenset({"title", "summary", "published", "modules"})


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: Translated
    summary: Translated
    published: bool
    module_slugs: tuple[str, ...]

    @property
    def checksum(self) -> str:
        return fingerprint(
            course_fingerprint_data(self.title, self.summary, self.published, self.module_slugs)
        )


def course_fingerprint_data(
    title: Translated, summary: Translated, published: bool, module_slugs: tuple[str, ...]
) -> dict[str, Any]:
    return {
        "title": {language: title.get(language, "") or "" for language in LANGUAGES},
        "summary": {language: summary.get(language, "") or "" for language in LANGUAGES},
        "published": published,
        "modules": list(module_slugs),
    }


def _translated(path: Path, data: dict[str, Any], name: str, *, max_length: int) -> Translated:
    value = data.get(name)
    if not isinstance(value, dict):
        raise ContentError(path, name, "must give the text per language, e.g. {en: ..., da: ...}")
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise ContentError(path, name, f"unknown language {sorted(unknown)[0]!r}")
    if not isinstance(value.get(DEFAULT_LANGUAGE), str) or not value[DEFAULT_LANGUAGE].strip():
        raise ContentError(path, f"{name}.{DEFAULT_LANGUAGE}", "is missing")
    for language, text in value.items():
        if not isinstance(text, str) or len(text) > max_length:
            raise ContentError(
                path, f"{name}.{language}", f"must be a text of at most {max_length} characters"
            )
    return {language: text.strip() for language, text in value.items()}


def parse_course(path: Path) -> CourseSpec:
    match = COURSE_FILE.match(path.name)
    if not match:
        raise ContentError(path, "file name", "must look like course-slug.yaml")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ContentError(path, "file", f"is not valid UTF-8 YAML ({error})") from error
    if not isinstance(data, dict):
        raise ContentError(path, "file", "must be a list of 'field: value' lines")
    for name in data:
        if name not in KNOWN_FIELDS:
            raise ContentError(
                path, str(name), f"is not a known field (known: {', '.join(sorted(KNOWN_FIELDS))})"
            )
    modules = data.get("modules")
    if not isinstance(modules, list) or not modules or not all(isinstance(m, str) for m in modules):
        raise ContentError(path, "modules", "must be a non-empty list of module short names")
    if len(set(modules)) != len(modules):
        raise ContentError(path, "modules", "lists a module twice")
    published = data.get("published", True)
    if not isinstance(published, bool):
        raise ContentError(path, "published", "must be true or false")
    return CourseSpec(
        slug=match["slug"],
        title=_translated(path, data, "title", max_length=200),
        summary=_translated(path, data, "summary", max_length=400),
        published=published,
        module_slugs=tuple(modules),
    )


def parse_courses(root: Path, *, known_module_slugs: set[str]) -> list[CourseSpec]:
    if not root.is_dir():
        raise ContentError(root, "folder", "does not exist")
    specs = [parse_course(path) for path in sorted(root.glob("*.yaml"))]
    for spec in specs:
        for slug in spec.module_slugs:
            if slug not in known_module_slugs:
                raise ContentError(
                    root / f"{spec.slug}.yaml", "modules", f"no module folder for {slug!r}"
                )
    return specs
