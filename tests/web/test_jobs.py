"""The jobs behind the API: a restart resumes or marks what was unfinished and never loses a brief."""

from __future__ import annotations

import json

from webtools import wait_for

from briefing.config import Settings
from briefing.store import open_store
from briefing.web.app import data_folder
from briefing.web.jobs import MAX_ATTEMPTS, Briefs, BriefSpec, Upload, WorkerPool, percent

ARTICLE = b"Talks in Geneva ended on Monday without agreement, officials said. " * 5


def test_a_finished_brief_survives_a_restart(serve, fake_build):
    first = serve()
    job = first.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    wait_for(first, job["id"])
    first.__exit__(None, None, None)
    second = serve()
    status = second.get(f"/api/briefs/{job['id']}").json()
    assert status["status"] == "done"
    assert second.get(status["files"]["pdf"]).text == "pdf of 1 source(s)"
    again = second.post("/api/briefs", files=[("files", ("one.txt", ARTICLE))]).json()
    assert again["id"] == job["id"] and again["reused"]
    assert len(fake_build.requests) == 1


def test_restart_resumes_or_marks_unfinished_jobs(settings, fake_build):
    store = open_store(settings.store)
    briefs = Briefs(store, data_folder(settings), settings)
    spec = BriefSpec(audience="analyst", formats=("json",))
    ids = {}
    for name in ("resumed", "finished", "given-up"):
        job, _ = briefs.submit(BriefSpec(query=(name,), formats=("json",)), [], None)
        ids[name] = job.id
        store.update_web_job(job.id, status="running")
    store.update_web_job(ids["given-up"], attempts=MAX_ATTEMPTS)
    finished = briefs.briefs_dir / ids["finished"]
    finished.mkdir(parents=True)
    (finished / "brief.json").write_text("{}")
    pool = WorkerPool(briefs, build=fake_build)
    assert sorted(pool.recover()) == sorted(ids.values())
    assert store.web_job(ids["resumed"]).status == "queued"
    done = store.web_job(ids["finished"])
    assert done.status == "done" and done.files == ("brief.json",)
    given_up = store.web_job(ids["given-up"])
    assert given_up.status == "failed" and "stopped during this build 3 times" in given_up.message
    job = store.claim_web_job()
    assert job.id == ids["resumed"] and job.attempts == 1
    pool.run_job(job)
    assert store.web_job(job.id).status == "done"
    assert not (briefs.briefs_dir / f"{job.id}.partial").exists()
    assert spec.selection() == spec.selection()
    store.close()


def test_uploads_are_removed_once_stored(settings, fake_build):
    store = open_store(settings.store)
    briefs = Briefs(store, data_folder(settings), settings)
    job, _ = briefs.submit(BriefSpec(), [Upload("a.txt", ARTICLE)], "desk")
    assert (briefs.uploads_dir / job.id / "001.txt").is_file()
    assert json.loads(store.web_job(job.id).spec)["uploads"] == [["001.txt", "a.txt"]]
    WorkerPool(briefs, build=fake_build).run_job(store.claim_web_job())
    assert not (briefs.uploads_dir / job.id).exists()
    assert store.web_job(job.id).owner == "desk"
    store.close()


def test_a_store_selection_is_new_once_the_store_changed(settings, fake_build):
    from briefing.model import Article

    store = open_store(settings.store)
    briefs = Briefs(store, data_folder(settings), settings)
    first, _ = briefs.submit(BriefSpec(), [], None)
    same, reused = briefs.submit(BriefSpec(), [], None)
    assert reused and same.id == first.id
    store.add(Article(id="a1", path="a.txt", text="New text about Geneva.", title="T", outlet="Reuters"))
    after, reused = briefs.submit(BriefSpec(), [], None)
    assert not reused and after.id != first.id
    store.close()


def test_progress_and_data_folder(tmp_path):
    assert percent(None, 0, 0, "queued") == 0
    assert percent("language pass", 5, 10, "running") == 45
    assert percent("render", 0, 1, "running") == 90
    assert percent("render", 1, 1, "done") == 100
    assert data_folder(Settings(store=str(tmp_path / "s.sqlite3"))) == tmp_path / "web"
    assert data_folder(Settings(store="x", web_data=str(tmp_path / "d"))) == tmp_path / "d"
