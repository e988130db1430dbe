"""The consultation-response form with PDF attachments (``multipart/form-data``).

The other plan forms are URL-encoded; the response form also carries files, which become the
response's :class:`~praksisplan.plan.model.Attachment` values (base64; the plan model checks
each starts with ``%PDF-``). The access middleware's request limit (1 MB) bounds the form.
"""

from __future__ import annotations

import base64
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

ATTACHMENT_FIELD = "attachment"


async def response_form(request: Request) -> tuple[dict[str, list[str]], list[dict[str, Any]]]:
    """The form's text fields (as ``parse_qs`` gives them) and its attachments."""
    fields: dict[str, list[str]] = {}
    attachments: list[dict[str, Any]] = []
    async with request.form() as form:
        for name, value in form.multi_items():
            if isinstance(value, UploadFile):
                content = await value.read()
                if name == ATTACHMENT_FIELD and (value.filename or content):
                    attachments.append(
                        {
                            "filename": value.filename or "bilag.pdf",
                            "content_base64": base64.b64encode(content).decode("ascii"),
                        }
                    )
            else:
                fields.setdefault(name, []).append(value)
    return fields, attachments
