"""`python -m bench.serve [--config decode/configs/small-cpu.toml] [--n 64] [--clients 8] [--peer-n 16]`: the
contract service under load on 127.0.0.1.

Starts `python -m decode.serve`, sends the first N dev-lockbox inputs one by one and then from C concurrent
clients, prints throughput, p50/p95/p99 latency and the occupied slots per decoder step call (from /metrics), stops the service
with SIGTERM, then runs the peer on the same model: transformers' generate + xgrammar (the contract JSON
Schema) answering the first --peer-n inputs one by one.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from v2t.errors import UserError, cli_entry  # noqa: E402
from v2t.jsonl import read_jsonl, write_json_atomic  # noqa: E402

TARGETS = {"vs_sequential": 3.0, "vs_peer": 5.0, "p99_over_p50": 3.0}


def percentile(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q / 100 * len(s) + 0.5) - 1))]  # nearest rank


def post(port: int, text: str, timeout: float = 300) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        conn.request("POST", "/v1/contract", body=json.dumps({"text": text}, ensure_ascii=False).encode(),
                     headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return resp.status, time.perf_counter() - started
    finally:
        conn.close()


def batch_histogram(port: int) -> dict[int, int]:
    """Cumulative v2t_serve_batch_size buckets -> calls per batch size."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    cumulative = {}
    for line in text.splitlines():
        if line.startswith("v2t_serve_batch_size_bucket") and 'le="+Inf"' not in line:
            le = float(line.split('le="')[1].split('"')[0])
            cumulative[int(le)] = float(line.rsplit(" ", 1)[1])
    sizes = sorted(cumulative)
    return {s: int(cumulative[s] - (cumulative[sizes[i - 1]] if i else 0)) for i, s in enumerate(sizes)}


def run_load(port: int, texts: list[str], clients: int) -> dict:
    """`clients` threads take the next text until all are sent; throughput over the whole wall time."""
    latencies: list[float] = []
    statuses: list[int] = []
    lock, next_i = threading.Lock(), iter(range(len(texts)))

    def client():
        while True:
            with lock:
                i = next(next_i, None)
            if i is None:
                return
            status, seconds = post(port, texts[i])
            with lock:
                statuses.append(status)
                latencies.append(seconds)

    before = batch_histogram(port)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    after = batch_histogram(port)
    if statuses.count(200) != len(texts):
        raise RuntimeError(f"{len(texts) - statuses.count(200)} of {len(texts)} requests failed: {set(statuses)}")
    return {"clients": clients, "requests": len(texts), "wall_s": wall, "per_s": len(texts) / wall,
            "p50_ms": 1000 * percentile(latencies, 50), "p95_ms": 1000 * percentile(latencies, 95),
            "p99_ms": 1000 * percentile(latencies, 99),
            "batches": {s: after[s] - before.get(s, 0) for s in after if after[s] - before.get(s, 0)}}


def start_service(config: str, max_chars: int, log, sets: list[str]) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "decode.serve", "--config", config, "--port", str(port),
                             "--set", f"serve.max_text_chars={max_chars}", *[a for x in sets for a in ("--set", x)]],
                            cwd=ROOT, stdout=log, stderr=log)
    while True:
        if proc.poll() is not None:
            raise UserError(f"decode.serve exited with {proc.returncode} before it was ready")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(1)


def run_peer(config: str, texts: list[str]) -> dict:
    """transformers generate + xgrammar on the service's own model (decode.predict.load_arm), one by one."""
    import torch

    from bench.contract_schema import xgrammar_compiled
    from bench.peers import HFGenerate
    from decode.predict import load_arm
    from decode.serve import ServeConfig
    from v2t.config import load_config
    from v2t.contract import validate
    from v2t.hf_export import export_hf
    from v2t.prompt import prompt_ids

    torch.set_num_threads(2)
    whole = load_config(config, ServeConfig)  # the config the service loaded
    cfg = whole.decode
    arm = load_arm(whole)
    tok, model = arm.tokenizer, arm.model
    compiled, _ = xgrammar_compiled(tok, model.config.vocab_size)
    with tempfile.TemporaryDirectory() as hf_dir:
        export_hf(model, hf_dir)
        hf = HFGenerate(hf_dir, compiled, cfg.max_new_tokens)
    hf.generate([prompt_ids(tok, texts[0])])  # warm-up
    latencies, valid = [], 0
    for text in texts:
        started = time.perf_counter()
        [ids] = hf.generate([prompt_ids(tok, text)])
        latencies.append(time.perf_counter() - started)
        valid += validate(tok.decode(ids[:-1])).semantic_valid
    wall = sum(latencies)
    return {"requests": len(texts), "wall_s": wall, "per_s": len(texts) / wall, "valid": valid,
            "p50_ms": 1000 * percentile(latencies, 50), "p99_ms": 1000 * percentile(latencies, 99)}


def table(out: dict) -> str:
    seq, load, peer = out["sequential"], out["concurrent"], out.get("peer")
    rows = [("side", "requests", "per s", "p50 ms", "p95 ms", "p99 ms", "occupied slots per step call (calls)")]
    rows.append(("service, 1 client", str(seq["requests"]), f"{seq['per_s']:.2f}", f"{seq['p50_ms']:.0f}",
                 f"{seq['p95_ms']:.0f}", f"{seq['p99_ms']:.0f}", json.dumps(seq["batches"])))
    rows.append((f"service, {load['clients']} clients", str(load["requests"]), f"{load['per_s']:.2f}",
                 f"{load['p50_ms']:.0f}", f"{load['p95_ms']:.0f}", f"{load['p99_ms']:.0f}", json.dumps(load["batches"])))
    if peer:
        rows.append(("peer: transformers+xgrammar, 1 by 1", str(peer["requests"]), f"{peer['per_s']:.2f}",
                     f"{peer['p50_ms']:.0f}", "", f"{peer['p99_ms']:.0f}", f"valid {peer['valid']}/{peer['requests']}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    t = TARGETS
    lines.append(f"concurrent / sequential throughput: {load['per_s'] / seq['per_s']:.2f}x (target >= {t['vs_sequential']:g}x)")
    if peer:
        lines.append(f"concurrent / peer throughput: {load['per_s'] / peer['per_s']:.2f}x (target >= {t['vs_peer']:g}x)")
    lines.append(f"concurrent p99 / p50: {load['p99_ms'] / load['p50_ms']:.2f} (target < {t['p99_over_p50']:g})")
    sets = f" ({', '.join(out['set'])})" if out["set"] else ""
    return "\n".join([f"serve bench: {out['config']}{sets}, {out['rows']} dev-lockbox inputs, 127.0.0.1"] + lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.serve", description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="decode/configs/small-cpu.toml", help="decode.serve config (tiny or small)")
    ap.add_argument("--rows", default="data/lockbox/dev-lockbox-v1.jsonl", help="rows with input_text")
    ap.add_argument("--n", type=int, default=64, help="requests per side (the first N inputs)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent clients")
    ap.add_argument("--peer-n", type=int, default=16, help="requests for the peer (0 skips it)")
    ap.add_argument("--set", action="append", default=[], help="a decode.serve override, e.g. serve.batch_sizes=[1,4]")
    ap.add_argument("--json", help="also write the numbers here")
    args = ap.parse_args(argv)
    if args.n < 1 or args.clients < 1 or args.peer_n < 0:
        raise UserError("--n and --clients must be positive, --peer-n not negative")
    texts = [r["input_text"] for r in read_jsonl(args.rows)][: args.n]
    if not texts:
        raise UserError(f"{args.rows}: no rows")
    out = {"config": args.config, "rows": len(texts), "set": args.set}
    with tempfile.TemporaryFile("w+") as log:
        proc, port = start_service(args.config, max(map(len, texts)), log, args.set)
        try:
            print(f"service ready on 127.0.0.1:{port}", file=sys.stderr, flush=True)
            run_load(port, texts[: args.clients], args.clients)  # warm-up: first requests, thread pools
            out["sequential"] = run_load(port, texts, 1)
            out["concurrent"] = run_load(port, texts, args.clients)
        finally:
            os.kill(proc.pid, signal.SIGTERM)
            out["service_exit"] = proc.wait(120)
    print(table(out), file=sys.stderr, flush=True)  # the service's side now: the peer takes minutes
    if args.peer_n:
        out["peer"] = run_peer(args.config, texts[: args.peer_n])
    print(table(out))
    if args.json:
        write_json_atomic(args.json, out)
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
