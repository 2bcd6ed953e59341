"""An Echo's time zone, from Alexa's settings API, so "tonight" is the couple's evening (``skill.clock``).

The request carries what the call needs: ``context.System.apiEndpoint``, an ``apiAccessToken`` and the device
id. The zone is asked for through ask-sdk's ``UpsServiceClient`` (``GET /v2/devices/{deviceId}/settings/
System.timeZone``) over an API client with a short timeout (ask-sdk's default client has none, and a request
must never hang on it), on a worker thread the request waits for at most ``LOOKUP_TIMEOUT_S`` (name lookups
are outside any socket timeout). The zone is kept in memory per device for a while; it is never stored. Only
Alexa's own API hosts are called (the endpoint comes from the request, and a forged one must not make the
server call elsewhere), and this machine, where tests run a stand-in. Without a token (the local fronts) or
when the call fails, the configured zone answers, else this machine's.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import tzinfo
from urllib.parse import urlsplit

import requests
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model.services import ApiClient, ApiClientRequest, ApiClientResponse, ApiConfiguration
from ask_sdk_model.services.ups import UpsServiceClient

from skill.clock import system_zone, zone_named
from skill.config import Settings

log = logging.getLogger(__name__)

LOOKUP_TIMEOUT_S = 1.0
"""The settings API answers in tens of milliseconds; a request waits no longer than this for it."""
KEEP_S = 6 * 3600
"""How long a device's zone is trusted before it is asked again (a device moved to another zone)."""
RETRY_AFTER_FAILURE_S = 600
"""After a failed lookup the fallback zone answers for this long, so an outage costs one timeout, not one a
request."""
MAX_DEVICES = 10_000
ALEXA_API_HOSTS = frozenset(
    {"api.amazonalexa.com", "api.eu.amazonalexa.com", "api.fe.amazonalexa.com", "api.fe.amazon.com"}
)
"""The regional endpoints Alexa sends as ``apiEndpoint`` (the last, an older Far East name its docs still give)."""
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost"})


class TimedApiClient(ApiClient):
    """ask-sdk's API client contract over ``requests`` with a timeout. HTTPS only, except to this machine
    (a stand-in for Alexa's API in tests)."""

    def __init__(self, timeout: float = LOOKUP_TIMEOUT_S) -> None:
        self.timeout = timeout

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        url = urlsplit(request.url or "")
        if url.hostname not in LOCAL_HOSTS and (url.scheme != "https" or url.hostname not in ALEXA_API_HOSTS):
            raise ValueError("the settings API is only called at Alexa's own hosts, over https")
        reply = requests.request(
            request.method or "GET",
            request.url,
            headers=dict(request.headers or []),
            timeout=self.timeout,
        )
        return ApiClientResponse(headers=list(reply.headers.items()), status_code=reply.status_code, body=reply.text)


class DeviceZones:
    """Time zones of devices, looked up once in a while and remembered in memory only."""

    def __init__(self, settings: Settings, api_client: ApiClient | None = None) -> None:
        self.fallback: tzinfo = zone_named(settings.timezone) or system_zone()
        self.api_client = api_client or TimedApiClient()
        self._known: OrderedDict[str, tuple[float, tzinfo | None]] = OrderedDict()
        self._asking: dict[str, Future[tzinfo | None]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="heartline-zone")

    def zone_for(self, handler_input: HandlerInput) -> tzinfo:
        system = getattr(handler_input.request_envelope.context, "system", None)
        token = getattr(system, "api_access_token", None)
        endpoint = getattr(system, "api_endpoint", None)
        device_id = getattr(getattr(system, "device", None), "device_id", None)
        if not (isinstance(token, str) and isinstance(endpoint, str) and isinstance(device_id, str) and token):
            return self.fallback
        with self._lock:
            known = self._known.get(device_id)
            if known is not None and known[0] > time.monotonic():
                return known[1] or self.fallback
            asking = self._asking.get(device_id)
            if asking is None:
                asking = self._pool.submit(self._look_up, endpoint, token, device_id)
                self._asking[device_id] = asking
        try:
            return asking.result(timeout=LOOKUP_TIMEOUT_S) or self.fallback
        except FutureTimeout:
            return self.fallback  # the answer, when it comes, is kept for the next request

    def _remember(self, device_id: str, zone: tzinfo | None) -> None:
        keep = KEEP_S if zone is not None else RETRY_AFTER_FAILURE_S
        with self._lock:
            self._asking.pop(device_id, None)
            self._known[device_id] = (time.monotonic() + keep, zone)
            self._known.move_to_end(device_id)
            while len(self._known) > MAX_DEVICES:
                self._known.popitem(last=False)

    def _look_up(self, endpoint: str, token: str, device_id: str) -> tzinfo | None:
        zone = self._ask(endpoint, token, device_id)
        self._remember(device_id, zone)
        return zone

    def _ask(self, endpoint: str, token: str, device_id: str) -> tzinfo | None:
        config = ApiConfiguration(
            serializer=DefaultSerializer(),
            api_client=self.api_client,
            authorization_value=token,
            api_endpoint=endpoint,
        )
        try:
            name = UpsServiceClient(config).get_system_time_zone(device_id)
        except Exception as exc:  # any failure of an outside service: the fallback zone answers
            log.warning("device time zone lookup failed (%s); using %s", type(exc).__name__, self.fallback)
            return None
        zone = zone_named(name) if isinstance(name, str) else None
        if zone is None:
            log.warning("the settings API named no usable time zone; using %s", self.fallback)
        return zone
