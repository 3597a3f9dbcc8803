"""Report HTML from Jinja2 templates: autoescaped, sandboxed, with the stylesheet inlined.

The templates come from reports/ or a --template folder (entry template and
stylesheet required there, other partials fall back to reports/). The HTML
stands alone: the stylesheet sits in a ``<style>`` element and images are
``data:`` URIs, so the same file renders with the ``weasyprint`` command.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from assess.core.printable import for_document
from assess.core.problems import InputError
from assess.report.assets import ENTRY_TEMPLATE, AssetError, Assets

PAPER_SIZES = {"a4": "A4", "letter": "Letter"}


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


def environment(assets: Assets) -> ImmutableSandboxedEnvironment:
    """Autoescape on for every template; a sandbox so a template cannot reach Python internals."""
    env = ImmutableSandboxedEnvironment(
        loader=AssetsLoader(assets),
        autoescape=True,
        finalize=shown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
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
        return template.render(**context, stylesheet=style, paper=page_size)
    except TemplateSyntaxError as error:
        where = error.filename or str(assets.folders[0] / (error.name or ENTRY_TEMPLATE))
        raise InputError.single(where, f"template error: {error.message}", line=error.lineno) from None
    except TemplateNotFound as error:
        raise InputError.single(str(assets.folders[0]), f"template error: {error.message or error.name}") from None
    except (TemplateError, AssetError) as error:
        raise InputError.single(str(assets.folders[0]), f"template error: {error}") from None
