"""Load on the workbench API: concurrent clients mixing claim checks and article views, on loopback.

Starts ``python -m tahqiq.server`` on a free loopback port over a synthetic store (built with
``bench_ingest_check.generate`` when missing, or given with ``--db``), then runs ``--clients``
client threads, each with a keep-alive connection, for ``--duration`` seconds or until
``--max-requests`` requests in all, whichever comes first. Each request is a check of a claim
drawn from the corpus's sentences (share ``--check-share``) or the view of a random article:
its text, sentences, quotes and sources, with its reuse links in share ``--reuse-share`` of the
views (the article page) and without them otherwise (the text a reviewer unfolds under a piece of
evidence). Reports throughput, p50/p95 latency per kind, the server's CPU time per request, and
every error (a non-200 answer or a failed connection).

The server runs as ``tahqiq serve`` would: its default worker count (one per core, at most 4)
unless ``--workers`` says otherwise, and its rate limit on, each client naming itself with
``X-Tahqiq-Client`` as the page does, so every client has its own bucket (``--rate-per-minute 0``
turns the limit off).

Traffic only ever goes to 127.0.0.1: the script starts the server itself and takes no address.

Usage: ``python benchmarks/bench_server_load.py [--articles 10000] [--clients 20] [--duration 60]``
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tahqiq
from bench_ingest_check import generate, percentile
from tahqiq.fixtures import synthetic_claims
from tahqiq.server.run import default_workers

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


@dataclass
class Tally:
    """Latencies (ms) and errors of one kind of request, filled by every client thread."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, ms: float, error: str | None) -> None:
        with self.lock:
            if error is None:
                self.latencies.append(ms)
            else:
                self.errors.append(error)

    def summary(self, seconds: float) -> dict[str, float | int]:
        done = len(self.latencies)
        return {
            "requests": done + len(self.errors),
            "ok": done,
            "errors": len(self.errors),
            "per_second": round(done / seconds, 2) if seconds else 0.0,
            "p50_ms": round(statistics.median(self.latencies), 1) if done else 0.0,
            "p95_ms": round(percentile(self.latencies, 0.95), 1) if done else 0.0,
            "max_ms": round(max(self.latencies), 1) if done else 0.0,
        }


def cpu_seconds(root: int) -> float | None:
    """CPU time (user + system) of process ``root`` and its descendants, from /proc; None elsewhere."""
    if not Path("/proc").is_dir():
        return None
    used = 0
    for pid in process_tree(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used += int(fields[11]) + int(fields[12])
    return used / os.sysconf("SC_CLK_TCK")


def process_tree(root: int) -> set[int]:
    """``root`` and its descendants, from /proc (empty elsewhere)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return set()
    parent: dict[int, int] = {}
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(child for child, ppid in parent.items() if ppid == pid and child not in tree)
    return tree


def resident_mib(root: int) -> float | None:
    """Resident memory of ``root`` and its descendants (the server and its workers), in MiB."""
    total = 0
    for pid in process_tree(root):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return round(total / 1024, 1) if total else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def build_store(out: Path, articles: int) -> Path:
    corpus = out / f"corpus-{articles}.jsonl"
    db = out / f"bench-{articles}.db"
    if db.exists():
        return db
    if not corpus.exists():
        t = time.perf_counter()
        generate(corpus, articles)
        print(f"generated {articles} articles in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    with tahqiq.open(db) as tq:
        tq.ingest([str(corpus)])
    print(f"ingested into {db} in {time.perf_counter() - t:.1f}s")
    return db


def start_server(db: Path, port: int, workers: int, slots: int, rate: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "TAHQIQ_RATE_PER_MINUTE": str(rate), "TAHQIQ_MAX_CONCURRENT_WORK": str(slots)}
    env.pop("TAHQIQ_TOKEN", None)
    cmd = [sys.executable, "-m", "tahqiq.server", "--db", str(db), "--host", HOST, "--port", str(port)]
    cmd += ["--workers", str(workers), "--log-level", "warning"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited: {server.stderr.read().decode() if server.stderr else ''}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("server did not start within 60 s")


def client(
    port: int,
    deadline: float,
    budget: list[int],
    budget_lock: threading.Lock,
    seed: int,
    check_share: float,
    reuse_share: float,
    claim_pool: list[str],
    max_id: int,
    tallies: dict[str, Tally],
) -> None:
    rng = random.Random(seed)
    headers = {"Content-Type": "application/json", "X-Tahqiq-Client": f"bench-client-{seed:04d}"}
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    while time.monotonic() < deadline:
        with budget_lock:
            if budget[0] <= 0:
                break
            budget[0] -= 1
        if rng.random() < check_share:
            kind, method, path = "check", "POST", "/api/check"
            body: bytes | None = json.dumps({"claim": rng.choice(claim_pool)}, ensure_ascii=False).encode()
        else:
            reuse = "true" if rng.random() < reuse_share else "false"
            kind, method, body = "article", "GET", None
            path = f"/api/articles/{rng.randint(1, max_id)}?reuse={reuse}"
        t = time.perf_counter()
        error = None
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                error = f"{kind} {path}: HTTP {response.status}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{kind} {path}: {type(exc).__name__}: {exc}"
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=60)
        tallies[kind].add((time.perf_counter() - t) * 1000, error)
    conn.close()


def warm_up(port: int, seconds: float, workers: int, claim_pool: list[str], max_id: int) -> None:
    """Load before the clock starts: each worker loads its stance model on its first check, which
    takes seconds; the figures are for a server that has been up a while. Nothing here is counted."""
    if seconds <= 0:
        return
    discard = {"check": Tally(), "article": Tally()}
    budget, lock = [10_000], threading.Lock()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=client,
            args=(port, deadline, budget, lock, 1000 + i, 0.5, 1.0, claim_pool, max_id, discard),
        )
        for i in range(2 * workers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, default=10_000, help="synthetic store size (ignored with --db)"
    )
    parser.add_argument("--db", type=Path, help="an existing store to serve instead of a synthetic one")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/out")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (at most 600)")
    parser.add_argument("--max-requests", type=int, default=50_000, help="requests in all, at most")
    parser.add_argument("--check-share", type=float, default=0.5, help="share of requests that are checks")
    parser.add_argument(
        "--reuse-share", type=float, default=1.0, help="share of article views with reuse links"
    )
    parser.add_argument(
        "--workers", type=int, default=None, help="server processes (default: the server's, cores up to 4)"
    )
    parser.add_argument(
        "--rate-per-minute", type=int, default=600, help="the server's rate limit per client (0: off)"
    )
    parser.add_argument("--slots", type=int, default=2, help="checks and article views computed at once")
    parser.add_argument(
        "--warmup", type=float, default=10.0, help="seconds of uncounted load first (models load)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    duration = min(max(args.duration, 1.0), 600.0)
    workers = args.workers or default_workers()

    args.out.mkdir(parents=True, exist_ok=True)
    db = args.db or build_store(args.out, args.articles)
    with tahqiq.open(db) as tq:
        max_id = int(tq.store.conn.execute("SELECT max(id) FROM articles").fetchone()[0])
        stored = tq.store.count()
    port = free_port()
    server = start_server(db, port, workers, args.slots, args.rate_per_minute)
    tallies = {"check": Tally(), "article": Tally()}
    try:
        claim_pool = synthetic_claims(200, seed=11)
        warm_up(port, args.warmup, workers, claim_pool, max_id)
        budget, budget_lock = [args.max_requests], threading.Lock()
        cpu_before = cpu_seconds(server.pid)
        start = time.monotonic()
        deadline = start + duration
        threads = [
            threading.Thread(
                target=client,
                args=(
                    port,
                    deadline,
                    budget,
                    budget_lock,
                    i,
                    args.check_share,
                    args.reuse_share,
                    claim_pool,
                    max_id,
                    tallies,
                ),
            )
            for i in range(args.clients)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=duration + 120)
        elapsed = time.monotonic() - start
        cpu_after = cpu_seconds(server.pid)
        rss = resident_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    everything = Tally(
        latencies=tallies["check"].latencies + tallies["article"].latencies,
        errors=tallies["check"].errors + tallies["article"].errors,
    )
    served = len(everything.latencies) + len(everything.errors)
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    result = {
        "store_articles": stored,
        "server_cpu_seconds": round(cpu, 1) if cpu is not None else None,
        "server_cpu_ms_per_request": round(1000 * cpu / served, 1) if cpu is not None and served else None,
        "server_rss_mib": rss,
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "clients": args.clients,
        "check_share": args.check_share,
        "reuse_share": args.reuse_share,
        "workers": workers,
        "rate_per_minute": args.rate_per_minute,
        "warmup_seconds": args.warmup,
        "seconds": round(elapsed, 1),
        "all": everything.summary(elapsed),
        "check": tallies["check"].summary(elapsed),
        "article": tallies["article"].summary(elapsed),
        "first_errors": everything.errors[:5],
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{stored} articles, {args.clients} clients, {workers} worker(s), {elapsed:.1f} s on loopback; "
        f"{args.check_share:.0%} checks, reuse links in {args.reuse_share:.0%} of article views; "
        f"rate limit {args.rate_per_minute or 'off'}/min per client"
    )
    for kind in ("all", "check", "article"):
        s = result[kind]
        assert isinstance(s, dict)
        print(
            f"{kind:8} {s['requests']:6} requests  {s['per_second']:7.1f}/s  p50 {s['p50_ms']:7.1f} ms  "
            f"p95 {s['p95_ms']:7.1f} ms  max {s['max_ms']:7.1f} ms  errors {s['errors']}"
        )
    if cpu is not None:
        print(
            f"server CPU {cpu:.1f} s in all, {result['server_cpu_ms_per_request']} ms per request, "
            f"{rss} MiB resident; "
            f"load average {result['load_average']:.1f} (other work on this machine slows every figure)"
        )
    for error in everything.errors[:5]:
        print("error:", error)


if __name__ == "__main__":
    main()
