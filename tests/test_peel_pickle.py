"""The pickle opcode reader: the imports a pickle performs, found without unpickling it."""

from __future__ import annotations

import io
import os
import pickle
import zipfile
from collections import OrderedDict

import pytest
from antivenom.peel import peel_file, pickle_globals


class _Payload:
    """Pickles as a call of os.system; the tests only dump it, never load it."""

    def __reduce__(self):
        return (os.system, ("echo defanged",))


class _Eval:
    def __reduce__(self):
        return (eval, ("1 + 1",))


@pytest.mark.parametrize("protocol", range(0, 6))
def test_os_system_found_in_every_protocol(protocol) -> None:
    found, stopped = pickle_globals(pickle.dumps({"weights": [1, 2], "x": _Payload()}, protocol=protocol))
    assert stopped is None
    dangerous = [g for g in found if g.dangerous]
    assert [(g.module, g.name) for g in dangerous] in ([("posix", "system")], [("nt", "system")])


def test_builtins_eval_is_dangerous() -> None:
    found, _ = pickle_globals(pickle.dumps(_Eval(), protocol=4))
    assert [(g.module, g.name, g.dangerous) for g in found] == [("builtins", "eval", True)]


def test_ordinary_model_pickle_imports_are_not_dangerous() -> None:
    found, _ = pickle_globals(pickle.dumps(OrderedDict(a=1.5, b=[1, 2, 3]), protocol=2))
    assert found and not any(g.dangerous for g in found)


def test_truncated_pickle_reports_where_it_stopped() -> None:
    data = pickle.dumps(_Payload(), protocol=4)
    _, stopped = pickle_globals(data[:-3])
    assert stopped is not None


def test_opcode_cap() -> None:
    _, stopped = pickle_globals(pickle.dumps(list(range(10_000)), protocol=2), max_opcodes=100)
    assert stopped is not None and "more than 100 opcodes" in stopped


def test_zip_based_pt_file_members_are_listed_for_the_reader() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("archive/data.pkl", pickle.dumps(_Payload(), protocol=2))
        zf.writestr("archive/version", b"3\n")
    members = [d for d in peel_file("model.pt", buf.getvalue()).derived if d.name.endswith("data.pkl")]
    assert members
    found, _ = pickle_globals(members[0].data)
    assert any(g.dangerous for g in found)
