"""In-process counters, also logged as CloudWatch embedded-metric lines on ``dmis_audit.metrics``."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter

logger = logging.getLogger("dmis_audit.metrics")
_lock = threading.Lock()
COUNTERS: Counter[str] = Counter()


def count(name: str, value: int = 1) -> None:
    """Adds to a counter and logs it in CloudWatch EMF form (namespace ``DMIS/AuditClient``)."""
    with _lock:
        COUNTERS[name] += value
    if logger.isEnabledFor(logging.INFO):
        emf = {"_aws": {"Timestamp": int(time.time() * 1000),
                        "CloudWatchMetrics": [{"Namespace": "DMIS/AuditClient", "Dimensions": [[]],
                                               "Metrics": [{"Name": name, "Unit": "Count"}]}]}, name: value}
        logger.info(json.dumps(emf))
