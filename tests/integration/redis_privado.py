"""A private ``redis-server`` a fault test may stop and start (never the machine's shared Redis).

Port: ``REDIS_PRIVADO_PORTA`` when set, else a free loopback port. No persistence (``--save ""``, no AOF): a
restart loses every key, the harshest case — queued and unacknowledged tasks are gone, as on a Redis that
crashed without a disk. Needs the ``redis-server`` binary (Debian package ``redis-server``).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def _porta_livre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisPrivado:
    def __init__(self, pasta: Path):
        binario = shutil.which("redis-server")
        if binario is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.binario = binario
        self.pasta = pasta
        self.porta = int(os.environ.get("REDIS_PRIVADO_PORTA") or _porta_livre())
        self.processo: subprocess.Popen | None = None

    def url(self, banco: int = 0) -> str:
        return f"redis://127.0.0.1:{self.porta}/{banco}"

    def iniciar(self) -> RedisPrivado:
        self.pasta.mkdir(parents=True, exist_ok=True)
        self.processo = subprocess.Popen(
            [self.binario, "--port", str(self.porta), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.pasta), "--logfile", str(self.pasta / "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        limite = time.monotonic() + 10
        while time.monotonic() < limite:
            try:
                with socket.create_connection(("127.0.0.1", self.porta), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                pass
            if self.processo.poll() is not None:
                pytest.fail(f"redis-server exited with code {self.processo.returncode} (port {self.porta})")
            time.sleep(0.05)
        pytest.fail(f"redis-server did not answer on port {self.porta}")

    def parar(self) -> None:
        if self.processo is not None and self.processo.poll() is None:
            self.processo.terminate()
            self.processo.wait(10)


@pytest.fixture
def redis_privado(tmp_path):
    redis = RedisPrivado(tmp_path / "redis").iniciar()
    yield redis
    redis.parar()
