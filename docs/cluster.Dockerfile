# The image of a Dask scheduler or worker for briefing (docs/cluster-compose.yml): Python, the
# package and its pinned dependencies (dask, distributed and the spaCy model among them). Build it
# from the repository's root so the worker runs the very code the client runs.
FROM python:3.11-slim
WORKDIR /src
COPY pyproject.toml README.md ./
COPY briefing ./briefing
COPY templates ./templates
RUN pip install --no-cache-dir .
RUN useradd --create-home worker
USER worker
WORKDIR /home/worker
