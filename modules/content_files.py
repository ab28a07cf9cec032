"""Read the modules shipped as files in the repository.

Layout, under ``modules/content/``::

    01-customer-economics/            NN-<module slug>: NN orders the folders
        module.en.md                  front matter: title, summary [, published]
        module.da.md                  (optional: missing Danish falls back to English)
        01-what-a-customer-is-worth.en.md   NN-<lesson slug>.<language>.md
        01-what-a-customer-is-worth.da.md   front matter: title, summary, minutes [, published]

A lesson's body is Markdown, cut into blocks by directives on lines of their own::

    ::: callout tip|info|warning|example      ::: video https://player.vimeo.com/video/1
    Markdown text                             Caption
    :::                                       :::

    ::: image /static/img/journey.png | Description of the image for screen readers
    Caption
    :::

    ::: exercise calculator                   (or experience-profile, listening-routine,
    Optional introduction in Markdown          journey-map, action-plan)
    :::

Both languages of a lesson must have the same blocks in the same order. Everything here
is pure: parsing touches no database, so a bad file stops a load before anything is
written. Every problem is a ContentError naming the file and the field.
"""

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from modules.rendering import is_allowed_video_url

LANGUAGES = ("en", "da")
DEFAULT_LANGUAGE = "en"
CALLOUT_STYLES = frozenset({"info", "tip", "warning", "example"})
EXERCISES = (
    "calculator",
    "experience-profile",
    "listening-routine",
    "journey-map",
    "action-plan",
)
MODULE_DIR = re.compile(r"^(?P<position>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)$")
LESSON_FILE = re.compile(
    r"^(?P<position>\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<language>[a-z]{2})\.md$"
)
DIRECTIVE = re.compile(r"^:::\s*(?P<name>[a-z]*)\s*(?P<argument>.*?)\s*$")
MAX_TITLE = 200
MAX_SUMMARY = 400

Translated = dict[str, str]


class ContentError(Exception):
    """A content file is missing, malformed, or disagrees with its translation."""

    def __init__(self, path: Path | str, field: str, message: str) -> None:
        self.path = str(path)
        self.field = field
        self.message = message
        super().__init__(f"{self.path}: {field}: {message}")


@dataclass(frozen=True)
class BlockSpec:
    kind: str
    style: str = ""
    body: Translated = field(default_factory=dict)
    url: str = ""
    alt_text: Translated = field(default_factory=dict)
    exercise: str = ""


@dataclass(frozen=True)
class LessonSpec:
    slug: str
    position: int
    title: Translated
    summary: Translated
    minutes: int
    published: bool
    blocks: tuple[BlockSpec, ...]

    @property
    def checksum(self) -> str:
        return fingerprint(
            lesson_fingerprint_data(
                self.title, self.summary, self.minutes, self.position, self.published, self.blocks
            )
        )


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    position: int
    title: Translated
    summary: Translated
    introduction: Translated
    published: bool
    lessons: tuple[LessonSpec, ...]

    @property
    def checksum(self) -> str:
        return fingerprint(
            module_fingerprint_data(self.title, self.summary, self.introduction, self.published)
        )


# Translated fields ---------------------------------------------------------------------
# django-modeltranslation keeps a column per language (title_en, title_da); these read
# and write them as one {language: text} mapping, the shape the files use.


def translations_of(obj: object, name: str) -> Translated:
    """Every language's text of a translated field; empty text for a missing one."""
    return {language: getattr(obj, f"{name}_{language}") or "" for language in LANGUAGES}


def set_translations(obj: object, name: str, values: Mapping[str, str]) -> None:
    for language in LANGUAGES:
        setattr(obj, f"{name}_{language}", values.get(language, ""))


# Fingerprints ------------------------------------------------------------------------
# The loader compares the fingerprint of what is in the database with the one stored at
# the last load, so these functions take plain values that both the files and the
# database rows can provide.


def fingerprint(data: object) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _languages(values: Mapping[str, str | None]) -> Translated:
    return {language: (values.get(language) or "").strip() for language in LANGUAGES}


def module_fingerprint_data(
    title: Mapping[str, str | None],
    summary: Mapping[str, str | None],
    introduction: Mapping[str, str | None],
    published: bool,
) -> dict[str, Any]:
    return {
        "published": published,
        "title": _languages(title),
        "summary": _languages(summary),
        "introduction": _languages(introduction),
    }


def lesson_fingerprint_data(
    title: Mapping[str, str | None],
    summary: Mapping[str, str | None],
    minutes: int,
    position: int,
    published: bool,
    blocks: Iterable[BlockSpec],
) -> dict[str, Any]:
    return {
        "position": position,
        "published": published,
        "title": _languages(title),
        "summary": _languages(summary),
        "minutes": minutes,
        "blocks": [
            {
                # Left out when empty, so lessons without exercises keep the fingerprints
                # stored before exercises existed (and are not taken for trainer edits).
                **{k: v for k, v in asdict(block).items() if k != "exercise" or v},
                "body": _languages(block.body),
                "alt_text": _languages(block.alt_text),
            }
            for block in blocks
        ],
    }


# Parsing -----------------------------------------------------------------------------


def read_front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """Split a file into its YAML header and its Markdown body."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError(path, "file", "is not UTF-8 text") from error
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, "front matter", "the file must start with a '---' line")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ContentError(path, "front matter", "no closing '---' line") from None
    try:
        header = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        raise ContentError(path, "front matter", f"is not valid YAML ({error})") from error
    if not isinstance(header, dict):
        raise ContentError(path, "front matter", "must be a list of 'field: value' lines")
    return header, "\n".join(lines[end + 1 :]).strip("\n")


def _text_field(
    path: Path, header: Mapping[str, Any], name: str, *, max_length: int, required: bool
) -> str:
    value = header.get(name)
    if value is None:
        if required:
            raise ContentError(path, name, "is missing")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise ContentError(path, name, "must be a non-empty text")
    if len(value) > max_length:
        raise ContentError(path, name, f"is longer than {max_length} characters")
    return value.strip()


def _bool_field(path: Path, header: Mapping[str, Any], name: str, *, default: bool) -> bool:
    value = header.get(name, default)
    if not isinstance(value, bool):
        raise ContentError(path, name, "must be true or false")
    return value


def _check_known_fields(path: Path, header: Mapping[str, Any], known: set[str]) -> None:
    for name in header:
        if name not in known:
            raise ContentError(
                path, str(name), f"is not a known field (known: {', '.join(sorted(known))})"
            )


def parse_blocks(path: Path, body: str) -> list[tuple[str, str, str, str, str]]:
    """Cut a lesson body into (kind, style, text, url, alt text) tuples, in order."""
    blocks: list[tuple[str, str, str, str, str]] = []
    buffer: list[str] = []
    open_block: tuple[str, str, str, str, int] | None = None  # kind, style, url, alt, line

    def flush_text() -> None:
        text = "\n".join(buffer).strip()
        if text:
            blocks.append(("text", "", text, "", ""))
        buffer.clear()

    for number, line in enumerate(body.splitlines(), start=1):
        match = DIRECTIVE.match(line)
        if not match:
            buffer.append(line)
            continue
        name, argument = match["name"], match["argument"]
        where = f"body, line {number}"
        if open_block is None:
            if not name:
                raise ContentError(path, where, "':::' closes nothing")
            flush_text()
            open_block = (*_open_directive(path, where, name, argument), number)
            continue
        if name:
            raise ContentError(
                path, where, f"'::: {name}' inside another block (close it with ':::' first)"
            )
        kind, style, url, alt, _line = open_block
        text = "\n".join(buffer).strip()
        if kind == "callout" and not text:
            raise ContentError(path, where, "the callout is empty")
        blocks.append((kind, style, text, url, alt))
        buffer.clear()
        open_block = None
    if open_block is not None:
        raise ContentError(
            path, f"body, line {open_block[4]}", f"'::: {open_block[0]}' is never closed"
        )
    flush_text()
    if not blocks:
        raise ContentError(path, "body", "is empty")
    return blocks


def _open_directive(path: Path, where: str, name: str, argument: str) -> tuple[str, str, str, str]:
    if name == "callout":
        if argument not in CALLOUT_STYLES:
            raise ContentError(
                path, where, f"callout style must be one of {', '.join(sorted(CALLOUT_STYLES))}"
            )
        return ("callout", argument, "", "")
    if name == "video":
        if not is_allowed_video_url(argument):
            raise ContentError(
                path, where, "video address must be an https player on the allow-list"
            )
        return ("video", "", argument, "")
    if name == "image":
        url, _sep, alt = (part.strip() for part in argument.partition("|"))
        if not url.startswith(("/static/", "/media/", "https://")):
            raise ContentError(
                path, where, "image address must start with /static/, /media/ or https://"
            )
        if not alt:
            raise ContentError(path, where, "an image needs a description after '|'")
        return ("image", "", url, alt)
    if name == "exercise":
        # The exercise's name travels in the style slot until _merge_blocks.
        if argument not in EXERCISES:
            raise ContentError(path, where, f"exercise must be one of {', '.join(EXERCISES)}")
        return ("exercise", argument, "", "")
    raise ContentError(
        path, where, f"unknown directive '{name}' (known: callout, exercise, image, video)"
    )


def _merge_blocks(
    path_by_language: Mapping[str, Path], parsed: Mapping[str, list[tuple[str, str, str, str, str]]]
) -> tuple[BlockSpec, ...]:
    reference = parsed[DEFAULT_LANGUAGE]
    for language, blocks in parsed.items():
        shape = [(kind, style, url) for kind, style, _text, url, _alt in blocks]
        expected = [(kind, style, url) for kind, style, _text, url, _alt in reference]
        if shape != expected:
            raise ContentError(
                path_by_language[language],
                "body",
                f"its blocks (callouts, exercises, images, videos) differ from the "
                f"{DEFAULT_LANGUAGE} file's; "
                "both languages need the same blocks in the same order",
            )
    return tuple(
        BlockSpec(
            kind=kind,
            style="" if kind == "exercise" else style,
            url=url,
            body={language: parsed[language][index][2] for language in parsed},
            alt_text={language: parsed[language][index][4] for language in parsed},
            exercise=style if kind == "exercise" else "",
        )
        for index, (kind, style, _text, url, _alt) in enumerate(reference)
    )


def _files_by_language(
    folder: Path, pattern: re.Pattern[str]
) -> dict[tuple[int, str], dict[str, Path]]:
    found: dict[tuple[int, str], dict[str, Path]] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("module.") or not path.name.endswith(".md"):
            continue
        match = pattern.match(path.name)
        if not match:
            raise ContentError(path, "file name", "must look like 01-lesson-slug.en.md")
        if match["language"] not in LANGUAGES:
            raise ContentError(path, "file name", f"language must be one of {', '.join(LANGUAGES)}")
        key = (int(match["position"]), match["slug"])
        found.setdefault(key, {})[match["language"]] = path
    return found


def parse_lesson(position: int, slug: str, paths: Mapping[str, Path]) -> LessonSpec:
    if DEFAULT_LANGUAGE not in paths:
        some_path = next(iter(paths.values()))
        raise ContentError(some_path, "file", f"has no {DEFAULT_LANGUAGE} version beside it")
    titles: Translated = {}
    summaries: Translated = {}
    parsed: dict[str, list[tuple[str, str, str, str, str]]] = {}
    minutes = 0
    published = True
    for language in LANGUAGES:
        path = paths.get(language)
        if path is None:
            continue
        header, body = read_front_matter(path)
        _check_known_fields(path, header, {"title", "summary", "minutes", "published"})
        titles[language] = _text_field(path, header, "title", max_length=MAX_TITLE, required=True)
        summaries[language] = _text_field(
            path, header, "summary", max_length=MAX_SUMMARY, required=True
        )
        value = header.get("minutes")
        if value is None:
            raise ContentError(path, "minutes", "is missing")
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 240:
            raise ContentError(path, "minutes", "must be a whole number from 1 to 240")
        is_published = _bool_field(path, header, "published", default=True)
        if language == DEFAULT_LANGUAGE:
            minutes, published = value, is_published
        parsed[language] = parse_blocks(path, body)
    return LessonSpec(
        slug=slug,
        position=position,
        title=titles,
        summary=summaries,
        minutes=minutes,
        published=published,
        blocks=_merge_blocks(paths, parsed),
    )


def parse_module(folder: Path) -> ModuleSpec:
    match = MODULE_DIR.match(folder.name)
    if not match:
        raise ContentError(folder, "folder name", "must look like 01-module-slug")
    titles: Translated = {}
    summaries: Translated = {}
    introductions: Translated = {}
    published = True
    for language in LANGUAGES:
        path = folder / f"module.{language}.md"
        if not path.is_file():
            if language == DEFAULT_LANGUAGE:
                raise ContentError(path, "file", "is missing")
            continue
        header, body = read_front_matter(path)
        _check_known_fields(path, header, {"title", "summary", "published"})
        titles[language] = _text_field(path, header, "title", max_length=MAX_TITLE, required=True)
        summaries[language] = _text_field(
            path, header, "summary", max_length=MAX_SUMMARY, required=True
        )
        introductions[language] = body.strip()
        is_published = _bool_field(path, header, "published", default=True)
        if language == DEFAULT_LANGUAGE:
            published = is_published
    lessons = tuple(
        parse_lesson(position, slug, paths)
        for (position, slug), paths in sorted(_files_by_language(folder, LESSON_FILE).items())
    )
    if not lessons:
        raise ContentError(folder, "lessons", "the module has no lesson files")
    slugs = [lesson.slug for lesson in lessons]
    for slug in {slug for slug in slugs if slugs.count(slug) > 1}:
        raise ContentError(folder, "lessons", f"the lesson '{slug}' appears under two numbers")
    return ModuleSpec(
        slug=match["slug"],
        position=int(match["position"]),
        title=titles,
        summary=summaries,
        introduction=introductions,
        published=published,
        lessons=lessons,
    )


def parse_content_tree(root: Path) -> list[ModuleSpec]:
    """Parse every module folder under root; raise the first ContentError found."""
    if not root.is_dir():
        raise ContentError(root, "folder", "does not exist")
    modules = [parse_module(folder) for folder in sorted(root.iterdir()) if folder.is_dir()]
    slugs = [module.slug for module in modules]
    for slug in {slug for slug in slugs if slugs.count(slug) > 1}:
        raise ContentError(root, "modules", f"the module '{slug}' appears in two folders")
    return modules


# Writing -----------------------------------------------------------------------------
# The parsers' inverse, used to export a module from the platform: for every spec the
# parsers produce, parsing what these write gives the same spec back. What the format
# cannot hold (two text blocks in a row, a text line that reads as a directive, a
# language with a block's text missing) raises ContentError instead of being written
# wrong.


class _ContentDumper(yaml.SafeDumper):
    """YAML as the shipped files are written: keys in the given order, lists indented
    under their key, and long or multi-line texts (Markdown) as literal blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value or len(value) > 80:
        # Written with the final line break of a block; every parser strips it again.
        text = value if value.endswith("\n") else f"{value}\n"
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_ContentDumper.add_representer(str, _represent_text)


def dump_yaml(data: Mapping[str, Any]) -> str:
    """YAML text that the content parsers read back to the same values (texts come back
    with surrounding white space, which the parsers strip)."""
    return yaml.dump(
        dict(data), Dumper=_ContentDumper, allow_unicode=True, sort_keys=False, width=10_000
    )


def module_folder_name(module: ModuleSpec) -> str:
    return f"{module.position:02d}-{module.slug}"


def lesson_file_name(lesson: LessonSpec, language: str) -> str:
    return f"{lesson.position:02d}-{lesson.slug}.{language}.md"


def _with_front_matter(header: Mapping[str, Any], body: str) -> str:
    # Texts in double quotes, as in the shipped files; a JSON string is a valid YAML one.
    fields = "".join(
        f"{name}: {json.dumps(value, ensure_ascii=False)}\n" for name, value in header.items()
    )
    return f"---\n{fields}---\n{body}\n" if body else f"---\n{fields}---\n"


def _render_block(name: str, number: int, block: BlockSpec, language: str) -> str:
    where = f"block {number}"
    body = block.body.get(language, "")
    if any(DIRECTIVE.match(line) for line in body.splitlines()):
        raise ContentError(name, where, "a line of its text starts with ':::'")
    if block.kind == "text":
        if not body:
            raise ContentError(name, where, f"has no text in {language}")
        return body
    if block.kind == "callout":
        opening = f"::: callout {block.style}"
    elif block.kind == "video":
        opening = f"::: video {block.url}"
    elif block.kind == "image":
        opening = f"::: image {block.url} | {block.alt_text.get(language, '')}"
    elif block.kind == "exercise":
        opening = f"::: exercise {block.exercise}"
    else:
        raise ContentError(name, where, f"unknown kind of block '{block.kind}'")
    return "\n".join(part for part in (opening, body, ":::") if part)


def render_lesson_file(lesson: LessonSpec, language: str) -> str:
    """One language's file of a lesson (NN-<slug>.<language>.md)."""
    name = lesson_file_name(lesson, language)
    header: dict[str, Any] = {
        "title": lesson.title.get(language, ""),
        "summary": lesson.summary.get(language, ""),
        "minutes": lesson.minutes,
    }
    if not lesson.published:
        header["published"] = False
    for number, (first, second) in enumerate(pairwise(lesson.blocks), start=1):
        if first.kind == second.kind == "text":
            raise ContentError(name, f"block {number + 1}", "two text blocks in a row")
    body = "\n\n".join(
        _render_block(name, number, block, language)
        for number, block in enumerate(lesson.blocks, start=1)
    )
    return _with_front_matter(header, body)


def render_module_file(module: ModuleSpec, language: str) -> str:
    """One language's module.<language>.md."""
    header: dict[str, Any] = {
        "title": module.title.get(language, ""),
        "summary": module.summary.get(language, ""),
    }
    if not module.published:
        header["published"] = False
    return _with_front_matter(header, module.introduction.get(language, ""))


def render_module_files(module: ModuleSpec) -> dict[str, str]:
    """Every file of the module's folder, by path under the content root
    (``01-customer-economics/module.en.md``, ...). A language is written for the module
    or a lesson when its title is given in that language, as the parser reads it back."""
    folder = module_folder_name(module)
    files = {
        f"{folder}/module.{language}.md": render_module_file(module, language)
        for language in LANGUAGES
        if language in module.title
    }
    for lesson in module.lessons:
        for language in LANGUAGES:
            if language in lesson.title:
                files[f"{folder}/{lesson_file_name(lesson, language)}"] = render_lesson_file(
                    lesson, language
                )
    return files
