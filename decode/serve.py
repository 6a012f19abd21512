"""`python -m decode.serve --config C [--run DIR | --checkpoint DIR] [--host 127.0.0.1 --port 8700]`: the contract
service. POST /v1/contract and /v1/chat/completions (OpenAI-compatible), GET /health and /metrics (Prometheus).

The model loads through decode.predict.load_arm and decodes through decode.predict.decode_texts, so the service
answers with the same contracts predictions.jsonl holds. Concurrent requests share batched decoder calls.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

from decode.predict import DecodeSection, arm_config
from decode.serve_batcher import ContractBatcher
from decode.serve_metrics import ServeMetrics
from decode.serve_model import ContractService
from decode.serve_requests import RequestError, chat_request, contract_request, json_body
from v2t.base_model import BaseSpec
from v2t.errors import UserError, cli_entry

MAX_BODY_BYTES = 1 << 16  # far above any legal request (a text and the history that fits the compiled prompt buckets)


@dataclass(frozen=True)
class ServeSection:
    max_text_chars: int = 128  # longer texts are refused with 413; bounds the prompt shapes compiled at start-up
    # the prompt tokens a request's earlier turns may add (each adds about 75: a short request and its contract);
    # more is refused with 413. Every prompt bucket up to text plus history is compiled at start-up.
    max_history_tokens: int = 256
    # slot engines (continuous batching): a lone request decodes in the smallest at its cost, a load shares the
    # largest, whose step costs the same however many of its slots are occupied
    batch_sizes: tuple[int, ...] = (1, 8)
    max_pending: int = 64  # requests admitted at once (queued or decoding); one more gets 503 + Retry-After


@dataclass(frozen=True)
class ServeConfig:
    model: BaseSpec = field(default_factory=BaseSpec)  # the base arm, as in decode.predict's configs
    decode: DecodeSection = field(default_factory=DecodeSection)
    serve: ServeSection = field(default_factory=ServeSection)


class ClientGone(Exception):
    """The client closed the connection before its answer was ready."""


def _error(e: RequestError):
    from starlette.responses import JSONResponse

    headers = {"Retry-After": str(e.retry_after)} if e.retry_after is not None else None
    return JSONResponse({"error": {"type": e.kind, "message": e.message}}, e.status, headers=headers)


async def _body(request) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise RequestError(413, "body_too_large", f"body is over {MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


async def _unless_disconnected(request, awaitable):
    """The awaitable's result; if the client hangs up first, cancel it (a queued request is never decoded)."""
    task = asyncio.ensure_future(awaitable)

    async def hung_up():
        while (await request.receive())["type"] != "http.disconnect":
            pass

    watch = asyncio.ensure_future(hung_up())
    try:
        await asyncio.wait({task, watch}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watch.cancel()
    if not task.done():
        task.cancel()
        raise ClientGone
    return task.result()


def _contract_reply(req, r, seconds, prompt_tokens, schema):
    return {"contract": r["prediction"], "latency_ms": round(seconds * 1000, 3), "decode_ms": r["latency_ms"],
            "tokens": r["tokens"], "forward_passes": r["forward_passes"], "finish": r["finish"], "arm": r["arm"],
            "adapter_hash": r.get("adapter_hash"), "prompt_policy": r["prompt_policy"], "batch": r["batch"]}


def _chat_reply(req, r, seconds, prompt_tokens, schema):
    pred = r["prediction"]
    content = json.dumps(pred, ensure_ascii=False, separators=(",", ":")) if isinstance(pred, dict) else pred
    return {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion", "created": int(time.time()),
            "model": r["arm"], "system_fingerprint": r["prompt_policy"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "logprobs": None,
                         "finish_reason": "stop" if r["finish"] == "eos" else "length"}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": r["tokens"],
                      "total_tokens": prompt_tokens + r["tokens"]}}


def create_app(settings: ServeSection, load: Callable[[], ContractService], on_failed: Callable[[str], None]):
    """The ASGI app; `load` runs on a background thread at start-up, so /health can say it is not ready yet."""
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from decode.contract_json_schema import contract_json_schema

    metrics = ServeMetrics(max(settings.batch_sizes))
    state = SimpleNamespace(service=None, batcher=None, schema=contract_json_schema())

    @asynccontextmanager
    async def lifespan(app):
        loop = asyncio.get_running_loop()

        def ready(service: ContractService):
            state.batcher = ContractBatcher(
                service.engines, service.prepare, service.finish, max_pending=settings.max_pending,
                on_batch=metrics.batch_size.observe, on_depth=metrics.queue_depth.set)
            state.batcher.start()
            state.service = service
            print(f"ready: {service.describe()}", file=sys.stderr, flush=True)

        def load_in_background():
            try:
                service = load()
            except Exception as e:  # noqa: BLE001 - reported and the server stopped: nothing to serve
                loop.call_soon_threadsafe(on_failed, f"{type(e).__name__}: {e}")
                return
            loop.call_soon_threadsafe(ready, service)

        threading.Thread(target=load_in_background, name="load-model", daemon=True).start()
        yield
        if state.batcher is not None:  # uvicorn has let the in-flight requests finish; answer what is queued
            await state.batcher.stop()

    async def answer(request, endpoint: str, parse, reply):
        metrics.requests.labels(endpoint).inc()
        started = time.perf_counter()
        try:
            if state.service is None:
                raise RequestError(503, "not_ready", "the model is still loading; retry later", retry_after=5)
            req = parse(json_body(await _body(request)))
            prompt_tokens = state.service.check_prompt(req.text, req.history)
            result = await _unless_disconnected(request, state.batcher.submit((req.text, req.history)))
        except RequestError as e:
            metrics.errors.labels(e.kind).inc()
            return _error(e)
        except ClientGone:
            metrics.errors.labels("client_cancelled").inc()
            return Response(status_code=499)
        seconds = time.perf_counter() - started
        metrics.latency.labels(endpoint).observe(seconds)
        return JSONResponse(reply(req, result, seconds, prompt_tokens, state.schema))

    async def contract(request):
        return await answer(request, "contract", lambda b: contract_request(b, settings.max_text_chars),
                            _contract_reply)

    async def chat(request):
        return await answer(request, "chat", lambda b: chat_request(b, settings.max_text_chars, state.schema),
                            _chat_reply)

    async def health(request):
        if state.service is None:
            return JSONResponse({"status": "loading"}, 503, headers={"Retry-After": "5"})
        return JSONResponse({"status": "ready", **state.service.facts()})

    async def prometheus(request):
        return Response(metrics.text(), media_type=metrics.content_type)

    routes = [Route("/v1/contract", contract, methods=["POST"]), Route("/v1/chat/completions", chat, methods=["POST"]),
              Route("/health", health, methods=["GET"]), Route("/metrics", prometheus, methods=["GET"])]
    return Starlette(routes=routes, lifespan=lifespan)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m decode.serve", description=__doc__.splitlines()[0])
    ap.add_argument("--config", required=True, help="TOML with [model], [decode] and an optional [serve] section")
    src = ap.add_mutually_exclusive_group()
    src.add_argument("--run", help="a training run directory: serve its adapter/ on the base it trained on")
    src.add_argument("--checkpoint", help="a Hugging Face checkpoint directory (overrides model.checkpoint)")
    ap.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=8700, help="port to listen on (default 8700)")
    ap.add_argument("--set", action="append", default=[], help="override a config value, e.g. serve.batch_sizes=[1,4]")
    args = ap.parse_args(argv)
    whole = arm_config(args.config, args.set, args.checkpoint, cls=ServeConfig)
    if args.run:
        from v2t.base_model import run_output

        run_output(args.run)  # a run that is not finished fails here, not on the loading thread
    settings = whole.serve
    if settings.max_text_chars < 1 or settings.max_pending < 1 or settings.max_history_tokens < 0:
        raise UserError(f"{args.config}: serve.max_text_chars and max_pending must be positive, "
                        "max_history_tokens >= 0")
    if not settings.batch_sizes or min(settings.batch_sizes) < 1:
        raise UserError(f"{args.config}: serve.batch_sizes must be a non-empty list of positive sizes")
    if not 0 <= args.port < 65536:
        raise UserError(f"--port {args.port}: not a port number")
    import uvicorn

    failed: list[str] = []
    server: uvicorn.Server | None = None

    def on_failed(reason: str) -> None:
        failed.append(reason)
        server.should_exit = True

    app = create_app(settings, lambda: ContractService.load(whole, args.run, settings), on_failed)
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                                           lifespan="on", timeout_graceful_shutdown=None))
    # uvicorn re-raises a captured SIGTERM/SIGINT once it has drained, through the handler it found: with this
    # one the drained service exits 0 instead of dying by the signal.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    server.run()  # SIGTERM / SIGINT: stop listening, finish in-flight requests, then the lifespan's shutdown
    if failed:
        raise UserError(f"model did not load: {failed[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(cli_entry(main)())
