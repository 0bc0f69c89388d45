"""The real local runtime (``bin/local.ts`` under tsx) in a temporary folder, for real-stack tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from dmis_audit.transport import SigV4HttpTransport

REPO_ROOT = Path(__file__).resolve().parents[3]

START_TIMEOUT = float(os.environ.get("DMIS_STACK_START_TIMEOUT", "120"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LocalStack:
    """One local runtime with its own data folder and a fixed port, so it can be restarted in place."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.log = open(folder / "runtime.log", "ab")  # noqa: SIM115  # closed in close()

    @property
    def local_dir(self) -> Path:
        return self.folder / ".local"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Starts ``npm start``'s entry point and waits until the API answers."""
        (self.local_dir / "runtime.json").unlink(missing_ok=True)
        tsx = REPO_ROOT / "node_modules" / ".bin" / "tsx"
        env = {**os.environ, "PORT": str(self.port)}
        self.process = subprocess.Popen([str(tsx), str(REPO_ROOT / "bin" / "local.ts")], cwd=self.folder, env=env,
                                        stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                raise RuntimeError(f"local runtime exited with {code}; see {self.folder}/runtime.log")
            if (self.local_dir / "runtime.json").exists() and self._answers():
                return
            time.sleep(0.2)
        raise TimeoutError(f"local runtime did not answer within {START_TIMEOUT} s")

    def _answers(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/v1/openapi.json", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def stop(self) -> None:
        """SIGTERM, as Ctrl-C would: the runtime stops its API, then DynamoDB Local."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.process = None

    def close(self) -> None:
        self.stop()
        self.log.close()

    def keys(self, role: str) -> tuple[Credentials, str, str]:
        """SigV4 credentials, region and service of a role, from credentials.json."""
        sigv4 = json.loads((self.local_dir / "credentials.json").read_text())["sigv4"]
        creds = Credentials(sigv4[role]["accessKeyId"], sigv4[role]["secretAccessKey"])
        return creds, sigv4["region"], sigv4["service"]

    def writer(self) -> SigV4HttpTransport:
        """The client's real SigV4 transport with the local writer keys."""
        creds, region, service = self.keys("writer")
        return SigV4HttpTransport(self.url, region, service=service, credentials=creds)

    def read(self, path: str, **query: str) -> Any:
        """A signed GET with the reader keys; the parsed JSON answer."""
        creds, region, service = self.keys("reader")
        url = self.url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        request = AWSRequest(method="GET", url=url)
        SigV4Auth(creds, service, region).add_auth(request)
        prepared = request.prepare()
        with urllib.request.urlopen(urllib.request.Request(prepared.url, headers=dict(prepared.headers)),
                                    timeout=30) as response:
            return json.loads(response.read())

    def events_of(self, actor: str) -> list[dict[str, Any]]:
        """Every stored event of one actor (all pages)."""
        events: list[dict[str, Any]] = []
        query = {"actor": actor, "limit": "500"}
        while True:
            page = self.read("/v1/events", **query)
            events.extend(page["events"])
            if not page["nextCursor"]:
                return events
            query["cursor"] = page["nextCursor"]
