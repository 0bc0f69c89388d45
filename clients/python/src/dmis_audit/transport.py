"""The HTTPS transport: one signed ``POST /v1/events`` per batch, SigV4 through botocore."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Protocol

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.session import get_session

from .errors import AuditError, UnavailableError, error_from_response


class Transport(Protocol):
    """Sends one batch body and returns the ``accepted`` list, or raises an ``AuditError``."""

    def send(self, body: bytes) -> list[dict[str, Any]]:
        """Posts the batch; the answer lists each event in request order."""
        ...


class SigV4HttpTransport:
    """Posts to ``<endpoint>/v1/events`` signed with SigV4 (the default credential chain unless given)."""

    def __init__(
        self,
        endpoint: str,
        region: str,
        *,
        service: str = "execute-api",
        credentials: Credentials | None = None,
        timeout: float = 10.0,
    ) -> None:
        self._url = endpoint.rstrip("/") + "/v1/events"
        self._region = region
        self._service = service
        self._credentials = credentials
        self._timeout = timeout

    def _resolve_credentials(self) -> Credentials:
        if self._credentials is None:
            found = get_session().get_credentials()
            if found is None:
                raise AuditError("no_credentials", "no AWS credentials found in the default chain")
            self._credentials = found
        # Refreshable credentials (roles) rotate; a frozen copy signs this one request.
        frozen = self._credentials.get_frozen_credentials()
        return Credentials(frozen.access_key, frozen.secret_key, frozen.token)

    def send(self, body: bytes) -> list[dict[str, Any]]:
        """Signs and posts one batch; maps every error answer to its typed error."""
        request = AWSRequest(method="POST", url=self._url, data=body, headers={"content-type": "application/json"})
        SigV4Auth(self._resolve_credentials(), self._service, self._region).add_auth(request)
        prepared = request.prepare()
        outgoing = urllib.request.Request(prepared.url, data=body, headers=dict(prepared.headers), method="POST")
        try:
            with urllib.request.urlopen(outgoing, timeout=self._timeout) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise error_from_response(error.code, _json_or_none(error.read())) from None
        except (OSError, ValueError) as error:
            # Refused, reset, timed out, or an answer cut short: the API was not reached whole.
            raise UnavailableError("network_error", type(error).__name__) from None
        accepted: list[dict[str, Any]] = answer.get("accepted", [])
        return accepted


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return None
