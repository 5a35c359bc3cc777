# concur-extract: build with the official Swift image, run `serve` from a slim Debian image as a non-root user.
# Not built on the development machines (no Docker there); see README, "Running in production".
#
#   docker build -t concur-extract .
#   docker run --rm -v /etc/concur-extract:/etc/concur-extract:ro -v concur-data:/var/lib/concur-extract \
#     concur-extract --companies /etc/concur-extract/companies.toml --log-format json

# --- build ---------------------------------------------------------------------------------------------------
FROM swift:6.0-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libsqlite3-dev && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first: their resolution is cached while only the sources change.
COPY Package.swift Package.resolved ./
RUN swift package resolve
COPY Sources ./Sources
COPY Tests ./Tests
COPY Benchmarks ./Benchmarks
RUN swift build -c release --product concur-extract --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/concur-extract" /usr/local/bin/concur-extract

# --- run -----------------------------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends libsqlite3-0 ca-certificates tzdata curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/concur-extract --create-home --shell /usr/sbin/nologin concur
COPY --from=build /usr/local/bin/concur-extract /usr/local/bin/concur-extract
USER concur
# Ledger (SQLite unless --database postgres://…), raw-file archive and downloads; tokens under the state dir.
ENV CONCUR_EXTRACT_DATA=/var/lib/concur-extract/data \
    XDG_STATE_HOME=/var/lib/concur-extract/state
VOLUME ["/var/lib/concur-extract"]
WORKDIR /var/lib/concur-extract
# SIGTERM (docker stop) finishes the runs in hand, then exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/concur-extract", "serve"]
CMD ["--companies", "/etc/concur-extract/companies.toml", "--log-format", "json"]
