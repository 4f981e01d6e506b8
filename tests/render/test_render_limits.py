"""A template that builds an enormous value, writes without end or loops for ever is stopped by a
limit, with a message naming the template, and no brief is written."""

from __future__ import annotations

import re
import threading
import time

import pytest

from briefing.render import TemplateProblem, environment, write_brief
from briefing.render.environment import TemplateLimits, make_environment, render_template, time_limit

ENORMOUS = {
    "repeat": "{{ 'a' * 50_000_000 }}",
    "repeat list": "{{ ([1] * 50_000_000)|length }}",
    "power": "{{ 2 ** 1000000000 }}",
    "format width": "{{ '%999999999s' % 'a' }}",
    "str.format width": "{{ '{:>999999999}'.format('a') }}",
    "center": "{{ 'a'|center(1000000000) }}",
    "ljust": "{{ 'a'.ljust(1000000000) }}",
    "replace": "{% set s = 'a' * 1000000 %}{{ s|replace('a', s) }}",
    "str.replace": "{% set s = 'a' * 1000000 %}{{ s.replace('a', s) }}",
    "join": "{% set s = 'a' * 1000000 %}{{ range(100000)|join(s) }}",
    "indent": "{% set s = '\\n' * 1000000 %}{{ s|indent('a' * 1000) }}",
    "doubling with ~": (
        "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}"
    ),
    "doubling with +": (
        "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}"
    ),
    "doubling a block": (
        "{% set ns = namespace(s='a') %}{% for i in range(60) %}{% set x %}{{ ns.s }}{{ ns.s }}{% endset %}"
        "{% set ns.s = x %}{% endfor %}{{ ns.s }}"
    ),
    "lipsum": "{{ lipsum(1000000) }}",
}


def _folder(tmp_path, body: str, name: str = "brief.md.j2"):
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize("body", ENORMOUS.values(), ids=ENORMOUS.keys())
def test_an_enormous_value_is_refused_at_once(tmp_path, body):
    folder = _folder(tmp_path, "{# a user's template #}\n" + body + "\n")
    env = make_environment(folder)
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        render_template(env, "brief.md.j2", {})
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert f"template {folder / 'brief.md.j2'}, line 2: stopped by a limit" in message, message


def test_output_beyond_the_cap_is_stopped_while_streaming(tmp_path):
    # Each piece is small; only the total is too much.
    folder = _folder(tmp_path, "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}")
    env = make_environment(folder, TemplateLimits(max_output=1_000_000))
    with pytest.raises(TemplateProblem) as caught:
        render_template(env, "brief.md.j2", {})
    assert f"{folder / 'brief.md.j2'}" in str(caught.value)
    assert "stopped by a limit: the output is over the limit of 1,000,000 characters" in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ '' }}{% endfor %}{% endfor %}",
        "{% set s = 'ab' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    ],
    ids=["empty loops", "loops writing nothing", "loops over a string"],
)
def test_a_loop_that_does_not_end_is_stopped_by_the_time_limit(tmp_path, body):
    folder = _folder(tmp_path, "\n\n" + body + "\n")
    env = make_environment(folder, TemplateLimits(seconds=1.0))
    started = time.monotonic()
    with pytest.raises(TemplateProblem) as caught:
        render_template(env, "brief.md.j2", {})
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert f"template {folder / 'brief.md.j2'}" in message, message
    assert re.search(r"stopped by a limit: still rendering after \d+ s \(the limit is 1 s\)", message), message
    if "{{" not in body:  # interrupted inside the template's own code: the line is known
        assert "brief.md.j2, line 3: stopped" in message


def test_the_time_limit_works_outside_the_main_thread_and_leaves_nothing_pending(tmp_path):
    folder = _folder(tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    env = make_environment(folder, TemplateLimits(seconds=0.5))
    outcome = {}

    def run() -> None:
        try:
            render_template(env, "brief.md.j2", {})
        except TemplateProblem as error:
            outcome["error"] = str(error)
        time.sleep(1.0)  # a late exception from the watchdog would land here
        outcome["after"] = "ok"

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert "still rendering" in outcome["error"] and outcome["after"] == "ok"


def test_a_render_that_finishes_in_time_is_not_interrupted_later():
    with time_limit(0.2):
        total = sum(range(1000))
    time.sleep(0.5)  # the watchdog was cancelled: nothing is raised here
    assert total == 499500


def test_ordinary_templates_are_untouched_by_the_limits(tmp_path):
    body = (
        "{{ 'ab' * 3 }} {{ 'x, y'|replace(',', ';') }} {{ [1, 2]|join(', ') }} {{ '%5s' % 'a' }} "
        "{{ 'n={}'.format(2 ** 10) }} {{ 'a' ~ 'b' }} {{ 'z'|center(5) }}|{% set b %}in{% endset %}{{ b }}"
    )
    folder = _folder(tmp_path, body)
    assert render_template(make_environment(folder), "brief.md.j2", {}) == ("ababab x; y 1, 2     a n=1024 ab   z  |in")


def test_the_cli_stops_a_runaway_template_and_writes_nothing(tmp_path, capsys, monkeypatch):
    from briefing.cli import EXIT_FAILED, main

    monkeypatch.setattr(environment, "DEFAULT_LIMITS", TemplateLimits(seconds=1.0))
    folder = _folder(
        tmp_path,
        '{% extends "default:brief.md.j2" %}\n{% block events %}\n'
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n{% endblock %}\n",
    )
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "a.txt").write_text(
        "Officials met in Moscow on 12 February 2018 to discuss the talks.\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code = main(["-q", "build", str(seeds), "--out", str(out), "--templates", str(folder), "--format", "md"])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    assert "brief.md.j2, line 3: stopped by a limit: still rendering after" in err and "no brief was written" in err
    assert not out.exists() or not list(out.iterdir())


def test_a_limit_in_write_brief_keeps_the_previous_brief(brief, tmp_path):
    out = tmp_path / "out"
    write_brief(brief, out, ("md", "json"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    folder = _folder(
        tmp_path, '{% extends "default:brief.md.j2" %}{% block events %}{{ "a" * 50_000_000 }}{% endblock %}'
    )
    with pytest.raises(TemplateProblem, match="stopped by a limit"):
        write_brief(brief, out, ("md", "json"), templates_dir=folder)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
