"""Concurrent requests into shared decoder steps (continuous batching): a bounded count of pending requests; one
worker thread that puts each waiting request into a free slot of a slot engine (decode.serve_slots) and steps the
occupied engines, so a request starts at the next step boundary and leaves as soon as its own row ends. No
collection window: nothing waits for company. A failed call fails only the requests in its engine.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from decode.serve_requests import RequestError

_STOP = object()


class SlotEngine(Protocol):
    """What the batcher drives (decode.serve_slots.SlotDecoder; tests use fakes)."""

    size: int

    def fits(self, prepared: Any) -> bool: ...
    def free(self) -> list[int]: ...
    def active(self) -> int: ...
    def admit(self, slot: int, prepared: Any, owner: Any) -> None: ...
    def step(self) -> list[tuple[Any, Any]]: ...  # (owner, raw result) of the rows that ended
    def reset(self) -> list[Any]: ...  # after a failure: the owners that lost their rows


@dataclass(eq=False)
class _Pending:
    item: Any  # what `prepare` takes per request (decode.serve: its text and history)
    future: asyncio.Future
    cancelled: bool = False  # set on the event loop when the client goes; the worker then never admits it
    prepared: Any = None  # what `prepare` made of the item (on the worker thread)
    shared: int = 0  # rows in its engine when it was admitted, itself included


def _failure(what: str, e: Exception) -> RequestError:
    first = str(e).splitlines()[0] if str(e) else ""
    return RequestError(500, "decode_failed", f"{what} failed: {type(e).__name__}: {first}"[:300])


class ContractBatcher:
    """`submit(item)` -> `finish(raw, shared)` of that item's decoded row. `prepare(item)` (tokenizing) and
    `finish` run on the worker thread, off the event loop. An idle service puts a lone request in the smallest
    engine, so it decodes at batch 1's cost; under load requests join the busiest engine with a free slot.
    `on_batch(n)` reports the rows of each step call, `on_depth(n)` the pending count (metrics)."""

    def __init__(self, engines: list[SlotEngine], prepare: Callable[[Any], Any], finish: Callable[[Any, int], Any],
                 *, max_pending: int, on_batch: Callable[[int], None] = lambda n: None,
                 on_depth: Callable[[int], None] = lambda n: None):
        self.engines = list(engines)  # smallest first: an idle service takes the first that fits
        self.prepare, self.finish, self.max_pending = prepare, finish, max_pending
        self.on_batch, self.on_depth = on_batch, on_depth
        self.pending = 0  # admitted and not yet answered: queued or decoding
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._waiting: deque[_Pending] = deque()  # the worker's: taken from the inbox, no free slot yet
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._work, name="decode", daemon=True)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._thread.start()

    async def stop(self) -> None:
        """After the server has stopped taking requests: answer what is still pending, then stop the worker."""
        while self.pending:
            await asyncio.sleep(0.01)
        self._inbox.put(_STOP)
        await asyncio.to_thread(self._thread.join)

    async def submit(self, item: Any) -> Any:
        if self.pending >= self.max_pending:
            raise RequestError(503, "queue_full", f"{self.pending} requests pending, at most {self.max_pending}; "
                               "retry later", retry_after=1)
        pending = _Pending(item, asyncio.get_running_loop().create_future())
        self.pending += 1
        self.on_depth(self.pending)
        try:
            self._inbox.put(pending)
            return await pending.future
        except asyncio.CancelledError:  # the client went away: a queued request is never decoded
            pending.cancelled = True
            raise
        finally:
            self.pending -= 1
            self.on_depth(self.pending)

    def _settle(self, p: _Pending, result: Any = None, error: Exception | None = None) -> None:
        def settle():
            if not p.future.done():
                p.future.set_exception(error) if error is not None else p.future.set_result(result)

        self._loop.call_soon_threadsafe(settle)

    def _engine_for(self, waiting: int, prepared: Any) -> SlotEngine | None:
        open_ = [e for e in self.engines if e.free() and e.fits(prepared)]
        busy = [e for e in open_ if e.active()]
        if busy:
            return max(busy, key=lambda e: (e.active(), e.size))
        fits = [e for e in open_ if e.size >= waiting]
        return fits[0] if fits else max(open_, key=lambda e: e.size, default=None)

    def _take(self) -> bool:
        """Inbox into the waiting line (blocking when nothing decodes); False once stop() has been called."""
        block = not self._waiting and not any(e.active() for e in self.engines)
        while True:
            try:
                p = self._inbox.get(block=block)
            except queue.Empty:
                return True
            if p is _STOP:
                return False
            self._waiting.append(p)
            block = False

    def _admit_waiting(self) -> None:
        while self._waiting:
            p = self._waiting[0]
            if p.cancelled:
                self._waiting.popleft()
                continue
            if p.prepared is None:
                try:
                    p.prepared = self.prepare(p.item)
                except Exception as e:  # noqa: BLE001 - this request's failure, not the service's
                    self._waiting.popleft()
                    self._settle(p, error=_failure("preparing this request", e))
                    continue
            engine = self._engine_for(len(self._waiting), p.prepared)
            if engine is None:  # first come, first served: the head waits for a slot that fits it
                return
            self._waiting.popleft()
            try:
                engine.admit(engine.free()[0], p.prepared, p)
                p.shared = engine.active()
            except Exception as e:  # noqa: BLE001 - the engine's state is gone: its rows fail, the service goes on
                self._fail(engine, e, also=[p])

    def _fail(self, engine: SlotEngine, e: Exception, also: list[_Pending] = ()) -> None:
        failure = _failure("decoding this request's batch", e)
        for p in [*engine.reset(), *also]:
            self._settle(p, error=failure)

    def _work(self) -> None:
        while self._take():
            self._admit_waiting()
            for engine in self.engines:
                if not engine.active():
                    continue
                self.on_batch(engine.active())
                try:
                    ended = engine.step()
                except Exception as e:  # noqa: BLE001 - one engine's failure is its requests' answer
                    self._fail(engine, e)
                    continue
                for p, raw in ended:
                    try:
                        self._settle(p, self.finish(raw, p.shared))
                    except Exception as e:  # noqa: BLE001
                        self._settle(p, error=_failure("reading this request's answer", e))
