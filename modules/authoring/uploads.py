"""Images trainers upload into lessons: checked by their bytes, stored through Django's
storage API (local files by default; S3-compatible storage by setting STORAGES).

Pillow must recognise the file as a PNG, JPEG, GIF or WebP image and verify it; the
name and the browser's content type are not trusted. SVG is refused outright: it is a
document that can carry script.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
UPLOAD_FOLDER = "lesson-images"


class ImageRefused(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class StoredImage:
    name: str
    url: str


def max_image_bytes() -> int:
    return int(getattr(settings, "AUTHORING_MAX_IMAGE_BYTES", DEFAULT_MAX_IMAGE_BYTES))


def check_image(upload: UploadedFile) -> str:
    """The file's extension by its actual format; raises ImageRefused with the reason."""
    limit = max_image_bytes()
    if upload.size is not None and upload.size > limit:
        raise ImageRefused(
            _("The image is larger than %(megabytes)s MB.") % {"megabytes": limit // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(512).lstrip()
    upload.seek(0)
    name = (upload.name or "").lower()
    if name.endswith((".svg", ".svgz")) or head.startswith((b"<", b"\xef\xbb\xbf<")):
        raise ImageRefused(_("SVG images are not accepted: they can carry scripts."))
    try:
        with Image.open(upload) as image:
            image_format = image.format or ""
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageRefused(_("This file is not an image (PNG, JPEG, GIF or WebP).")) from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise ImageRefused(_("This file is not an image (PNG, JPEG, GIF or WebP)."))
    return FORMATS[image_format]


def store_image(upload: UploadedFile) -> StoredImage:
    """Check and store the image under a fresh name; raises ImageRefused."""
    extension = check_image(upload)
    name = default_storage.save(f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
    return StoredImage(name=name, url=default_storage.url(name))
