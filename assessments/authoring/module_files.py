"""A module with its quizzes as the files the platform ships (``modules/content/NN-slug/``),
packed in a .zip: written for export, read back for import.

Export writes the live content through the pure serializers next to the parsers, then
parses what it wrote, so it never hands out files the import would refuse. Reading an
upload is guarded before any parsing: a size limit on the upload, a cap on the number
of files and on their total unpacked size (read in bounded pieces, so a zip bomb's
headers cannot lie past it), no absolute paths or ``..``, and nothing but the names a
module folder holds. Then the files go through the same strict parsers as the shipped
content; every problem is an ArchiveRefused or a ContentError naming the file.
"""

import dataclasses
import io
import re
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from assessments.authoring.content import quiz_data
from assessments.authoring.validation import parse_quiz_data
from assessments.content_files import (
    CHECK_FILE,
    QUIZ_FILE,
    QuizSpec,
    check_file_name,
    parse_module_quizzes,
    render_quiz_file,
)
from assessments.models import Quiz
from modules.authoring.files import module_spec
from modules.content_files import (
    LESSON_FILE,
    MODULE_DIR,
    ContentError,
    ModuleSpec,
    module_folder_name,
    parse_module,
    render_module_files,
)
from modules.models import Module

DEFAULT_MAX_UPLOAD_BYTES = 1024 * 1024
MAX_UNPACKED_BYTES = 8 * 1024 * 1024
MAX_FILES = 210  # two module files, two per lesson for 100 lessons, the quiz, the checks
MODULE_FILE = re.compile(r"^module\.[a-z]{2}\.md$")
CHUNK = 64 * 1024

Files = dict[str, str]  # path in the archive -> text


class ArchiveRefused(Exception):
    """The upload is not a module's archive we accept; ``message`` says why."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def max_upload_bytes() -> int:
    return int(getattr(settings, "AUTHORING_MAX_IMPORT_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


# Export ------------------------------------------------------------------------------


def module_files(module: Module, *, position: int, quizzes: list[Quiz]) -> Files:
    """The module's live content as its files. Expects the module's lessons with their
    blocks, and the quizzes' questions and choices, prefetched. Raises ContentError
    (naming the file) for content the file format cannot hold, such as a lesson
    without a summary."""
    spec = module_spec(module, position=position)
    files = render_module_files(spec)
    folder = module_folder_name(spec)
    lessons = {lesson.pk: lesson for lesson in module.lessons.all()}
    for quiz in quizzes:
        lesson = lessons.get(quiz.lesson_id) if quiz.lesson_id else None
        name = check_file_name(lesson.position, lesson.slug) if lesson else QUIZ_FILE
        try:
            quiz_spec = parse_quiz_data(
                quiz_data(quiz), module_slug=module.slug, lesson_slug=lesson.slug if lesson else ""
            )
        except ContentError as error:
            raise ContentError(f"{folder}/{name}", error.field, error.message) from None
        files[f"{folder}/{name}"] = render_quiz_file(quiz_spec)
    parse_module_archive_files(files)  # what we hand out, we take back
    return files


def pack(files: Files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            archive.writestr(name, files[name].encode())
    return buffer.getvalue()


# Import ------------------------------------------------------------------------------


def _check_name(name: str) -> tuple[str, str]:
    """(folder, file) of an accepted archive name; ArchiveRefused otherwise."""
    parts = name.split("/")
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in parts
        or re.match(r"^[A-Za-z]:", name)
    ):
        raise ArchiveRefused(
            _("%(name)s: paths must stay inside the module's folder.") % {"name": name}
        )
    if len(parts) == 2 and parts[1] == "":
        parts = [parts[0], ""]
    if len(parts) != 2 or not MODULE_DIR.match(parts[0]):
        raise ArchiveRefused(
            _(
                "%(name)s: the archive must hold one module folder (like 01-module-slug) "
                "with the module's files directly in it."
            )
            % {"name": name}
        )
    folder, file = parts
    if file and not (
        MODULE_FILE.match(file)
        or LESSON_FILE.match(file)
        or file == QUIZ_FILE
        or CHECK_FILE.match(file)
    ):
        raise ArchiveRefused(
            _(
                "%(name)s: not a file of a module (module.en.md, 01-lesson.en.md, quiz.yaml, "
                "01-lesson.check.yaml)."
            )
            % {"name": name}
        )
    return folder, file


def read_archive(data: bytes) -> Files:
    """The module files in an uploaded .zip, checked as the module docstring says.
    Raises ArchiveRefused."""
    if len(data) > max_upload_bytes():
        raise ArchiveRefused(
            _("The file is larger than %(size)s KB.") % {"size": max_upload_bytes() // 1024}
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ArchiveRefused(_("This file is not a .zip archive.")) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_FILES:
            raise ArchiveRefused(
                _("The archive holds more than %(count)s files.") % {"count": MAX_FILES}
            )
        files: Files = {}
        folders: set[str] = set()
        budget = MAX_UNPACKED_BYTES
        for entry in entries:
            folder, file = _check_name(entry.filename)
            folders.add(folder)
            if len(folders) > 1:
                raise ArchiveRefused(_("The archive must hold exactly one module folder."))
            if not file:
                continue
            if entry.filename in files:
                raise ArchiveRefused(
                    _("%(name)s appears twice in the archive.") % {"name": entry.filename}
                )
            if entry.file_size > budget:
                raise ArchiveRefused(_("The archive unpacks to more than allowed."))
            content = _read_bounded(archive, entry, budget)
            budget -= len(content)
            try:
                files[entry.filename] = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                raise ArchiveRefused(
                    _("%(name)s is not UTF-8 text.") % {"name": entry.filename}
                ) from None
    if not files:
        raise ArchiveRefused(_("The archive holds no module files."))
    return files


def _read_bounded(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int) -> bytes:
    """The entry's bytes, reading no more than ``budget`` whatever its header claims."""
    pieces: list[bytes] = []
    size = 0
    try:
        with archive.open(entry) as stream:
            while piece := stream.read(CHUNK):
                size += len(piece)
                if size > budget:
                    raise ArchiveRefused(_("The archive unpacks to more than allowed."))
                pieces.append(piece)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        # Damaged data, a wrong checksum, an encrypted entry or an unknown compression.
        raise ArchiveRefused(
            _("%(name)s cannot be read from the archive.") % {"name": entry.filename}
        ) from None
    return b"".join(pieces)


def parse_module_archive_files(files: Files) -> tuple[ModuleSpec, list[QuizSpec]]:
    """The module and its quizzes through the content parsers. Raises ContentError with
    the file named by its path in the archive."""
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        for name, text in files.items():
            folder, file = name.split("/")
            # Only names _check_name accepted (or the serializer wrote) reach here.
            (root / folder).mkdir(exist_ok=True)
            (root / folder / file).write_text(text, encoding="utf-8")
        (folder_name,) = {name.split("/")[0] for name in files}
        try:
            module = parse_module(root / folder_name)
            quizzes = parse_module_quizzes(
                root / folder_name,
                module_slug=module.slug,
                lesson_slugs={lesson.slug for lesson in module.lessons},
            )
        except ContentError as error:
            where = Path(error.path)
            inside = where.relative_to(root) if where.is_relative_to(root) else where
            raise ContentError(inside.as_posix(), error.field, error.message) from None
    named = [
        dataclasses.replace(quiz, path=Path(quiz.path).relative_to(root).as_posix())
        for quiz in quizzes
    ]
    return module, named
