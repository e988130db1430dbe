"""The forms of a page as a browser would submit them, for tests through the real form.

:func:`forms` reads every ``<form>`` of an HTML page (its action and the values its fields
carry: inputs, checked boxes, textareas, selected options); :func:`submit` fills some fields
and posts the form URL-encoded, as the browser does — with the page's own CSRF field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from httpx import Response


@dataclass
class Form:
    action: str
    css_class: str
    #: field name → values, in page order (a checked box or a filled field each)
    fields: dict[str, list[str]] = field(default_factory=dict)
    #: names of checkboxes, checked or not
    checkboxes: set[str] = field(default_factory=set)

    def value(self, name: str) -> str:
        return self.fields.get(name, [""])[-1]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._textarea: str | None = None
        self._select: str | None = None
        # a single-choice select with no selected option sends its first option, as a browser does
        self._first_option: str | None = None
        self._chose = False

    def _add(self, name: str, value: str) -> None:
        self.forms[-1].fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("class", "")))
        elif not self.forms or "name" not in a:
            if tag == "option" and self._select:
                if "selected" in a:
                    self._add(self._select, a.get("value", ""))
                    self._chose = True
                elif self._first_option is None:
                    self._first_option = a.get("value", "")
        elif tag == "input":
            kind = a.get("type", "text")
            if kind == "checkbox":
                self.forms[-1].checkboxes.add(a["name"])
                if "checked" in a:
                    self._add(a["name"], a.get("value", "on"))
            elif kind != "submit":
                self._add(a["name"], a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._add(a["name"], "")
        elif tag == "select":
            self._select = a["name"]
            self._first_option, self._chose = None, "multiple" in a

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1].fields[self._textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            # a browser drops the one newline right after <textarea>
            values = self.forms[-1].fields[self._textarea]
            values[-1] = values[-1].removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if not self._chose and self._first_option is not None:
                self._add(self._select, self._first_option)
            self._select = None


def forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    return parser.forms


def find_form(html: str, css_class: str, **hidden: str) -> Form:
    """The one form of class ``css_class`` whose fields hold the ``hidden`` values."""
    found = [
        f
        for f in forms(html)
        if css_class in f.css_class.split() and all(f.value(k) == v for k, v in hidden.items())
    ]
    assert len(found) == 1, f"{len(found)} forms '{css_class}' with {hidden}"
    return found[0]


def submit(client: TestClient, form: Form, **filled: str | list[str]) -> Response:
    """Post ``form`` with ``filled`` fields replaced (a list for several values; a checkbox
    name with ``[]`` unchecks it), URL-encoded and without following the redirect."""
    values = dict(form.fields)
    for name, value in filled.items():
        if name not in values and name not in form.checkboxes:
            raise AssertionError(f"the form has no field '{name}'")
        values[name] = value if isinstance(value, list) else [value]
    pairs = [(name, v) for name, vs in values.items() for v in vs]
    # the test client sends its own X-CSRF-Token header; the form's field must do the job
    headers = {"content-type": "application/x-www-form-urlencoded", "X-CSRF-Token": ""}
    return client.post(
        form.action, content=urlencode(pairs), headers=headers, follow_redirects=False
    )
