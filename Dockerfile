# pgmock in a container: the command as the entrypoint, PostgreSQL's client programs
# beside it so a dump can be piped into pg_restore or psql in the same image.
#
#   docker build -t pgmock .
#   docker run --rm pgmock generate --template saas -Fc > saas.dump
#   docker run --rm pgmock generate --template saas -Fc | docker run --rm -i --entrypoint pg_restore pgmock -l
#   docker run --rm -v "$PWD:/work" pgmock generate shop.json -f shop.sql
#
# Extras (pgmockdb[sql], [live], [zstd] …): docker build --build-arg EXTRAS=sql,live .

# The wheel is built from this tree, as pip would build it; the image gets only the wheel.
FROM python:3.12-slim AS wheel
WORKDIR /src
COPY pyproject.toml README.md CHANGELOG.md ./
COPY host host
COPY builtin_plugins builtin_plugins
COPY plugin_sdk plugin_sdk
COPY docs docs
RUN pip wheel --no-cache-dir --no-deps -w /dist .

FROM python:3.12-slim
ARG EXTRAS=""
# pg_restore, pg_dump, psql: Debian's postgresql-client (its pg_restore reads the archive
# versions pgmock writes by default; see --target-version).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY --from=wheel /dist/ /tmp/dist/
RUN set -eu; wheel=$(ls /tmp/dist/pgmockdb-*.whl); \
    if [ -n "$EXTRAS" ]; then wheel="pgmockdb[$EXTRAS] @ file://$wheel"; fi; \
    PIP_DISABLE_PIP_VERSION_CHECK=1 pip install --no-cache-dir "$wheel"; \
    rm -rf /tmp/dist
# Not root: a schema is data, but the generators it picks still run here.
RUN useradd --create-home --uid 10001 --user-group pgmock
USER pgmock
WORKDIR /work
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
ENTRYPOINT ["pgmock"]
CMD ["--help"]
