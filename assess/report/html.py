"""Report HTML from Jinja2 templates: autoescaped, sandboxed, bounded, with the stylesheet inlined.

The templates come from reports/ or a --template folder (entry template and stylesheet
required there, other partials fall back to reports/). The HTML stands alone: the stylesheet
sits in a ``<style>`` element and images are ``data:`` URIs, so the same file renders with the
``weasyprint`` command. A template is code from whoever wrote it: besides Jinja2's sandbox,
numbers that would make huge values (``'x' * 10**9``, ``range(10**6)``, ``center(10**9)``) are
refused, the output is capped, and any error while rendering (``1/0``, a recursive macro) is one
line naming the template and its line, never a traceback.
"""

from __future__ import annotations

import operator
import re
import traceback
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from assess.core.printable import for_document, printable
from assess.core.problems import InputError
from assess.report.assets import ENTRY_TEMPLATE, AssetError, Assets

PAPER_SIZES = {"a4": "A4", "letter": "Letter"}
MAX_NUMBER = 100_000
"""The largest number a template may pass to a call or filter, or repeat a sequence by."""
MAX_EXPONENT = 64
MAX_OUTPUT = 20_000_000
"""Characters of HTML a template may produce (the shipped report of 90 answers: about 0.2 MB)."""
_WIDTH = re.compile(r"%[-#0 +]*(\d+)|%[-#0 +]*\d*\.(\d+)|\{[^{}]*?(\d{6,})[^{}]*\}")


class TemplateLimitError(SecurityError):
    """A template asked for more than a report needs."""


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise TemplateLimitError(f"the number {value:.3g} is larger than a template may use ({MAX_NUMBER:,})")


def _guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    def guard(*args: Any, **kwargs: Any) -> Any:
        for value in (*args, *kwargs.values()):
            _check_number(value)
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):  # keep Jinja2's pass_context / pass_environment marks
        if hasattr(function, attribute):
            setattr(guard, attribute, getattr(function, attribute))
    return guard


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, plus bounds on the numbers that make values big."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Context, op: str, left: Any, right: Any) -> Any:
        if op == "**":
            if isinstance(right, int | float) and abs(right) > MAX_EXPONENT:
                raise TemplateLimitError(f"the exponent {right:.3g} is larger than a template may use")
            return operator.pow(left, right)
        if op == "*":
            for size, times in ((left, right), (right, left)):
                if isinstance(size, str | list | tuple) and isinstance(times, int):
                    _check_number(len(size) * times)
            return operator.mul(left, right)
        if isinstance(left, str):
            for match in _WIDTH.finditer(left):
                _check_number(int(next(g for g in match.groups() if g)))
        return operator.mod(left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        for value in (*args, *kwargs.values()):
            _check_number(value)
        return super().call(__context, __obj, *args, **kwargs)


class AssetsLoader(BaseLoader):
    """Templates by the same rule as every other report file (:meth:`Assets.locate`).

    Jinja2's FileSystemLoader follows symlinks out of its folder; this loader refuses them,
    so ``{% include %}`` in a --template folder reaches nothing but that folder and reports/.
    """

    def __init__(self, assets: Assets) -> None:
        self.assets = assets

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        try:
            path, text = self.assets.source(template)
        except AssetError as error:
            raise TemplateNotFound(template, str(error)) from None
        return text, str(path), lambda: True  # a fresh environment renders each report


def shown(value: Any) -> Any:
    """Every ``{{ value }}`` that is plain text goes out printable (then autoescaped); markup is ours."""
    return for_document(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def environment(assets: Assets) -> ReportSandbox:
    """Autoescape on for every template; a sandbox so a template cannot reach Python internals."""
    env = ReportSandbox(
        loader=AssetsLoader(assets),
        autoescape=True,
        finalize=shown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters = {name: _guarded(f) for name, f in env.filters.items()}
    env.globals["asset"] = assets.data_uri
    return env


def render_html(context: dict[str, Any], assets: Assets, paper: str = "a4") -> str:
    """The whole report as one HTML document."""
    page_size = PAPER_SIZES[paper]
    try:
        css = assets.stylesheet
        # The stylesheet is the template author's own file, never user text: insert it unescaped,
        # only guarding against a stray closing tag ending the <style> element early.
        style = Markup(css.replace("</", "<\\/"))  # noqa: S704
        template = environment(assets).get_template(ENTRY_TEMPLATE)
        pieces, size = [], 0
        for piece in template.generate(**context, stylesheet=style, paper=page_size):
            size += len(piece)
            if size > MAX_OUTPUT:
                raise TemplateLimitError(f"the report's HTML grew past {MAX_OUTPUT:,} characters")
            pieces.append(piece)
        return "".join(pieces)
    except TemplateSyntaxError as error:
        where = error.filename or str(assets.folders[0] / (error.name or ENTRY_TEMPLATE))
        raise InputError.single(where, f"template error: {error.message}", line=error.lineno) from None
    except TemplateNotFound as error:
        raise InputError.single(str(assets.folders[0]), f"template error: {error.message or error.name}") from None
    except (TemplateError, AssetError) as error:
        raise _runtime(error, assets) from None
    except RecursionError as error:
        raise _runtime(error, assets, "templates call each other too deeply (does a macro call itself?)") from None
    except Exception as error:  # noqa: BLE001  (a template is code: any error it raises is the template's, said in one line)
        raise _runtime(error, assets) from None


def _runtime(error: BaseException, assets: Assets, said: str | None = None) -> InputError:
    """One line: the template file and line the error came from, and what went wrong (cut short)."""
    where, line = str(assets.folders[0]), None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(".j2"):
            where, line = frame.filename, frame.lineno
    message = printable(" ".join((said or str(error)).split()))[:200]
    kind = "" if isinstance(error, TemplateError | AssetError) else f"{type(error).__name__}: "
    return InputError.single(where, f"template error: {kind}{message}; fix the template", line=line)
