"""A form's fields as hostile input: one parser for a GET query and a POST (urlencoded or
multipart) body, each value checked with a Danish error naming the field and the rule.

:func:`read_fields` gathers the query's and the body's fields (never the CSRF token) and reads
an uploaded file up to a size limit; the typed readers (:func:`boolean`, :func:`integer`,
:func:`decimal`, :func:`choice`) raise :class:`~praksisplan.core.errors.PraksisplanError`
such as *"Feltet 'Antal kapaciteter' skal være et helt tal, ikke 'tre'"*.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from fastapi import HTTPException, Request
from starlette.datastructures import ImmutableMultiDict, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from praksisplan.core.danish_numbers import format_amount_da, format_number_da
from praksisplan.core.errors import PraksisplanError
from praksisplan.web.auth.principal import CSRF_FIELD

#: The most fields and files a POSTed form may have (the Fordeling form has about 40 fields).
MAX_FIELDS, MAX_FILES = 400, 2
#: True and false as a checkbox, a radio button or a hand-made URL sends them.
TRUE_VALUES = frozenset({"true", "on", "1", "ja"})
_FALSE = frozenset({"false", "off", "0", "nej"})


@dataclass(frozen=True)
class FileField:
    """An uploaded file as read: its name and its first ``limit + 1`` bytes at most."""

    filename: str
    data: bytes = field(repr=False)


Fields = ImmutableMultiDict[str, str | FileField]


async def read_fields(request: Request, file_limit: int) -> Fields:
    """The query's fields, then (for a POST) the body's; files read up to ``file_limit + 1``
    bytes (so a reader can tell that a file is too large without holding all of it)."""
    items: list[tuple[str, str | FileField]] = list(request.query_params.multi_items())
    if request.method == "POST":
        try:
            async with request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS) as form:
                for name, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        data = await value.read(file_limit + 1)
                        if value.filename or data:
                            items.append((name, FileField(value.filename or "fil", data)))
                    else:
                        items.append((name, value))
        except StarletteHTTPException:  # Starlette's English "Too many fields …"
            raise HTTPException(
                400,
                f"Formularen har for mange felter eller filer; højst "
                f"{format_number_da(MAX_FIELDS)} felter og {MAX_FILES} filer",
            ) from None
    return ImmutableMultiDict([(k, v) for k, v in items if k != CSRF_FIELD])


def text(fields: Fields, name: str, label: str) -> str:
    """The field's text (stripped; the last one when repeated); "" when absent."""
    values = texts(fields, name, label)
    return values[-1] if values else ""


def texts(fields: Fields, name: str, label: str) -> list[str]:
    """Every value of a repeated field, stripped; a file where text belongs is refused."""
    values = fields.getlist(name)
    if any(isinstance(v, FileField) for v in values):
        raise PraksisplanError(f"Feltet '{label}' skal være tekst, ikke en fil")
    return [str(v).strip() for v in values]


def boolean(fields: Fields, name: str, label: str, default: bool) -> bool:
    value = text(fields, name, label).lower()
    if not value:
        return default
    if value in TRUE_VALUES or value in _FALSE:
        return value in TRUE_VALUES
    raise PraksisplanError(f"Feltet '{label}' skal være ja eller nej (true/false), ikke '{value}'")


def whole(value: str, label: str, low: int, high: int) -> int:
    """``value`` as a whole number in ``low … high``."""
    if not value.lstrip("-").isdigit():
        raise PraksisplanError(f"Feltet '{label}' skal være et helt tal, ikke '{value}'")
    number = int(value)
    if not low <= number <= high:
        raise PraksisplanError(
            f"Feltet '{label}' skal være mellem {format_number_da(low)} og "
            f"{format_number_da(high)}, ikke {format_number_da(number)}"
        )
    return number


def integer(fields: Fields, name: str, label: str, default: int, low: int, high: int) -> int:
    value = text(fields, name, label)
    return default if not value else whole(value, label, low, high)


def number(value: str, label: str, low: float, high: float) -> float:
    """``value`` (decimal comma or point) as a finite number in ``low … high``."""
    try:
        parsed = float(value.replace(",", ".") if "." not in value else value)
    except ValueError:
        raise PraksisplanError(f"Feltet '{label}' skal være et tal, ikke '{value}'") from None
    if not math.isfinite(parsed) or not low <= parsed <= high:
        raise PraksisplanError(
            f"Feltet '{label}' skal være mellem {format_amount_da(low)} og "
            f"{format_amount_da(high)}, ikke '{value}'"
        )
    return parsed


def decimal(fields: Fields, name: str, label: str, low: float, high: float) -> float | None:
    """The field as a number in ``low … high``; None when empty."""
    value = text(fields, name, label)
    return None if not value else number(value, label, low, high)


def choice(fields: Fields, name: str, label: str, allowed: Sequence[str], default: str) -> str:
    value = text(fields, name, label) or default
    if value not in allowed:
        raise PraksisplanError(
            f"Feltet '{label}': ukendt værdi '{value}' (tilladt: {', '.join(allowed)})"
        )
    return value


def upload(fields: Fields, name: str, label: str, limit: int) -> FileField | None:
    """The uploaded file, at most ``limit`` bytes; text in a file field is refused."""
    values = fields.getlist(name)
    if not values or values == [""]:
        return None
    file = values[-1]
    if not isinstance(file, FileField) or len(values) > 1:
        raise PraksisplanError(
            f"Feltet '{label}' skal være én fil sendt med formularen (en POST med filen)"
        )
    if len(file.data) > limit:
        raise PraksisplanError(
            f"Feltet '{label}': filen {file.filename} er for stor; højst "
            f"{format_number_da(limit // 1000)} kB"
        )
    return file
