"""Privacy: the app listens on 127.0.0.1 only, sends no usage statistics, and makes no
outbound network connection at all while it is used."""

import ipaddress
import os
import re
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from datetime import date
from datetime import time as clock

import pytest
from app_helpers import ROOT, open_app
from streamlit.runtime.media_file_manager import MediaFileManager

from lib import db
from lib.models import Company, Interview, Interviewer
from lib.pipeline.companies import save_company, save_interview
from lib.reflect.reflections import get_reflection
from lib.storage import backup, sample_data

# Every page the router registers (app.py: page("name", "icon")).
PAGES = re.findall(r'\bpage\("(\w+)"', (ROOT / "app.py").read_text())


def is_loopback(host) -> bool:
    if host is None or host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkGuard:
    """Fails any connection (and any name lookup) that is not for this computer itself."""

    def __init__(self, monkeypatch):
        self.attempts: list[str] = []
        connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
        create_connection, getaddrinfo = socket.create_connection, socket.getaddrinfo

        def allowed(sock, address) -> bool:
            return sock.family == getattr(socket, "AF_UNIX", None) or is_loopback(address[0])

        def refuse(what: str):
            self.attempts.append(what)
            raise ConnectionRefusedError(f"outbound network use in an offline app: {what}")

        def guarded_connect(sock, address):
            return connect(sock, address) if allowed(sock, address) else refuse(f"connect {address}")

        def guarded_connect_ex(sock, address):
            return connect_ex(sock, address) if allowed(sock, address) else refuse(f"connect_ex {address}")

        def guarded_sendto(sock, data, *args):
            address = args[-1]
            return sendto(sock, data, *args) if allowed(sock, address) else refuse(f"sendto {address}")

        def guarded_create_connection(address, *args, **kwargs):
            if not is_loopback(address[0]):
                refuse(f"create_connection {address}")
            return create_connection(address, *args, **kwargs)

        def guarded_getaddrinfo(host, *args, **kwargs):
            if not is_loopback(host.decode() if isinstance(host, bytes) else host):
                refuse(f"getaddrinfo {host}")
            return getaddrinfo(host, *args, **kwargs)

        monkeypatch.setattr(socket.socket, "connect", guarded_connect)
        monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
        monkeypatch.setattr(socket.socket, "sendto", guarded_sendto)
        monkeypatch.setattr(socket, "create_connection", guarded_create_connection)
        monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture
def offline(monkeypatch) -> NetworkGuard:
    return NetworkGuard(monkeypatch)


@pytest.fixture
def downloads(monkeypatch) -> list:
    """Every document a download button would build on click (Streamlit defers them)."""
    built = []
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, *args, **kwargs):
        built.append(data_callable)
        return register(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return built


def test_the_guard_stops_outbound_connections_and_lets_loopback_through(offline):
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("192.0.2.10", 443), timeout=1)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://example.com/", timeout=1)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with socket.create_connection(server.getsockname(), timeout=1):
            pass
    with pytest.raises(ConnectionRefusedError):
        socket.getaddrinfo("example.com", 443)
    assert [a.split()[0] for a in offline.attempts] == ["create_connection", "create_connection", "getaddrinfo"]


def test_the_server_listens_on_loopback_only_and_sends_no_statistics():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["browser"].get("serverAddress", "127.0.0.1") == "127.0.0.1"
    assert "--server.address 127.0.0.1" in (ROOT / "Makefile").read_text()


@pytest.mark.slow
def test_every_page_and_the_main_flows_stay_on_this_computer(sample_db, offline, downloads):
    with db.opened(sample_db) as conn:
        company = save_company(conn, Company(name="オフライン株式会社"))
        interview = save_interview(conn, Interview(company, "first", date(2026, 11, 20), clock(10), status="done",
                                                   interviewers=[Interviewer("山田", "部長")]))
        reflection = conn.execute("SELECT min(id) FROM reflections").fetchone()[0]

    assert len(PAGES) >= 7
    for page in PAGES:
        at = open_app(page)
        assert not at.exception, (page, at.exception)
    for page, query in (("reflect", {"interview": interview}), ("follow_up", {"interview": interview}),
                        ("agents", {"reflection": reflection}), ("reflections", {"reflection": reflection}),
                        ("pipeline", {"company": company}), ("interviews", {"interview": interview}),
                        ("calendar", {"interview": interview})):
        at = open_app(page, query=query)
        assert not at.exception, (page, at.exception)

    # a reflection written through the wizard
    at = open_app("reflect", query={"interview": interview})
    with db.opened(sample_db) as conn:
        rid = conn.execute("SELECT id FROM reflections WHERE interview_id = ?", [interview]).fetchone()[0]
    at.radio(key=f"r{rid}_overall").set_value(4).run()
    at.text_input(key=f"r{rid}_feeling").set_value("落ち着いて話せた").run()
    at.button(key="wizard_next").click().run()
    assert not at.exception
    with db.opened(sample_db) as conn:
        saved = get_reflection(conn, rid)
    assert (saved["overall"], saved["feeling"]) == (4, "落ち着いて話せた")

    # every document the pages offer, built as a click would build it
    assert len(downloads) >= 5
    for build in downloads:
        document = build()
        assert document and isinstance(document, (bytes, str))
    with db.opened(sample_db) as conn:
        backup.restore(conn, backup.read_backup(backup.backup_bytes(conn)))

    assert offline.attempts == []


# The real server: started from the project's own configuration, with the same guard loaded
# into its process through sitecustomize, and one script run driven over its websocket.

SITECUSTOMIZE = '''
import ipaddress, os, socket

_LOG = os.environ["FURIKAERI_NETWORK_LOG"]


def _loopback(host):
    if host is None or host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what):
    with open(_LOG, "a") as log:
        log.write(what + "\\n")
    raise ConnectionRefusedError("outbound network use in an offline app: " + what)


_connect, _connect_ex, _getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo


def connect(sock, address):
    if sock.family != socket.AF_UNIX and not _loopback(address[0]):
        _refuse("connect %r" % (address,))
    return _connect(sock, address)


def connect_ex(sock, address):
    if sock.family != socket.AF_UNIX and not _loopback(address[0]):
        _refuse("connect_ex %r" % (address,))
    return _connect_ex(sock, address)


def getaddrinfo(host, *args, **kwargs):
    if not _loopback(host.decode() if isinstance(host, bytes) else host):
        _refuse("getaddrinfo %r" % (host,))
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
with open(_LOG, "a"):
    pass
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(port: int) -> set[str]:
    """Local addresses of the sockets listening on `port`, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table) as f:
            next(f)
            for line in f:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    raw = bytes.fromhex(address)
                    words = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                    found.add(str(ipaddress.ip_address(words)))
    return found


def run_script_once(port: int) -> list[str]:
    """Open a session over the websocket as a browser would and run app.py once; the
    kinds of messages received."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    kinds: list[str] = []
    with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], open_timeout=10) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        rerun.rerun_script.page_script_hash = ""
        ws.send(rerun.SerializeToString())
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "script_finished" not in kinds:
            forward = ForwardMsg()
            forward.ParseFromString(ws.recv(timeout=60))
            kinds.append(forward.WhichOneof("type"))
    return kinds


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/net/tcp")
def test_the_real_server_binds_to_loopback_and_connects_nowhere(tmp_path):
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "network.log"
    database = tmp_path / "furikaeri.db"
    db.migrate(database)
    with db.opened(database) as conn:
        sample_data.load_sample(conn, "ja", date(2026, 11, 27))
    port = free_port()
    env = {**os.environ, "FURIKAERI_DB": str(database), "FURIKAERI_NETWORK_LOG": str(log),
           "PYTHONPATH": os.pathsep.join([str(tmp_path / "guard"), os.environ.get("PYTHONPATH", "")])}
    # No --server.address here: the project's .streamlit/config.toml must be enough.
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
                time.sleep(0.2)
        assert log.exists()  # the guard is loaded in the server process
        assert listening_addresses(port) == {"127.0.0.1"}
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
            assert page.status == 200
        kinds = run_script_once(port)
        assert "script_finished" in kinds and "delta" in kinds, kinds
    finally:
        server.terminate()
        try:
            output = server.communicate(timeout=10)[0].decode(errors="replace")
        except subprocess.TimeoutExpired:
            server.kill()
            output = server.communicate()[0].decode(errors="replace")
    assert log.read_text() == "", output
    assert "Network URL" not in output and "External URL" not in output, output
