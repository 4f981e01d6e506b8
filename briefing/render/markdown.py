"""The Markdown brief: footnotes ``[^N]`` for citations, article text escaped with the ``md`` filter."""

from __future__ import annotations

from jinja2 import Environment

from briefing.render.context import RenderContext
from briefing.render.environment import render_template

TEMPLATE = "brief.md.j2"


def render_markdown(env: Environment, context: RenderContext, template: str = TEMPLATE) -> str:
    text = render_template(env, template, context.as_dict())
    # Tidy blank lines left by block tags: never more than one empty line in a row.
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if not line and lines and not lines[-1]:
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
