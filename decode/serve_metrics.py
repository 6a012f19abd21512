"""decode.serve's Prometheus metrics, in a registry of its own: requests, errors by kind, queue depth, latency,
batch sizes.
"""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

LATENCY_BUCKETS_S = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class ServeMetrics:
    content_type = CONTENT_TYPE_LATEST

    def __init__(self, max_batch: int):
        self.registry = CollectorRegistry()
        self.requests = Counter("v2t_serve_requests", "requests received, by endpoint", ["endpoint"],
                                registry=self.registry)
        self.errors = Counter("v2t_serve_errors", "requests refused or failed, by kind", ["kind"],
                              registry=self.registry)
        self.queue_depth = Gauge("v2t_serve_queue_depth", "requests admitted and not yet answered",
                                 registry=self.registry)
        self.latency = Histogram("v2t_serve_latency_seconds", "answered contracts: admission to answer",
                                 ["endpoint"], buckets=LATENCY_BUCKETS_S, registry=self.registry)
        self.batch_size = Histogram("v2t_serve_batch_size", "requests per batched decoder call",
                                    buckets=tuple(range(1, max_batch + 1)), registry=self.registry)

    def text(self) -> bytes:
        return generate_latest(self.registry)
