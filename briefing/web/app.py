"""The web service's routes: the JSON API, the pages and the OpenAPI docs.

    app = create_app(ServiceConfig(settings, host="127.0.0.1"))   # uvicorn.run(app, ...)

API: ``POST /api/briefs`` (multipart ``files`` and/or ``urls``, or JSON ``{"urls": [...]}`` or a
store selection ``{"since", "until", "outlets", "query"}``, plus ``audience`` and ``formats``)
answers 202 with the job's id; ``GET /api/briefs/{id}`` its status and files;
``GET /api/briefs/{id}/brief.pdf`` (``.html``, ``.md``, ``.json``) a file. Pages: ``/`` (ask for a
brief), ``/briefs/{id}`` (its progress, then its files), ``/briefs``, ``/weekly``, ``/store``.
No path in a request reaches the file system: job ids are looked up in the store and file names
in the list of files the job wrote; weekly reports in a listing of their folder.
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from briefing import __version__
from briefing.audiences import list_audiences
from briefing.build import run
from briefing.config import Settings, templates_dir
from briefing.render import FORMATS
from briefing.store import Store, WebJob, default_store_path, open_store, store_url
from briefing.web import security
from briefing.web.jobs import (
    Briefs,
    BriefSpec,
    Build,
    Order,
    Refused,
    Upload,
    WorkerPool,
    check_order,
    percent,
)

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}
DOWNLOADS = {".pdf", ".md", ".json"}  # sent as attachments; HTML and the chart are shown
WEEK = re.compile(r"^\d{4}-W\d{2}$")
REPORT_FILE = re.compile(r"^[A-Za-z0-9_-]+\.(md|html|pdf|json|svg|png)$")


@dataclass(frozen=True)
class ServiceConfig:
    """How to run the service: the settings (store, limits, folders), where it listens (tokens
    are required unless that is loopback, or when ``tokens_required`` says so), and the build
    function and workers (tests replace them)."""

    settings: Settings
    host: str = "127.0.0.1"
    tokens_required: bool | None = None
    build: Build = run
    start_workers: bool = True

    @property
    def needs_tokens(self) -> bool:
        return self.tokens_required if self.tokens_required is not None else not security.is_loopback(self.host)


def data_folder(settings: Settings) -> Path:
    """The service's folder: the setting, else ``web/`` beside an SQLite store, else the default data folder."""
    if settings.web_data:
        return Path(settings.web_data).expanduser()
    url = store_url(settings.store or default_store_path())
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        return Path(url.split(":///", 1)[1]).parent / "web"
    return default_store_path().parent / "web"


class Service:
    """What the routes share: the store, the briefs and their workers, the rate limiter, the pages."""

    def __init__(self, config: ServiceConfig) -> None:
        settings = config.settings
        self.config, self.settings = config, settings
        self.store: Store = open_store(settings.store or default_store_path())
        self.briefs = Briefs(self.store, data_folder(settings), settings)
        self.pool = WorkerPool(self.briefs, settings.web_workers, config.build)
        self.limiter = security.RateLimiter(settings.web_rate_limit)
        self.pages = Environment(
            loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)
        )
        self.user_templates = templates_dir(settings)

    def audiences(self) -> list[str]:
        return list_audiences(self.user_templates)

    def close(self) -> None:
        self.pool.stop()
        self.store.close()


# --------------------------------------------------------------------------- request and response models


class BriefOrder(BaseModel):
    """A brief over URLs (feeds, pages advertising one, article pages), or over the store's
    articles that a selection picks (no URLs), such as one story."""

    model_config = ConfigDict(extra="forbid")

    urls: list[str] = Field(default_factory=list, description="feed or article URLs, fetched politely")
    since: date | None = Field(None, description="store: articles whose whole publication date is on or after")
    until: date | None = Field(None, description="store: articles whose whole publication date is on or before")
    outlets: list[str] = Field(default_factory=list, description="store: any of these outlets (aliases resolved)")
    query: list[str] = Field(default_factory=list, description="store: the text mentions every one of these")
    story: str | None = Field(None, description="store: only this story's articles (an id from `briefing stories`)")
    audience: str | None = Field(None, description="analyst (default), executive, press or a custom profile")
    formats: list[str] = Field(default_factory=list, description="md, html, pdf, json (default: all)")


class BriefStatus(BaseModel):
    id: str
    status: str = Field(description="queued, running, done or failed")
    reused: bool = Field(False, description="an earlier job for the same request answered this one")
    percent: int
    stage: str | None = None
    done: int = 0
    total: int = 0
    message: str | None = None
    title: str | None = None
    audience: str
    formats: list[str]
    created_at: str
    finished_at: str | None = None
    files: dict[str, str] = Field(default_factory=dict, description="format -> URL of the file")
    problems: list[dict[str, str]] = Field(default_factory=list, description="inputs skipped, and notes")
    page: str


@dataclass(frozen=True)
class Caller:
    """Who is asking: a token's name, or None on a loopback service without tokens."""

    name: str | None


class _LoginNeeded(Exception):
    pass


def _status(job: WebJob, reused: bool = False) -> BriefStatus:
    spec = BriefSpec.from_json(job.spec)
    files = {}
    if job.status == "done":
        for name in job.files:
            suffix = Path(name).suffix
            if name.startswith("brief.") and suffix.lstrip(".") in FORMATS:
                files[suffix.lstrip(".")] = f"/api/briefs/{job.id}/{name}"
    return BriefStatus(
        id=job.id,
        status=job.status,
        reused=reused,
        percent=percent(job.stage, job.done, job.total, job.status),
        stage=job.stage,
        done=job.done,
        total=job.total,
        message=job.message,
        title=job.title,
        audience=spec.audience,
        formats=list(spec.formats),
        created_at=job.created_at,
        finished_at=job.finished_at,
        files=files,
        problems=[{k: str(v) for k, v in p.items()} for p in job.problems],
        page=f"/briefs/{job.id}",
    )


# --------------------------------------------------------------------------- the application


def create_app(config: ServiceConfig) -> FastAPI:
    """The FastAPI application; the store is opened and the workers started when it starts."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        service = Service(config)
        app.state.service = service
        if config.start_workers:
            service.pool.start()
        log.info("Briefs are kept in %s", service.briefs.folder)
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="briefing",
        version=__version__,
        description="Briefs on demand: cited Markdown, HTML, PDF and JSON briefs from news articles.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    if not config.needs_tokens:  # a DNS-rebinding page cannot reach a loopback service open without tokens
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["localhost", "127.0.0.1", "[::1]", "::1"])
    app.add_middleware(security.Guard, max_body=config.settings.web_max_upload_bytes)
    app.add_exception_handler(_LoginNeeded, lambda request, exc: RedirectResponse("/login", 303))
    app.add_exception_handler(Refused, _refused)
    _api_routes(app)
    _page_routes(app)
    return app


def _service(request: Request) -> Service:
    return request.app.state.service


def _refused(request: Request, error: Exception) -> JSONResponse:
    status = error.status if isinstance(error, Refused) else 400
    return JSONResponse({"detail": str(error)}, status_code=status)


def _identify(request: Request, page: bool) -> Caller:
    """The caller from its bearer token (or the page's token cookie), rate-limited; 401 (or, for a
    page, the login page) when a token is needed and none or an unknown one is given."""
    service = _service(request)
    token = security.bearer(request.headers.get("authorization")) or request.cookies.get(security.TOKEN_COOKIE)
    name = service.store.web_token_name(security.token_digest(token)) if token else None
    if token and name is None:
        if page:
            raise _LoginNeeded
        raise HTTPException(401, "unknown or revoked token", headers={"WWW-Authenticate": "Bearer"})
    if name is None and service.config.needs_tokens:
        if page:
            raise _LoginNeeded
        detail = "a token is needed: send 'Authorization: Bearer TOKEN' (made with `briefing tokens create NAME`)"
        raise HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})
    key = f"token:{name}" if name else f"address:{request.client.host if request.client else '-'}"
    wait = service.limiter.check(key)
    if wait:
        limit = service.settings.web_rate_limit
        raise HTTPException(
            429, f"too many requests: at most {limit} a minute", headers={"Retry-After": str(math.ceil(wait))}
        )
    return Caller(name)


def api_caller(request: Request) -> Caller:
    return _identify(request, page=False)


def page_caller(request: Request) -> Caller:
    return _identify(request, page=True)


ApiCaller = Annotated[Caller, Depends(api_caller)]
PageCaller = Annotated[Caller, Depends(page_caller)]


def _order_schema() -> dict[str, Any]:
    multipart = {
        "type": "object",
        "properties": {
            "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
            "urls": {"type": "string", "description": "URLs, one per line"},
            "audience": {"type": "string"},
            "formats": {"type": "array", "items": {"type": "string", "enum": list(FORMATS)}},
        },
    }
    return {
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {"schema": multipart},
                "application/json": {"schema": BriefOrder.model_json_schema()},
            },
        }
    }


def _api_routes(app: FastAPI) -> None:
    @app.post(
        "/api/briefs",
        status_code=202,
        response_model=BriefStatus,
        openapi_extra=_order_schema(),
        summary="Ask for a brief",
        responses={413: {"description": "too many or too large files"}, 429: {"description": "rate limit"}},
    )
    async def create_brief(request: Request, caller: ApiCaller) -> JSONResponse:
        """Files uploaded (multipart ``files``), URLs, or a store selection; the answer is the
        job's status (202): poll ``GET /api/briefs/{id}`` until it is done."""
        service = _service(request)
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "multipart/form-data":
            form = await _read_form(request, service.settings)
            order = await _order_from_form(form, service.settings, caller)
        elif kind == "application/json":
            try:
                body = BriefOrder.model_validate_json(await request.body())
            except ValidationError as error:
                raise HTTPException(422, error.errors(include_url=False, include_context=False)) from None
            order = Order(
                urls=tuple(body.urls),
                since=body.since,
                until=body.until,
                outlets=tuple(body.outlets),
                query=tuple(body.query),
                story=body.story,
                audience=body.audience,
                formats=tuple(body.formats),
                owner=caller.name,
            )
        else:
            raise HTTPException(415, "send multipart/form-data (files) or application/json (urls or a selection)")
        job, reused = await run_in_threadpool(_submit, service, order)
        status = _status(job, reused)
        return JSONResponse(status.model_dump(), status_code=202, headers={"Location": f"/api/briefs/{job.id}"})

    @app.get("/api/briefs", response_model=list[BriefStatus], summary="Past briefs, newest first")
    def list_briefs(request: Request, caller: ApiCaller) -> list[BriefStatus]:
        return [_status(job) for job in _service(request).store.web_jobs(limit=200)]

    @app.get("/api/briefs/{job_id}", response_model=BriefStatus, summary="A brief's status and files")
    def brief_status(job_id: str, request: Request, caller: ApiCaller) -> BriefStatus:
        return _status(_job_or_404(request, job_id))

    @app.get("/api/briefs/{job_id}/{name}", summary="A brief's file: brief.pdf, brief.html, brief.md, brief.json")
    def brief_file(job_id: str, name: str, request: Request, caller: ApiCaller) -> Response:
        service = _service(request)
        job = _job_or_404(request, job_id)
        path = service.briefs.file(job, name)
        if path is None:
            raise HTTPException(404, f"no file {name!r} for this brief" + ("" if job.status == "done" else " yet"))
        return _file_response(path, f"brief-{job.id[:8]}")

    @app.get("/api/health", summary="The service is up; jobs waiting and running")
    def health(request: Request) -> dict[str, object]:
        store = _service(request).store
        return {
            "status": "ok",
            "version": __version__,
            "queued": len(store.web_jobs(limit=10_000, status=("queued",))),
            "running": len(store.web_jobs(limit=10_000, status=("running",))),
        }

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        html = _service(request).pages.get_template("docs.html").render()
        return HTMLResponse(html, headers={"content-security-policy": security.DOCS_CSP})

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)  # no icon; asked for by every browser

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        path = _static_files().get(name)
        if path is None:
            raise HTTPException(404, "no such file")
        return Response(
            path.read_bytes(),
            media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
            headers={"cache-control": "public, max-age=3600"},
        )


def _static_files() -> dict[str, Path]:
    """The only files /static serves: the pages' own, and Swagger UI's from its package."""
    from swagger_ui_bundle import swagger_ui_path

    files = {p.name: p for p in (HERE / "static").iterdir() if p.suffix in (".css", ".js")}
    swagger = Path(str(swagger_ui_path))
    for name in ("swagger-ui.css", "swagger-ui-bundle.js"):
        files[name] = swagger / name
    return files


def _job_or_404(request: Request, job_id: str) -> WebJob:
    job = _service(request).briefs.job(job_id)
    if job is None:
        raise HTTPException(404, "no such brief")
    return job


def _file_response(path: Path, download_name: str) -> FileResponse:
    headers = {"content-security-policy": security.BRIEF_CSP}
    kind = "attachment" if path.suffix in DOWNLOADS else "inline"
    headers["content-disposition"] = f'{kind}; filename="{download_name}{path.suffix}"'
    return FileResponse(path, media_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream"), headers=headers)


def _submit(service: Service, order: Order) -> tuple[WebJob, bool]:
    spec = check_order(_resolved(order), service.settings, service.audiences())
    return service.briefs.submit(spec, order.uploads, order.owner)


def _resolved(order: Order) -> Order:
    """Outlet names as the registry spells them ("RFE/RL" -> "Radio Free Europe/Radio Liberty")."""
    if not order.outlets:
        return order
    from dataclasses import replace

    from briefing.ingest import load_registry

    registry = load_registry()
    return replace(order, outlets=tuple(registry.resolve(name) or name for name in order.outlets))


async def _read_form(request: Request, settings: Settings) -> FormData:
    """The multipart form, with the framework's own limits set to ours (too many files: 413)."""
    try:
        return await request.form(max_files=settings.web_max_files, max_fields=200)
    except StarletteHTTPException as error:
        if "Too many files" in str(error.detail):
            raise Refused(f"too many files: at most {settings.web_max_files} in one request", 413) from None
        raise Refused(f"unreadable form: {error.detail}") from None


async def _order_from_form(form: FormData, settings: Settings, caller: Caller) -> Order:
    """An order from the API's multipart body or the page's form."""
    uploads = []
    for item in form.getlist("files"):
        if not isinstance(item, UploadFile) or not item.filename:
            continue  # the form's empty file field
        data = await item.read(settings.max_file_bytes + 1)
        uploads.append(Upload(item.filename, data))
    return Order(
        uploads=tuple(uploads),
        urls=tuple(_lines(form.getlist("urls"))),
        since=_day(form.get("since")),
        until=_day(form.get("until")),
        outlets=tuple(v for v in _texts(form.getlist("outlets")) if v),
        query=tuple(_terms(form.getlist("query"))),
        story=(str(form.get("story") or "").strip() or None),
        audience=(str(form.get("audience") or "").strip() or None),
        formats=tuple(f for value in _texts(form.getlist("formats")) for f in value.split(",") if f.strip()),
        owner=caller.name,
    )


def _texts(values: Iterable[object]) -> list[str]:
    return [v.strip() for v in values if isinstance(v, str)]


def _lines(values: Iterable[object]) -> list[str]:
    return [line.strip() for value in _texts(values) for line in value.splitlines() if line.strip()]


def _terms(values: Iterable[object]) -> list[str]:
    return [term.strip() for value in _texts(values) for term in value.split(",") if term.strip()]


def _day(value: object) -> date | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Refused(f"{value!r} is not a day (YYYY-MM-DD)") from None


# --------------------------------------------------------------------------- pages


def _page(request: Request, template: str, status: int = 200, **context: object) -> HTMLResponse:
    """A page, with the CSRF token its forms carry (and the cookie it must match)."""
    service = _service(request)
    csrf = request.cookies.get(security.CSRF_COOKIE) or security.new_csrf()
    html = service.pages.get_template(template).render(
        csrf=csrf, csrf_field=security.CSRF_FIELD, needs_tokens=service.config.needs_tokens, **context
    )
    response = HTMLResponse(html, status_code=status)
    if request.cookies.get(security.CSRF_COOKIE) != csrf:
        response.set_cookie(
            security.CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
    return response


def _check_csrf(request: Request, form: FormData) -> None:
    if not security.csrf_ok(form.get(security.CSRF_FIELD), request.cookies.get(security.CSRF_COOKIE)):
        raise HTTPException(403, "the form's CSRF token is missing or stale: reload the page and send it again")


def weekly_reports(folder: Path) -> dict[str, dict[str, Path]]:
    """The weekly reports in ``folder``: week -> file name -> path, found by listing the folder."""
    found: dict[str, dict[str, Path]] = {}
    if not folder.is_dir():
        return found
    for week in sorted((p for p in folder.iterdir() if p.is_dir() and WEEK.match(p.name)), reverse=True):
        files = {p.name: p for p in sorted(week.iterdir()) if p.is_file() and REPORT_FILE.match(p.name)}
        if files:
            found[week.name] = files
    return found


def _stories(store) -> list:
    """The store's stories, biggest first (articles not yet grouped wait for the next ingest)."""
    from briefing.build import stories_in

    return stories_in(store)


def _new_page(request: Request, error: str | None = None, status: int = 200) -> HTMLResponse:
    service = _service(request)
    return _page(
        request,
        "new.html",
        status,
        error=error,
        audiences=service.audiences(),
        default_audience=service.settings.audience,
        formats=FORMATS,
        outlets=service.store.outlets(),
        stories=_stories(service.store)[:50],
        max_files=service.settings.web_max_files,
        max_mib=service.settings.web_max_upload_bytes // (1024 * 1024),
        accept=",".join(sorted({".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml", ".csv"})),
    )


def _page_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def new_brief(request: Request, caller: PageCaller) -> HTMLResponse:
        return _new_page(request)

    @app.post("/briefs", include_in_schema=False)
    async def new_brief_sent(request: Request, caller: PageCaller) -> Response:
        service = _service(request)
        try:
            form = await _read_form(request, service.settings)
            _check_csrf(request, form)
            order = await _order_from_form(form, service.settings, caller)
            job, _ = await run_in_threadpool(_submit, service, order)
        except Refused as error:
            return await run_in_threadpool(_new_page, request, str(error), error.status)
        return RedirectResponse(f"/briefs/{job.id}", 303)

    @app.get("/briefs", response_class=HTMLResponse, include_in_schema=False)
    def briefs_page(request: Request, caller: PageCaller) -> HTMLResponse:
        jobs = [_status(job) for job in _service(request).store.web_jobs(limit=200)]
        return _page(request, "briefs.html", jobs=jobs)

    @app.get("/briefs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def brief_page(job_id: str, request: Request, caller: PageCaller) -> HTMLResponse:
        job = _service(request).briefs.job(job_id)
        if job is None:
            return _page(request, "missing.html", 404, what="brief")
        return _page(request, "brief.html", job=_status(job))

    @app.get("/weekly", response_class=HTMLResponse, include_in_schema=False)
    def weekly_page(request: Request, caller: PageCaller) -> HTMLResponse:
        folder = Path(_service(request).settings.web_weekly)
        return _page(request, "weekly.html", reports=weekly_reports(folder), folder=str(folder))

    @app.get("/weekly/{week}/{name}", include_in_schema=False)
    def weekly_file(week: str, name: str, request: Request, caller: PageCaller) -> Response:
        path = weekly_reports(Path(_service(request).settings.web_weekly)).get(week, {}).get(name)
        if path is None:
            return _page(request, "missing.html", 404, what="report")
        return _file_response(path, f"{week}-{Path(name).stem}")

    @app.get("/store", response_class=HTMLResponse, include_in_schema=False)
    def store_page(request: Request, caller: PageCaller) -> HTMLResponse:
        store = _service(request).store
        return _page(
            request,
            "store.html",
            count=store.count(),
            outlets=store.outlets(),
            articles=store.recent(100),
            stories=_stories(store)[:100],
        )

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return _page(request, "login.html", error=None)

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        service = _service(request)
        form = await _read_form(request, service.settings)
        _check_csrf(request, form)
        token = str(form.get("token") or "").strip()
        name = await run_in_threadpool(service.store.web_token_name, security.token_digest(token)) if token else None
        if name is None:
            return _page(request, "login.html", 401, error="unknown or revoked token")
        response = RedirectResponse("/", 303)
        response.set_cookie(
            security.TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        form = await _read_form(request, _service(request).settings)
        _check_csrf(request, form)
        response = RedirectResponse("/login", 303)
        response.delete_cookie(security.TOKEN_COOKIE)
        return response
