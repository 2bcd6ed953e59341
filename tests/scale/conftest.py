"""Store servers shared by the scale tests, started once per run and reset between tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from tests.scale.servers import PostgresServer, RedisServer, free_port

AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
"""moto accepts any credentials; real-looking ones keep boto3 from searching the machine for some."""


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        pytest.fail("moto's server mode is not installed: pip install 'moto[server]'", pytrace=False)
    saved = {key: os.environ.get(key) for key in AWS_ENV}
    os.environ.update(AWS_ENV)
    port = free_port()
    server = _one_request_at_a_time(ThreadedMotoServer)(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _one_request_at_a_time(server_class: type) -> type:
    """moto's server, answering one request at a time. moto checks a ConditionExpression and then writes with
    no lock in between (its DynamoDB models hold none), so two racing conditional puts could both pass, which
    DynamoDB itself never allows: seen once as a lost check-in (39 of 40) in the concurrent Lambda test, the
    store's conditional write being right. Serialising requests gives the stand-in DynamoDB's atomicity."""
    import threading

    from moto.moto_server import werkzeug_app
    from werkzeug.serving import make_server

    class OneAtATime(server_class):  # type: ignore[misc, valid-type]
        def _server_entry(self) -> None:
            app = werkzeug_app.DomainDispatcherApplication(werkzeug_app.create_backend_app)
            lock = threading.Lock()

            def serial(environ: dict[str, Any], start_response: Any) -> list[bytes]:
                with lock:
                    return list(app(environ, start_response))

            self._server = make_server(
                self._ip_address, self._port, serial, True, request_handler=werkzeug_app.MotoRequestHandler
            )
            self._server_ready_event.set()
            self._server.serve_forever()

    return OneAtATime
