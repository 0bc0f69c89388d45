"""``python -m dmis_audit outbox status|drain``: inspect or empty an outbox folder."""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict

from .api import AuditSettings, build_recorder
from .errors import AuditError
from .outbox import Outbox


def main(argv: list[str] | None = None) -> int:
    """Runs the command; exit 0 on success, 1 when a drain failed, 2 on bad usage."""
    parser = argparse.ArgumentParser(prog="python -m dmis_audit")
    sub = parser.add_subparsers(dest="group", required=True)
    outbox = sub.add_parser("outbox", help="the disaster-mode outbox")
    outbox.add_argument("command", choices=["status", "drain"])
    outbox.add_argument("--dir", help="outbox folder (default: DMIS_AUDIT_OUTBOX_DIR)")
    outbox.add_argument("--endpoint", help="audit API URL, for drain (default: DMIS_AUDIT_ENDPOINT)")
    outbox.add_argument("--region", help="SigV4 region (default: DMIS_AUDIT_REGION or us-east-1)")
    args = parser.parse_args(argv)
    folder = args.dir or os.environ.get("DMIS_AUDIT_OUTBOX_DIR")
    if not folder:
        parser.error("no outbox folder: pass --dir or set DMIS_AUDIT_OUTBOX_DIR")
    box = Outbox(folder)
    if args.command == "status":
        print(json.dumps(asdict(box.status())))
        return 0
    try:
        # No outbox in these settings: the drain sends directly, with the client's retries.
        given = {"endpoint": args.endpoint, "region": args.region}
        settings = AuditSettings.from_env(**{k: v for k, v in given.items() if v})
    except ValueError as error:
        parser.error(str(error))
    recorder = build_recorder(AuditSettings(settings.endpoint, settings.region, settings.service))
    try:
        sent = box.drain(recorder.client)
    except AuditError as error:
        print(json.dumps({"drained": False, "error": error.code, "status": asdict(box.status())}), file=sys.stderr)
        return 1
    print(json.dumps({"drained": sent is not None, "sent": sent or 0, "status": asdict(box.status())}))
    return 0 if sent is not None else 1


if __name__ == "__main__":
    sys.exit(main())
