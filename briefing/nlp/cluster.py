"""The language pass on a Dask cluster: the same facts as on one machine, from many machines.

``extract_facts`` calls :func:`extract_on_cluster` when the ``cluster`` setting names one: a
scheduler's address (``tcp://scheduler:8786``), or ``local`` / ``local:N`` for a LocalCluster of N
worker processes on this machine. Articles go out in batches (one task per batch, not per
article: a task costs a few milliseconds of scheduling, an article about 30), each worker loads
the spaCy model once (``load_model``'s cache lives in the worker process) and sends back only
facts, which the caller stores; workers never see the store. At most a few batches per worker
thread are in flight, so the scheduler holds a window of texts, not the corpus. A worker that
dies mid-batch costs that batch, run again elsewhere (Dask reschedules it; a batch that keeps
killing workers is sent again a bounded number of times, then named in a ClusterError).

Dask is imported only here and only when a cluster is used: the single-machine path never
loads it.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from briefing.model import Article, ArticleFacts
from briefing.timing import StageTimer

if TYPE_CHECKING:
    from distributed import Client

log = logging.getLogger(__name__)

LOCAL = "local"
BATCH_MOST = 64  # articles per task at most: a lost batch costs little to run again
BATCH_LEAST = 8  # and at least: below, scheduling and shipping start to show next to ~30 ms an article
TASKS_PER_THREAD = 8  # batches per worker thread over a run, so the last ones finish close together
IN_FLIGHT_PER_THREAD = 3  # batches sent ahead per worker thread: none idles, the scheduler holds few texts
CONNECT_TIMEOUT = 30.0  # seconds to reach a scheduler
WORKER_WAIT = 120.0  # seconds to wait for a first worker to join it
RESUBMITS = 2  # times a batch is sent again after Dask gave up on it (KilledWorker)
# Dask's statistical profiler samples the running thread's stack 100 times a second: over spaCy's
# deep stacks that cost 10-15% of a worker's CPU here. Off for our LocalCluster; remote workers
# take DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False (README, docs/cluster-compose.yml).
# The nanny also starts each worker with MALLOC_TRIM_THRESHOLD_=65536, so glibc hands freed memory
# back to the system at once; spaCy allocates and frees a great deal per article, and that setting
# cost ~15% more CPU an article here (benchmarks/cluster_pass.py, CPU ms/article). The thread caps
# Dask sets beside it stay: one worker process per core.
WORKER_ENVIRON = {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1}
WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ": WORKER_ENVIRON,
}


class ClusterError(RuntimeError):
    """The cluster cannot be used: a bad setting, no scheduler, no worker, a batch that kills workers,
    or workers running another version of the language pass."""


@dataclass(frozen=True)
class ClusterSpec:
    """Where the language pass runs: a scheduler's ``address``, or a LocalCluster of ``workers``."""

    address: str | None = None
    workers: int = 0


def parse_cluster(setting: str | None) -> ClusterSpec | None:
    """The ``cluster`` setting read: None (one machine, the process pool) for "" / "none";
    ``local`` (one worker per core) or ``local:N``; a scheduler's ``tcp://host:port`` (or
    ``tls://``; a bare ``host:port`` means tcp)."""
    text = (setting or "").strip()
    if text.lower() in ("", "none", "off"):
        return None
    if text.lower() == LOCAL:
        from briefing.nlp.pipeline import _cores

        return ClusterSpec(workers=_cores())
    local = re.fullmatch(r"local:(\d+)", text, flags=re.IGNORECASE)
    if local:
        if int(local.group(1)) < 1:
            raise ClusterError(f"cluster {text!r}: a LocalCluster needs at least one worker")
        return ClusterSpec(workers=int(local.group(1)))
    if re.fullmatch(r"(tcp|tls)://\S+:\d+", text):
        return ClusterSpec(address=text)
    if re.fullmatch(r"[\w.\-\[\]:]+:\d+", text):
        return ClusterSpec(address=f"tcp://{text}")
    raise ClusterError(
        f"cluster {text!r}: expected a scheduler address (tcp://host:8786), 'local' or 'local:N' (N workers)"
    )


# --------------------------------------------------------------------------- connections
#
# One client per setting for the life of the process: the web service and the scheduler build many
# briefs, and a LocalCluster costs seconds to start (and a model load per worker). Closed at exit.

_clients: dict[str, tuple[Any, Any]] = {}  # setting -> (Client, the LocalCluster it started, or None)
_clients_lock = threading.Lock()  # the web service's workers build in threads: one LocalCluster, not one each
atexit.register(lambda: close_clients())


def client_for(setting: str) -> Client:
    """A connected client for the ``cluster`` setting, started or reached once per process."""
    with _clients_lock:
        known = _clients.pop(setting, None)
        if known is not None:
            if known[0].status == "running":
                _clients[setting] = known
                return known[0]
            _close(*known)  # the scheduler went away: reach it (or start a LocalCluster) again
        spec = parse_cluster(setting)
        if spec is None:
            raise ClusterError("no cluster is set")
        _clients[setting] = _connect(spec)
        return _clients[setting][0]


def _connect(spec: ClusterSpec) -> tuple[Any, Any]:
    from distributed import Client

    if spec.address is None:
        log.info("Starting a LocalCluster of %d worker process(es)", spec.workers)
        cluster = local_cluster(spec.workers)
        return Client(cluster, set_as_default=False), cluster
    try:
        return Client(spec.address, timeout=CONNECT_TIMEOUT, set_as_default=False), None
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {spec.address}: {error}") from error


def local_cluster(workers: int):  # -> distributed.LocalCluster
    """A LocalCluster for the language pass: ``workers`` processes of one thread each (spaCy and our
    extractors hold the GIL), on loopback only, no dashboard (the scheduler's HTTP server, health
    checks only, on a free loopback port: not 8787, which another cluster may hold, and not
    every interface, where ":0" would put it), and ``WORKER_CONFIG``."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_CONFIG):  # the nannies keep it for the workers they start, restarts too
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.WARNING,
        )


def close_clients() -> None:
    """Close every client this process opened and the LocalClusters it started."""
    with _clients_lock:
        while _clients:
            _close(*_clients.popitem()[1])


def _close(client, cluster) -> None:
    client.close()
    if cluster is not None:
        cluster.close()


def worker_threads(client: Client, wait: float = WORKER_WAIT) -> int:
    """Threads over all workers, once at least one worker has joined (a scheduler alone does nothing)."""
    try:
        client.wait_for_workers(1, timeout=wait)
    except TimeoutError as error:
        raise ClusterError(
            f"no Dask worker joined the scheduler at {client.scheduler.address} within {wait:.0f} s; start some "
            "with `dask worker ADDRESS --nworkers N --nthreads 1`"
        ) from error
    return max(1, sum(client.nthreads().values()))


def warm_workers(client: Client, model: str) -> dict[str, str]:
    """Load the model (and run the pass once) on every worker now, not in its first batch:
    for a benchmark, or a service that wants its first brief fast. Returns each worker's version of
    the pass. Workers joining later load the model with their first batch."""
    return client.run(_warm, model)


WARM_TEXT = (
    'The council met in Springfield on Monday, 3 March 2025. "We will vote next week," its chair, Ana Ruiz, '
    "said after the meeting."
)


def warm_up(model: str) -> None:
    """Load the model and run the pass once over a short text, so what loads on first use (word
    lists, spaCy's first batch) is not paid by the first real batch."""
    from briefing.nlp.pipeline import facts_of_chunk

    facts_of_chunk([Article(id="warm-up", path="warm-up", text=WARM_TEXT)], model)


def _warm(model: str) -> str:
    from briefing.store import pipeline_version

    warm_up(model)
    return pipeline_version(model)


# --------------------------------------------------------------------------- the pass


def batch_articles(articles: int, threads: int) -> int:
    """Articles per task: about ``TASKS_PER_THREAD`` tasks per worker thread so every worker stays
    busy to the end, within ``BATCH_LEAST`` and ``BATCH_MOST``."""
    return max(1, min(BATCH_MOST, max(BATCH_LEAST, -(-articles // (threads * TASKS_PER_THREAD)))))


def facts_of_batch(batch: Sequence[Article], model: str, batch_size: int) -> tuple[str, list, dict[str, float]]:
    """What a worker runs: the language pass over one batch, with the version of the pass that made
    it (the caller checks it against its own, since the cache is keyed by it) and the seconds per
    stage. Facts go back without their article: the caller has it already."""
    from briefing.nlp.pipeline import facts_of_chunk
    from briefing.store import pipeline_version

    facts, seconds = facts_of_chunk(batch, model, batch_size)
    return pipeline_version(model), facts, seconds


def extract_on_cluster(
    articles: Sequence[Article],
    model: str,
    cluster: str | Client,
    on_article: Callable[[Article], None] | None = None,
    batch_size: int = 16,
    timer: StageTimer | None = None,
    per_task: int | None = None,
) -> list[ArticleFacts]:
    """The language pass over ``articles`` on Dask workers, facts in input order.

    ``cluster`` is the setting (see :func:`parse_cluster`) or a connected client; ``per_task``
    overrides :func:`batch_articles`. ``on_article`` is called for each article as its batch comes
    back (so in the order batches finish). The ``timer`` gets "workers" (wall time) and each
    stage's seconds summed over the workers, as the local pool gives them.
    """
    from briefing.store import pipeline_version

    timer = timer or StageTimer()
    if not articles:
        return []
    with timer("cluster connect"):
        client = client_for(cluster) if isinstance(cluster, str) else cluster
        threads = worker_threads(client)
    size = per_task or batch_articles(len(articles), threads)
    batches = [list(articles[i : i + size]) for i in range(0, len(articles), size)]
    log.info("Language pass over %d articles: %d batches on %d worker thread(s)", len(articles), len(batches), threads)
    expected = pipeline_version(model)
    found: list[list[ArticleFacts]] = [[] for _ in batches]
    with timer("workers"):
        results = run_batches(client, batches, facts_of_batch, (model, batch_size), threads * IN_FLIGHT_PER_THREAD)
        for index, (version, part, seconds) in results:
            if version != expected:
                raise ClusterError(
                    f"a worker runs another language pass ({version}) than this machine ({expected}): install the "
                    "same briefing and spaCy model on every worker"
                )
            for stage, secs in seconds.items():
                timer.add(stage, secs, parallel=True)
            found[index] = [replace(f, article=a) for f, a in zip(part, batches[index], strict=True)]
            if on_article is not None:
                for article in batches[index]:
                    on_article(article)
    return [facts for part in found for facts in part]


def run_batches(
    client: Client, batches: Sequence[Sequence[Any]], task: Callable, args: tuple, window: int
) -> Iterator[tuple[int, Any]]:
    """``(index, task(batch, *args))`` for every batch, as they finish, with at most ``window``
    batches in flight. A batch on a worker that dies is rescheduled by Dask; one Dask gave up on
    (``KilledWorker``: it was on several workers that died) is sent again up to ``RESUBMITS`` times."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    run = uuid.uuid4().hex[:12]
    index_of: dict[str, int] = {}
    sent = [0] * len(batches)

    def submit(i: int):
        sent[i] += 1
        future = client.submit(task, batches[i], *args, key=f"briefing-language-{run}-{i}-{sent[i]}", pure=False)
        index_of[future.key] = i
        return future

    waiting = iter(range(len(batches)))
    first = [submit(i) for i in islice(waiting, max(1, window))]
    queue = as_completed(first, loop=client.loop)
    try:
        for future in queue:
            i = index_of.pop(future.key)
            try:
                result = future.result()
            except KilledWorker as error:
                if sent[i] > RESUBMITS:
                    raise ClusterError(
                        f"batch {i + 1} of {len(batches)} killed the workers it ran on {sent[i]} times; its first "
                        f"item: {_name(batches[i][0])}"
                    ) from error
                log.warning("batch %d of %d lost its workers; sending it again", i + 1, len(batches))
                queue.add(submit(i))
                continue
            finally:
                future.release()
            yield i, result
            following = next(waiting, None)
            if following is not None:
                queue.add(submit(following))
    finally:  # a run given up (an error, a version refused): none of its batches left running
        if queue.futures:
            client.cancel(list(queue.futures))


def _name(item: Any) -> str:
    return str(getattr(item, "path", item))[:200]
