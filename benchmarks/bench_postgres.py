"""SQLite against PostgreSQL in one run: ingest, checks, and clients against two server processes.

The same synthetic corpus (``tahqiq.fixtures.synthetic_articles``, ``--articles``) is ingested
into a SQLite file and into a PostgreSQL database of a throwaway cluster started for the run
(``tahqiq.store.pgcluster``, durable settings: fsync on, as a desk would run it). For each backend:

* ingest: wall time, articles per second, CPU seconds of this process (and its analysis workers)
  and, for PostgreSQL, of the database server's processes;
* checks: p50 and p95 of ``Tahqiq.check`` over ``--claims`` claims (after one warm-up check);
* load: ``--clients`` client threads against two ``tahqiq.server`` processes on the same store
  for ``--duration`` seconds, half the requests checks and half article views; errors and p95.

``--compare-copy`` also ingests into a second PostgreSQL database with batched INSERTs instead of
COPY (``Store.use_copy``), to show what COPY pays. Figures are printed side by side with ratios.

Usage: ``python benchmarks/bench_postgres.py [--articles 1000] [--clients 8] [--duration 15]``
(add ``--compare-copy`` for the COPY figures, ``--json`` for machine-readable output)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tahqiq
from bench_ingest_check import percentile
from bench_server_load import Tally, client, free_port, start_server, warm_up
from tahqiq.fixtures import synthetic_articles, synthetic_claims, write_jsonl
from tahqiq.store.pgcluster import PgCluster

CLK = os.sysconf("SC_CLK_TCK")


def _proc_cpu(pid: int, *, children: bool) -> float:
    """CPU seconds of a process from /proc (with ``children``: also of its reaped children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLK


def server_cpu(cluster: PgCluster) -> float:
    """CPU seconds used so far by the cluster: the postmaster, its reaped backends, the live ones."""
    pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
    total = _proc_cpu(pid, children=True)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                total += _proc_cpu(int(entry), children=False)
    return total


def own_cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def ingest(location: str, corpus: Path, cluster: PgCluster | None, *, copy: bool = True) -> dict[str, Any]:
    """``tahqiq ingest`` in a fresh process, so each backend starts with cold caches."""
    before_srv = server_cpu(cluster) if cluster else 0.0
    cpu, wall = own_cpu(), time.perf_counter()
    code = "import sys, tahqiq\nfrom tahqiq.store import Store\nStore.use_copy = sys.argv[3] == '1'\n"
    code += "with tahqiq.open(sys.argv[1]) as tq:\n    print(len(tq.ingest([sys.argv[2]]).added))\n"
    run = subprocess.run(
        [sys.executable, "-c", code, location, str(corpus), "1" if copy else "0"],
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - wall
    added = int(run.stdout.split()[-1])
    out = {
        "articles": added,
        "seconds": round(wall, 2),
        "per_second": round(added / wall, 1),
        "client_cpu_s": round(own_cpu() - cpu, 2),
    }
    if cluster:
        out["server_cpu_s"] = round(server_cpu(cluster) - before_srv, 2)
    return out


def checks(location: str, claims: list[str]) -> dict[str, Any]:
    with tahqiq.open(location) as tq:
        tq.check(claims[0])  # loads the stance model: not counted
        latencies = []
        for claim in claims:
            t = time.perf_counter()
            tq.check(claim)
            latencies.append((time.perf_counter() - t) * 1000)
    return {
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
    }


def load(location: str, clients: int, duration: float, claims: list[str], max_id: int) -> dict[str, Any]:
    """``clients`` threads against two server processes (one worker each) on ``location``."""
    ports = [free_port(), free_port()]
    servers = [start_server(location, port, 1, 2, 0) for port in ports]  # type: ignore[arg-type]
    try:
        for port in ports:
            warm_up(port, 5.0, 1, claims, max_id)
        tallies = {"check": Tally(), "article": Tally()}
        budget, lock = [10**9], threading.Lock()
        deadline = time.monotonic() + duration
        threads = [
            threading.Thread(
                target=client,
                args=(ports[i % 2], deadline, budget, lock, i, 0.5, 0.5, claims, max_id, tallies),
            )
            for i in range(clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=duration + 300)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    out: dict[str, Any] = {}
    for kind, tally in tallies.items():
        lat = tally.latencies
        out[kind] = {
            "requests": len(lat),
            "errors": len(tally.errors),
            "p50_ms": round(statistics.median(lat), 1) if lat else None,
            "p95_ms": round(percentile(lat, 0.95), 1) if lat else None,
        }
        if tally.errors:
            out[kind]["first_error"] = tally.errors[0]
    out["requests_per_second"] = round(sum(len(t.latencies) for t in tallies.values()) / duration, 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--claims", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds of load per backend")
    parser.add_argument(
        "--compare-copy", action="store_true", help="also ingest with INSERTs instead of COPY"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tahqiq-bench-pg-"))
    os.environ["TAHQIQ_CACHE"] = str(work / "cache")
    corpus = write_jsonl(work / "corpus.jsonl", synthetic_articles(args.articles))
    claims = synthetic_claims(args.claims)
    figures: dict[str, dict[str, Any]] = {}
    with PgCluster(durable=True) as cluster:
        locations = {"sqlite": str(work / "bench.db"), "postgres": cluster.create_database("bench")}
        for name, location in locations.items():
            print(f"{name}: ingesting {args.articles} articles", file=sys.stderr)
            figures[name] = {"ingest": ingest(location, corpus, cluster if name == "postgres" else None)}
        if args.compare_copy:
            inserts = cluster.create_database("bench_inserts")
            figures["postgres_inserts"] = {"ingest": ingest(inserts, corpus, cluster, copy=False)}
        for name, location in locations.items():
            print(f"{name}: {len(claims)} checks, then load", file=sys.stderr)
            figures[name]["check"] = checks(location, claims)
            with tahqiq.open(location) as tq:
                max_id = tq.watermark()[1]
            random.seed(1)
            figures[name]["load"] = load(location, args.clients, args.duration, claims, max_id)
        size = cluster.url("bench")
        with tahqiq.open(size) as tq:
            row = tq.store.conn.execute("SELECT pg_database_size(current_database())").fetchone()
            figures["postgres"]["database_mib"] = round(int(row[0]) / 2**20, 1)
        figures["sqlite"]["database_mib"] = round((work / "bench.db").stat().st_size / 2**20, 1)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    report(figures, args)


def report(figures: dict[str, dict[str, Any]], args: argparse.Namespace) -> None:
    lite, pg = figures["sqlite"], figures["postgres"]
    print(
        f"{args.articles} synthetic articles; {args.claims} checks; "
        f"{args.clients} clients, 2 servers, {args.duration:.0f} s"
    )
    print(f"{'':28}{'SQLite':>12}{'PostgreSQL':>12}{'PG/SQLite':>11}")

    def line(label: str, a: float | None, b: float | None) -> None:
        ratio = f"{b / a:.2f}" if a and b is not None else "-"
        print(f"{label:28}{a if a is not None else '-':>12}{b if b is not None else '-':>12}{ratio:>11}")

    line("ingest articles/s", lite["ingest"]["per_second"], pg["ingest"]["per_second"])
    line("ingest client CPU s", lite["ingest"]["client_cpu_s"], pg["ingest"]["client_cpu_s"])
    line("ingest server CPU s", None, pg["ingest"]["server_cpu_s"])
    line("check p50 ms", lite["check"]["p50_ms"], pg["check"]["p50_ms"])
    line("check p95 ms", lite["check"]["p95_ms"], pg["check"]["p95_ms"])
    for kind in ("check", "article"):
        line(f"load {kind} requests", lite["load"][kind]["requests"], pg["load"][kind]["requests"])
        line(f"load {kind} errors", lite["load"][kind]["errors"], pg["load"][kind]["errors"])
        line(f"load {kind} p95 ms", lite["load"][kind]["p95_ms"], pg["load"][kind]["p95_ms"])
    line("load requests/s", lite["load"]["requests_per_second"], pg["load"]["requests_per_second"])
    line("database MiB", lite["database_mib"], pg["database_mib"])
    if "postgres_inserts" in figures:
        ins = figures["postgres_inserts"]["ingest"]
        print(
            f"PostgreSQL ingest with INSERTs instead of COPY: {ins['per_second']} articles/s "
            f"(COPY {pg['ingest']['per_second']}), client CPU {ins['client_cpu_s']} s "
            f"(COPY {pg['ingest']['client_cpu_s']}), server CPU {ins['server_cpu_s']} s "
            f"(COPY {pg['ingest']['server_cpu_s']})"
        )
    for name, data in (("SQLite", lite), ("PostgreSQL", pg)):
        for kind in ("check", "article"):
            if "first_error" in data["load"][kind]:
                print(f"{name} first {kind} error: {data['load'][kind]['first_error']}")


if __name__ == "__main__":
    main()
