"""Concurrent requests into one batched decoder call: a bounded count of pending requests, a short collection
window (waiting only for as many requests as recent batches had), one call at a time on one worker thread; a
failed call fails only the requests of its batch.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from decode.serve_requests import RequestError


@dataclass
class _Pending:
    item: Any  # what decode_batch takes per request (decode.serve: its text and history)
    future: asyncio.Future
    enqueued: float = field(default_factory=time.perf_counter)


class ContractBatcher:
    """`submit(item)` -> that item's decode result. `decode_batch(items)` runs on the worker thread with at most
    `max_batch` items; `on_batch(n)` and `on_depth(n)` report batch sizes and the pending count (metrics)."""

    def __init__(self, decode_batch: Callable[[list[Any]], list[Any]], *, max_batch: int, max_pending: int,
                 window_s: float, on_batch: Callable[[int], None] = lambda n: None,
                 on_depth: Callable[[int], None] = lambda n: None):
        self.decode_batch = decode_batch
        self.max_batch, self.max_pending, self.window_s = max_batch, max_pending, window_s
        self.on_batch, self.on_depth = on_batch, on_depth
        self.pending = 0  # admitted and not yet answered: queued or in the running batch
        self._recent = deque([1], maxlen=4)  # the last batches' sizes: the next one waits for the largest
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="decode")  # the decoder is not reentrant
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """After the server has stopped taking requests: answer what is still pending, then stop the loop."""
        while self.pending:
            await asyncio.sleep(0.01)
        if self._task is not None:
            self._task.cancel()
        self._worker.shutdown(wait=True)

    async def submit(self, item: Any) -> Any:
        if self.pending >= self.max_pending:
            raise RequestError(503, "queue_full", f"{self.pending} requests pending, at most {self.max_pending}; "
                               "retry later", retry_after=1)
        pending = _Pending(item, asyncio.get_running_loop().create_future())
        self.pending += 1
        self.on_depth(self.pending)
        try:
            self._queue.put_nowait(pending)
            return await pending.future  # a client that goes away cancels this await; its batch skips or drops it
        finally:
            self.pending -= 1
            self.on_depth(self.pending)

    async def _collect(self) -> list[_Pending]:
        """The first waiting request, then company: wait (at most the window) until the batch is as large as the
        largest of the last four, then take whatever else is already waiting, up to max_batch. Clients answered by the last batch
        come back within milliseconds, so under load the batch refills; a lone client never waits."""
        batch = [await self._queue.get()]
        deadline = time.perf_counter() + self.window_s
        while len(batch) < self.max_batch:
            if not self._queue.empty():
                batch.append(self._queue.get_nowait())
                continue
            left = deadline - time.perf_counter()
            if len(batch) >= max(self._recent) or left <= 0:
                break
            try:
                batch.append(await asyncio.wait_for(self._queue.get(), left))
            except TimeoutError:
                break
        self._recent.append(len(batch))
        return [p for p in batch if not p.future.done()]  # cancelled while queued: never decoded

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            batch = await self._collect()
            if not batch:
                continue
            self.on_batch(len(batch))
            try:
                results = await loop.run_in_executor(self._worker, self.decode_batch, [p.item for p in batch])
                if len(results) != len(batch):
                    raise RuntimeError(f"decoder returned {len(results)} results for {len(batch)} requests")
            except Exception as e:  # noqa: BLE001 - one batch's failure is its requests' answer, not the service's
                failure = RequestError(500, "decode_failed", f"decoding this request's batch failed: "
                                       f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:300])
                for p in batch:
                    if not p.future.done():
                        p.future.set_exception(failure)
                continue
            for p, r in zip(batch, results, strict=True):
                if not p.future.done():
                    p.future.set_result(r)
