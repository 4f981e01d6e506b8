"""Scheduled jobs: the config file, catching up a missed run exactly once, the lock, the commands.

Time is never waited for: the catch-up logic is driven with the 'now' values a clock would give.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefing.cli import EXIT_FAILED, EXIT_OK, main
from briefing.config import ConfigError, read_config
from briefing.schedule import (
    GRACE,
    Job,
    JobOutcome,
    Schedule,
    catch_up,
    crontab_weekdays,
    job_lock,
    lock_path,
    make_scheduler,
    missed_run,
    parse_schedule,
    run_job,
    trigger_for,
)
from briefing.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
UTC = timezone.utc
GOOD = """\
timezone = "UTC"
store = "corpus.sqlite3"

[jobs.monday]
sources = ["articles/", "https://example.org/feed.xml"]
cron = "0 7 * * MON"
audience = "analyst"
formats = ["md", "json"]
out = "reports/weekly"
"""


def _config(tmp_path, text: str):
    path = tmp_path / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- config


def test_a_good_config(tmp_path):
    schedule = parse_schedule(read_config(_config(tmp_path, GOOD)))
    (job,) = schedule.jobs
    assert job.name == "monday" and job.cron == "0 7 * * MON" and job.formats == ("md", "json")
    assert job.sources == (str(tmp_path / "articles"), "https://example.org/feed.xml")  # relative to the file
    assert job.out == tmp_path / "reports" / "weekly"
    assert str(schedule.timezone) == "UTC"


def test_a_job_can_follow_one_story_or_a_query(tmp_path):
    text = GOOD + 'story = "s1a2b3c4d5e"\nquery = ["Arequipa", "quake"]\n'
    (job,) = parse_schedule(read_config(_config(tmp_path, text))).jobs
    assert (job.story, job.query) == ("s1a2b3c4d5e", ("Arequipa", "quake"))
    assert job.focus.story == "s1a2b3c4d5e" and job.focus.terms == ("Arequipa", "quake")
    (plain,) = parse_schedule(read_config(_config(tmp_path, GOOD))).jobs
    assert plain.focus is None
    with pytest.raises(ConfigError, match="line 10: story must be a non-empty string"):
        parse_schedule(read_config(_config(tmp_path, GOOD + 'story = ""\n')))


@pytest.mark.parametrize(
    "text, where",
    [
        (GOOD.replace('cron = "0 7 * * MON"', 'cron = "0 7 * * MON'), "line 6, column"),  # unclosed string
        (GOOD.replace('formats = ["md", "json"]', 'formats = ["md", "json"'), "line 9"),  # where the list breaks
        (GOOD.replace("[jobs.monday]", "[jobs.monday"), "line 4, column"),
        (GOOD + "cron = 1\n", "line 10, column"),  # a key given twice
    ],
)
def test_a_malformed_config_names_the_bad_line(tmp_path, text, where):
    path = _config(tmp_path, text)
    with pytest.raises(ConfigError) as error:
        read_config(path)
    assert str(error.value).startswith(f"{path}, {where}")


@pytest.mark.parametrize(
    "change, where, message",
    [
        (('cron = "0 7 * * MON"', 'cron = "0 7 * MON"'), "line 6", "bad cron expression"),
        (('cron = "0 7 * * MON"', 'cron = "0 25 * * MON"'), "line 6", "bad cron expression"),
        (('formats = ["md", "json"]', 'formats = ["md", "docx"]'), "line 8", "unknown format 'docx'"),
        (('audience = "analyst"', 'audiense = "analyst"'), "line 7", "unknown key 'audiense'"),
        (('sources = ["articles/", "https://example.org/feed.xml"]', "sources = 3"), "line 5", "list of strings"),
        (('timezone = "UTC"', 'timezone = "Mars/Olympus"'), "line 1", "unknown time zone"),
    ],
)
def test_a_wrong_value_names_its_line(tmp_path, change, where, message):
    path = _config(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as error:
        parse_schedule(read_config(path))
    assert str(error.value).startswith(f"{path}, {where}:") and message in str(error.value)


def test_crontab_weekday_numbers_mean_what_they_mean_in_crontab():
    assert crontab_weekdays("1") == "mon" and crontab_weekdays("0") == crontab_weekdays("7") == "sun"
    assert crontab_weekdays("1-5") == "mon-fri" and crontab_weekdays("MON,wed") == "MON,wed"
    trigger = trigger_for("0 7 * * 1", UTC)
    assert trigger.get_next_fire_time(None, datetime(2018, 2, 14, tzinfo=UTC)) == datetime(2018, 2, 19, 7, tzinfo=UTC)


# --------------------------------------------------------------------------- catching up


def test_missed_runs_collapse_into_the_latest_one():
    weekly = trigger_for("0 7 * * MON", UTC)
    since = datetime(2018, 2, 5, 7, tzinfo=UTC)
    assert missed_run(weekly, since, datetime(2018, 2, 5, 8, tzinfo=UTC)) is None
    three_missed = datetime(2018, 2, 28, tzinfo=UTC)  # Feb 12, 19 and 26 passed
    assert missed_run(weekly, since, three_missed) == datetime(2018, 2, 26, 7, tzinfo=UTC)
    monthly = trigger_for("0 7 1 * *", UTC)
    assert missed_run(monthly, since, datetime(2018, 3, 20, tzinfo=UTC)) is None  # older than the grace time
    assert missed_run(monthly, since, datetime(2018, 3, 20, tzinfo=UTC), grace=timedelta(days=31)) is not None
    assert timedelta(days=7) == GRACE


def test_a_missed_run_is_caught_up_exactly_once(tmp_path):
    job = Job(name="monday", cron="0 7 * * MON", report="none")
    schedule = Schedule((job,), UTC)
    runs: list[datetime] = []
    with open_store(tmp_path / "s.sqlite3") as store:

        def runner(job: Job, scheduled: datetime, why: str) -> JobOutcome:
            runs.append(scheduled)
            store.record_run(job.name, scheduled, "ok")
            return JobOutcome(job.name, scheduled, "ok")

        registered = datetime(2018, 2, 1, 12, tzinfo=UTC)  # Thursday: first start, nothing missed yet
        assert catch_up(schedule, store, registered, runner) == [] and runs == []

        # The machine is off from Friday to Wednesday 21st: Monday 12th and 19th were missed.
        back = datetime(2018, 2, 21, 9, tzinfo=UTC)
        catch_up(schedule, store, back, runner)
        assert runs == [datetime(2018, 2, 19, 7, tzinfo=UTC)]  # once, for the latest
        catch_up(schedule, store, back + timedelta(hours=1), runner)  # restarted again the same day
        catch_up(schedule, store, datetime(2018, 2, 25, tzinfo=UTC), runner)
        assert len(runs) == 1

        # Off again over Monday 26th: caught up once more, the next time it starts.
        catch_up(schedule, store, datetime(2018, 2, 27, tzinfo=UTC), runner)
        assert runs == [datetime(2018, 2, 19, 7, tzinfo=UTC), datetime(2018, 2, 26, 7, tzinfo=UTC)]

        # Off for a month: four runs missed, the latest caught up, once.
        catch_up(schedule, store, datetime(2018, 3, 28, tzinfo=UTC), runner)
        assert runs[-1] == datetime(2018, 3, 26, 7, tzinfo=UTC) and len(runs) == 3


def test_a_job_already_running_is_not_run_again(tmp_path):
    job = Job(name="monday", cron="0 7 * * MON", report="none")
    with open_store(tmp_path / "s.sqlite3") as store:
        with job_lock(lock_path(store.url, job.name)):
            outcome = run_job(job, store, None, datetime(2018, 2, 19, 7, tzinfo=UTC))
        assert outcome.status == "locked"
        assert store.job_state(job.name, datetime(2018, 2, 19, 8, tzinfo=UTC))[0] is None  # not recorded
        again = run_job(job, store, None, datetime(2018, 2, 19, 7, tzinfo=UTC))
        assert again.status == "ok"


@pytest.mark.slow
def test_a_job_ingests_then_writes_the_week_that_just_ended(tmp_path, caplog):
    from briefing.config import Settings

    job = Job(name="monday", cron="0 7 * * MON", sources=(str(SEEDS),), formats=("json",), out=tmp_path / "weekly")
    scheduled = datetime(2018, 2, 19, 7, tzinfo=UTC)
    caplog.set_level("INFO", logger="briefing")
    with open_store(tmp_path / "s.sqlite3") as store:
        outcome = run_job(job, store, Settings(), scheduled, "catch-up")
        assert outcome.status == "ok" and store.count() == 5
        assert store.job_state("monday", scheduled)[0] == scheduled
    assert [p.name for p in outcome.written] == ["analyst.json"]
    data = json.loads((tmp_path / "weekly" / "2018-W07" / "analyst.json").read_text())
    assert data["scope"]["articles"] == 2
    log = caplog.text
    assert "Job monday: catch-up run for 2018-02-19T07:00" in log
    assert "ingest: 5 added, 0 already present" in log and "wrote the analyst report for 2018-W07" in log


def test_the_scheduler_catches_up_late_runs_once_and_never_overlaps():
    schedule = Schedule((Job(name="a", cron="0 7 * * MON"), Job(name="b", cron="30 6 1 * *")), UTC)
    scheduler = make_scheduler(schedule, lambda job: None, blocking=False)
    scheduler.start(paused=True)
    try:
        jobs = {j.id: j for j in scheduler.get_jobs()}
        assert set(jobs) == {"a", "b"}
        for job in jobs.values():
            assert job.coalesce is True and job.max_instances == 1
            assert job.misfire_grace_time == 7 * 24 * 3600
    finally:
        scheduler.shutdown(wait=False)


# --------------------------------------------------------------------------- commands


def test_schedule_show(tmp_path, capsys):
    path = _config(tmp_path, GOOD)
    assert main(["--config", str(path), "schedule", "show"]) == EXIT_OK
    out = capsys.readouterr().out
    assert "monday: cron '0 7 * * MON' (UTC)" in out and "next run: " in out and "last run: never" in out
    assert (tmp_path / "corpus.sqlite3").is_file()  # the config's store, relative to the config


def test_schedule_commands_report_a_bad_config(tmp_path, capsys):
    path = _config(tmp_path, GOOD.replace('cron = "0 7 * * MON"', 'cron = "0 7 * * MON'))
    assert main(["--config", str(path), "schedule", "show"]) == EXIT_FAILED
    assert f"{path}, line 6, column" in capsys.readouterr().err
    assert main(["--config", str(tmp_path / "none.toml"), "schedule", "run"]) == EXIT_FAILED
    assert "cannot read config file" in capsys.readouterr().err
    good = _config(tmp_path, GOOD)
    assert main(["--config", str(good), "schedule", "run", "--job", "friday", "--now"]) == EXIT_FAILED
    assert "no job named 'friday'" in capsys.readouterr().err
