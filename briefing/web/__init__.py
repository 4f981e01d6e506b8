"""The web service: one place for a team to ask for a brief and to find past ones.

    briefing serve --host 127.0.0.1 --port 8000 --store team.sqlite3

Around the one entry point, :func:`briefing.build.run`, three modules:

* ``jobs.py``: a brief asked for is a job row in the store (``web_jobs``), its files under the
  service's folder named by the job's id; a pool of worker threads builds them outside the
  requests, and a restart picks up what was left running.
* ``security.py``: API tokens (kept hashed), the rate limit, CSRF, the request size limit and the
  security headers.
* ``app.py``: the FastAPI application: the JSON API, the pages (``templates/``, ``static/``) and
  the OpenAPI docs, served from the package with no CDN.
"""
