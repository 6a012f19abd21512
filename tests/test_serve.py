"""`python -m decode.serve` on a real uvicorn at 127.0.0.1 (tiny preset): the same contracts as decode.predict
through both endpoints, every bad input refused before the model, a burst over the queue limit, a client that
hangs up, one failing batch, and SIGTERM during load. Counts and timeouts are bounded.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from decode.contract_json_schema import contract_json_schema
from decode.predict import main as predict_main
from decode.serve_batcher import ContractBatcher
from decode.serve_requests import RequestError
from v2t.contract import validate

ROOT = Path(__file__).resolve().parents[1]
LOCKBOX = ROOT / "data" / "lockbox" / "dev-lockbox-v1.jsonl"
MAX_CHARS = 48  # with 96 history tokens five prompt buckets (32 to 160): a short start-up
DECODE = """[model]
preset = "tiny"
init_seed = 0

[decode]
batch_size = 4
max_new_tokens = 1024
"""
CONFIG = DECODE + f"""[serve]
max_text_chars = {MAX_CHARS}
max_history_tokens = 96
batch_sizes = [1, 4]
max_pending = 8
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port, method, path, body=None, timeout=60):
    """(status, headers, parsed JSON or text); body bytes are sent as they are."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = body if isinstance(body, bytes | type(None)) else json.dumps(body, ensure_ascii=False).encode()
        conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        raw = resp.read().decode()
        try:
            return resp.status, resp.headers, json.loads(raw)
        except ValueError:
            return resp.status, resp.headers, raw
    finally:
        conn.close()


def metric(port, name: str) -> float:
    _, _, text = call(port, "GET", "/metrics")
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    config = tmp / "serve.toml"
    config.write_text(CONFIG, encoding="utf-8")
    port = _free_port()
    log = open(tmp / "serve.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen([sys.executable, "-m", "decode.serve", "--config", str(config), "--port", str(port)],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 240
    while True:
        assert proc.poll() is None, (tmp / "serve.log").read_text()
        try:
            if call(port, "GET", "/health", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        assert time.time() < deadline, "service not ready in 240 s"
        time.sleep(0.5)
    yield {"port": port, "proc": proc, "config": config, "tmp": tmp}
    if proc.poll() is None:
        proc.kill()
        proc.wait(30)
    log.close()


def _lockbox_inputs(n: int) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in LOCKBOX.read_text(encoding="utf-8").splitlines()]
    return [(r["row_id"], r["input_text"]) for r in rows if len(r["input_text"]) <= MAX_CHARS][:n]


def test_both_endpoints_answer_what_decode_predict_writes(server):
    port, tmp = server["port"], server["tmp"]
    inputs = _lockbox_inputs(16)
    rows = tmp / "inputs.jsonl"
    rows.write_text("".join(json.dumps({"id": i, "input_text": t}, ensure_ascii=False) + "\n" for i, t in inputs),
                    encoding="utf-8")
    decode_only = tmp / "decode.toml"  # the service's [model] and [decode] sections, as decode.predict reads them
    decode_only.write_text(DECODE, encoding="utf-8")
    assert predict_main(["--config", str(decode_only), "--rows", str(rows), "--out", str(tmp / "p.jsonl")]) == 0
    expected = [json.loads(line) for line in (tmp / "p.jsonl").read_text(encoding="utf-8").splitlines()]
    schema = contract_json_schema()
    for (_, text), want in zip(inputs, expected, strict=True):
        status, _, got = call(port, "POST", "/v1/contract", {"text": text, "history": []})
        assert status == 200 and got["contract"] == want["prediction"] and got["finish"] == want["finish"]
        assert (got["arm"], got["tokens"], got["prompt_policy"]) == (want["arm"], want["tokens"], want["prompt_policy"])
        status, _, chat = call(port, "POST", "/v1/chat/completions", {
            "model": "base", "messages": [{"role": "system", "content": "ignored"}, {"role": "user", "content": text}],
            "response_format": {"type": "json_schema", "json_schema": {"name": "contract", "schema": schema}}})
        assert status == 200 and chat["object"] == "chat.completion"
        assert json.loads(chat["choices"][0]["message"]["content"]) == want["prediction"]
        assert chat["usage"]["completion_tokens"] == want["tokens"] and chat["usage"]["prompt_tokens"] > len(text) // 2
    assert all(validate(w["prediction"]).semantic_valid for w in expected)


def test_a_history_gives_what_decode_predict_gives_after_it(server):
    from dialogue_seed_fixtures import dialogues

    from v2t.contract import render

    port, tmp = server["port"], server["tmp"]
    rows = tmp / "dialogues.jsonl"
    dlg = dialogues()[2]  # 打开哔哩哔哩, then a fresh request
    rows.write_text(json.dumps(dlg, ensure_ascii=False) + "\n", encoding="utf-8")
    decode_only = tmp / "decode.toml"
    decode_only.write_text(DECODE, encoding="utf-8")
    out = tmp / "dlg.jsonl"
    assert predict_main(["--config", str(decode_only), "--rows", str(rows), "--out", str(out), "--history", "gold"]) == 0
    want = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()][1]
    first, second = dlg["turns"]
    history = [{"role": "user", "content": first["input_text"]},
               {"role": "assistant", "content": render(first["target_contract"])}]
    status, _, got = call(port, "POST", "/v1/contract", {"text": second["input_text"], "history": history})
    assert status == 200 and got["contract"] == want["prediction"] and got["tokens"] == want["tokens"]
    status, _, chat = call(port, "POST", "/v1/chat/completions", {
        "messages": [{"role": "system", "content": "ignored"}, *history,
                     {"role": "user", "content": second["input_text"]}]})
    assert status == 200 and json.loads(chat["choices"][0]["message"]["content"]) == want["prediction"]
    _, _, alone = call(port, "POST", "/v1/chat/completions", {"messages": [{"role": "user", "content": second["input_text"]}]})
    assert chat["usage"]["prompt_tokens"] > alone["usage"]["prompt_tokens"] + len(first["input_text"])
    # an assistant message that is no contract enters as its text: still answered
    raw = [history[0], {"role": "assistant", "content": "好的"}]
    assert call(port, "POST", "/v1/contract", {"text": second["input_text"], "history": raw})[0] == 200


@pytest.mark.parametrize(("body", "status", "kind"), [
    ({"text": ""}, 422, "empty_text"),
    ({"text": " \u3000\n\t"}, 422, "empty_text"),
    ({"text": "打" * (MAX_CHARS + 1)}, 413, "text_too_long"),
    (b"{not json", 400, "invalid_json"),
    (b"[1, 2]", 400, "invalid_json"),
    ({"history": []}, 422, "missing_text"),
    ({"text": 5}, 422, "invalid_text"),
    ('{"text": "打开百度"}'.encode("utf-16"), 400, "invalid_utf8"),
    (b'{"text": "\xe6\x89\x93\xff"}', 400, "invalid_utf8"),
    ({"text": "打开百度", "history": "no"}, 422, "invalid_history"),
    ({"text": "打开百度", "history": [{"role": "robot", "content": "x"}]}, 422, "invalid_history"),
    ({"text": "打开百度", "txt": "typo"}, 422, "unknown_field"),
    ({"text": "打开百度", "history": [{"role": "assistant", "content": "x"}, {"role": "user", "content": "y"}]}, 422,
     "invalid_history"),
    ({"text": "打开百度", "history": [{"role": "user", "content": "打开京东"}]}, 422, "invalid_history"),
    ({"text": "打开百度", "history": [{"role": "user", "content": "打" * 40}, {"role": "assistant", "content": "好" * 40}] * 6},
     413, "history_too_long"),
])
def test_bad_input_is_a_4xx_one_line_json_error_and_never_decoded(server, body, status, kind):
    port = server["port"]
    batches = metric(port, "v2t_serve_batch_size_count")
    got, headers, err = call(port, "POST", "/v1/contract", body)
    assert got == status and err["error"]["type"] == kind and "\n" not in json.dumps(err)
    assert metric(port, "v2t_serve_batch_size_count") == batches  # nothing reached the decoder


@pytest.mark.parametrize(("body", "kind"), [
    ({"messages": []}, "missing_text"),
    ({"messages": [{"role": "assistant", "content": "hi"}]}, "invalid_messages"),
    ({"messages": [{"role": "user", "content": "  "}]}, "empty_text"),
    ({"messages": [{"role": "user", "content": "打开百度"}], "stream": True}, "invalid_messages"),
    ({"messages": [{"role": "tool", "content": "x"}, {"role": "user", "content": "打开百度"}]}, "invalid_history"),
    ({"messages": [{"role": "user", "content": "打开百度"}], "response_format": {"type": "yaml"}},
     "invalid_response_format"),
    ({"messages": [{"role": "user", "content": "打开百度"}],
      "response_format": {"type": "json_schema", "json_schema": {"schema": {"type": "object"}}}},
     "invalid_response_format"),
])
def test_chat_refuses_what_it_cannot_satisfy(server, body, kind):
    got, _, err = call(server["port"], "POST", "/v1/chat/completions", body)
    assert got == 422 and err["error"]["type"] == kind


def _burst(port, n, timeout=120):
    results: list = [None] * n

    def one(i):
        try:
            results[i] = call(port, "POST", "/v1/contract", {"text": f"帮我查一下第{i}个天气"}, timeout=timeout)
        except Exception as e:  # noqa: BLE001 - a lost or hung request is what the test looks for
            results[i] = e

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    return threads, results


def test_burst_over_the_queue_limit_answers_every_request(server):
    port = server["port"]
    threads, results = _burst(port, 24)
    for t in threads:
        t.join(150)
    assert not any(t.is_alive() for t in threads), "a request hung"
    statuses = [r[0] if isinstance(r, tuple) else repr(r) for r in results]
    assert set(statuses) == {200, 503}, statuses  # every request answered: decoded or told to retry
    assert all(r[1].get("Retry-After") == "1" for r in results if r[0] == 503)
    assert statuses.count(200) >= 8 and metric(port, "v2t_serve_queue_depth") == 0
    assert all(validate(r[2]["contract"]).semantic_valid for r in results if r[0] == 200)


def test_client_that_hangs_up_is_dropped_and_the_service_keeps_serving(server):
    port = server["port"]
    before = metric(port, 'v2t_serve_errors_total{kind="client_cancelled"}')
    # 7 requests (the most max_pending 8 leaves beside the hung-up one) fill the slots and the queue, and the client
    # hangs up right after sending, so the hang-up comes before the request's turn: with a 0.2 s pause before it
    # and 0.05 s before hanging up, the tiny model (about 40 ms a request on a quiet machine) had answered all first
    threads, results = _burst(port, 7)
    body = json.dumps({"text": "打开百度"}, ensure_ascii=False).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"POST /v1/contract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body)
    for t in threads:
        t.join(120)
    deadline = time.time() + 30
    while metric(port, 'v2t_serve_errors_total{kind="client_cancelled"}') == before and time.time() < deadline:
        time.sleep(0.2)
    assert metric(port, 'v2t_serve_errors_total{kind="client_cancelled"}') == before + 1
    assert [r[0] for r in results] == [200] * 7 and metric(port, "v2t_serve_queue_depth") == 0
    assert call(port, "POST", "/v1/contract", {"text": "打开百度"})[0] == 200


class FakeEngine:
    """A slot engine whose rows are (name, steps): each step() takes one step off every row; a row at 0 ends."""

    def __init__(self, size, log):
        self.size, self.rows, self.log = size, [None] * size, log

    def fits(self, prepared):
        return True

    def free(self):
        return [i for i, r in enumerate(self.rows) if r is None]

    def active(self):
        return self.size - len(self.free())

    def admit(self, slot, prepared, owner):
        self.rows[slot] = [*prepared, owner]
        self.log.append((self.size, prepared[0]))

    def step(self):
        time.sleep(0.01)
        if any(r and r[0] == "boom" for r in self.rows):
            raise ValueError("bad batch\nsecond line")
        ended = []
        for i, r in enumerate(self.rows):
            if r:
                r[1] -= 1
                if r[1] <= 0:
                    ended.append((r[2], r[0].upper()))
                    self.rows[i] = None
        return ended

    def reset(self):
        lost = [r[2] for r in self.rows if r]
        self.rows = [None] * self.size
        return lost


def test_a_failing_batch_fails_only_its_requests():
    async def scenario():
        batcher = ContractBatcher([FakeEngine(2, [])], lambda item: item, lambda raw, shared: raw, max_pending=8)
        batcher.start()
        first = await asyncio.gather(batcher.submit(("boom", 3)), batcher.submit(("b", 3)), return_exceptions=True)
        after = await asyncio.gather(batcher.submit(("c", 1)), batcher.submit(("d", 2)))
        await batcher.stop()
        return first, after

    first, after = asyncio.run(scenario())
    assert all(isinstance(e, RequestError) and e.status == 500 and e.kind == "decode_failed" for e in first)
    assert "second line" not in first[0].message and after == ["C", "D"]


def test_a_lone_request_takes_the_small_engine_and_a_short_row_never_waits_for_a_long_one():
    async def scenario():
        log, answered = [], []
        batcher = ContractBatcher([FakeEngine(1, log), FakeEngine(4, log)], lambda item: item,
                                  lambda raw, shared: (raw, shared), max_pending=8)
        batcher.start()
        started = time.perf_counter()
        lone = await batcher.submit(("a", 1))
        lone_s = time.perf_counter() - started

        async def timed(item, delay):
            await asyncio.sleep(delay)
            answered.append(await batcher.submit(item))

        await asyncio.gather(timed(("long", 60), 0), timed(("short", 20), 0.05), timed(("next", 2), 0.1))
        await batcher.stop()
        return lone, lone_s, log, answered

    lone, lone_s, log, answered = asyncio.run(scenario())
    assert lone == ("A", 1) and lone_s < 0.5
    # the long row holds the small engine; the later ones share the large one and each leaves when its row ends
    assert log == [(1, "a"), (1, "long"), (4, "short"), (4, "next")]
    assert answered == [("NEXT", 2), ("SHORT", 1), ("LONG", 1)]


def test_sigterm_during_load_finishes_the_requests_in_flight(server):
    """Last in this file: it stops the shared server."""
    port, proc = server["port"], server["proc"]
    admitted = metric(port, "v2t_serve_requests_total")
    threads, results = _burst(port, 8)
    deadline = time.time() + 30
    while metric(port, "v2t_serve_requests_total") < admitted + 8 and time.time() < deadline:
        time.sleep(0.01)
    assert metric(port, "v2t_serve_queue_depth") >= 1  # SIGTERM lands while requests are still being decoded
    os.kill(proc.pid, signal.SIGTERM)
    for t in threads:
        t.join(120)
    assert [r[0] if isinstance(r, tuple) else repr(r) for r in results] == [200] * 8
    assert proc.wait(60) == 0
    with pytest.raises(OSError):
        call(port, "GET", "/health", timeout=5)


def test_bad_config_or_arguments_are_one_error_line(tmp_path, capsys):
    from decode.serve import main as serve_main
    from v2t.errors import cli_entry

    run = cli_entry(serve_main)
    assert run(["--config", str(tmp_path / "none.toml")]) == 2
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'none.toml'}: file not found"
    config = tmp_path / "serve.toml"
    config.write_text(DECODE + "[serve]\nbatch_sizes = []\n", encoding="utf-8")
    assert run(["--config", str(config)]) == 2
    assert "serve.batch_sizes must be a non-empty list" in capsys.readouterr().err
    config.write_text(DECODE + "[serve]\nmax_pendng = 3\n", encoding="utf-8")
    assert run(["--config", str(config)]) == 2
    assert "unknown key 'serve.max_pendng'" in capsys.readouterr().err
    config.write_text(DECODE, encoding="utf-8")  # no [serve] section: its defaults
    assert run(["--config", str(config), "--run", str(tmp_path)]) == 2
    assert "no PEFT adapter (adapter/) or checkpoint (model/) here" in capsys.readouterr().err
