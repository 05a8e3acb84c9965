"""An upload handler that stops keeping a file once it is past the evidence cap.

First in ``FILE_UPLOAD_HANDLERS``: it counts each file's bytes as they stream in and
passes them on to Django's own handlers (memory, then a temporary file) only while the
file is within ``EVIDENCE_MAX_BYTES``. Past it, nothing more is kept and the file comes
out as an empty stand-in that still tells its real size, so the evidence service refuses
it with its usual message (``services.evidence_add_file``). The body as a whole is capped
before Django reads it (``backend.api.body_limit``).
"""
import io

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """What is left of a file past the cap: its name and its size, no content."""

    def __init__(self, name, size, content_type):
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.EVIDENCE_MAX_BYTES:
            return None  # dropped: the handlers after this one keep nothing more
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.EVIDENCE_MAX_BYTES:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None  # within the cap: the next handler's file
