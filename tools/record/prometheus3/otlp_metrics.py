#!/usr/bin/env python3
"""Writes one OTLP/HTTP JSON metrics export (ExportMetricsServiceRequest) to stdout.

Two services (resource attribute service.name) each send, at 15 s steps over the last STEPS steps
before END (unix seconds, argv[1]; default now):
  - a gauge `rag.queue.depth` (attribute `queue.name`),
  - a cumulative exponential histogram `rag.request.duration` (unit s, scale 0: bucket i covers
    (2^i, 2^(i+1)]), with one exemplar carrying a trace id on each point.
The values are fixed by the step number so the recordings can be checked by hand.
"""
import json
import sys
import time

STEPS = 41
STEP_S = 15

end = int(sys.argv[1]) if len(sys.argv) > 1 else int(time.time())
end -= end % STEP_S
start = end - (STEPS - 1) * STEP_S


def ns(t):
    return str(t * 1_000_000_000)


# Per step, per service: observations added to each bucket (OTLP index -> count), OTLP offset -3.
# index -3: (0.125, 0.25], -2: (0.25, 0.5], -1: (0.5, 1], 0: (1, 2].
PER_STEP = {
    "search-service": [2, 3, 1, 0],
    "embedding-service": [4, 1, 0, 0],
}
# Sum of observations added per step (roughly the bucket midpoints; exact value does not matter).
SUM_PER_STEP = {"search-service": 2.5, "embedding-service": 1.25}
ZERO_PER_STEP = {"search-service": 1, "embedding-service": 0}



def resource_metrics(svc, svc_index):
    gauge_points = []
    hist_points = []
    for k in range(STEPS):
        t = start + k * STEP_S
        gauge_points.append({
            "timeUnixNano": ns(t),
            "asDouble": float((k % 7) + 10 * svc_index),
            "attributes": [{"key": "queue.name", "value": {"stringValue": "ingest"}}],
        })
        n = k + 1  # cumulative: steps so far
        counts = [c * n for c in PER_STEP[svc]]
        zero = ZERO_PER_STEP[svc] * n
        hist_points.append({
            "startTimeUnixNano": ns(start - STEP_S),
            "timeUnixNano": ns(t),
            "count": str(sum(counts) + zero),
            "sum": SUM_PER_STEP[svc] * n,
            "scale": 0,
            "zeroCount": str(zero),
            "zeroThreshold": 0.0,
            "positive": {"offset": -3, "bucketCounts": [str(c) for c in counts]},
            "attributes": [{"key": "http.route", "value": {"stringValue": "/search"}}],
            "exemplars": [{
                "timeUnixNano": ns(t),
                "asDouble": 0.75,
                "traceId": "%032x" % (0xabc000 + 1000 * svc_index + k),
                "spanId": "%016x" % (0x5000 + k),
            }],
        })
    return {
        "resource": {"attributes": [
            {"key": "service.name", "value": {"stringValue": svc}},
            {"key": "service.namespace", "value": {"stringValue": "rag"}},
            {"key": "service.instance.id", "value": {"stringValue": svc + "-1"}},
        ]},
        "scopeMetrics": [{
            "scope": {"name": "trifocal.record", "version": "1"},
            "metrics": [
                {"name": "rag.queue.depth", "description": "Items waiting in a queue.", "unit": "{item}",
                 "gauge": {"dataPoints": gauge_points}},
                {"name": "rag.request.duration", "description": "Request duration.", "unit": "s",
                 "exponentialHistogram": {"aggregationTemporality": 2, "dataPoints": hist_points}},
            ],
        }],
    }


body = {"resourceMetrics": [resource_metrics(s, i) for i, s in enumerate(PER_STEP)]}
json.dump(body, sys.stdout, indent=1)
print()
print(f"start={start} end={end}", file=sys.stderr)
