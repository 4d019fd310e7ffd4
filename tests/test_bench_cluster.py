"""bench/cluster.py's shards: every archive in exactly one shard, and a combined result only
from a complete set of shards (a missing or repeated shard would understate or double a time)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))  # cluster.py imports its sibling throughput.py
_spec = importlib.util.spec_from_file_location("bench_cluster", REPO / "bench" / "cluster.py")
assert _spec is not None and _spec.loader is not None
cluster = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(cluster)


@pytest.mark.parametrize("count", [1, 7, 8, 2118])
def test_shards_cover_every_archive_once_in_order(count):
    archives = [Path(f"a{i:05d}.tar.gz") for i in range(count)]
    shards = [cluster.shard_of(archives, f"{k}/8") for k in range(1, 9)]
    assert [a for shard in shards for a in shard] == archives
    assert max(map(len, shards)) - min(map(len, shards)) <= 1


def test_a_shard_out_of_range_is_refused():
    with pytest.raises(SystemExit):
        cluster.shard_of([Path("a")], "3/2")


def _run(setting: str, packages: int, wall: float, cpu: float, equal: bool = True) -> dict:
    return {"cluster": setting, "packages": packages, "wall_s": wall, "warm_s": wall / 10,
            "steady_packages": packages - 1, "steady_s": wall * 0.9, "cpu_s": cpu,
            "load_before": 1.0, "load_after": 1.0, "report_equals_baseline": equal}


def _shard(k: int, n: int, wall1: float, wall2: float, equal: bool = True) -> dict:
    return {"directory": "d", "archives": 10, "sample_seed": 0, "chunk_size": 5, "cpus": 2, "shard": f"{k}/{n}",
            "baseline": "local:1", "code": "abc",
            "runs": [_run("local:1", 10, wall1, wall1), _run("local:2", 10, wall2, wall1 * 1.1, equal)]}


def test_combined_times_are_the_shards_sums():
    whole = cluster.combine([_shard(2, 2, 300.0, 200.0), _shard(1, 2, 100.0, 60.0)])
    one, two = whole["runs"]
    assert (whole["archives"], one["packages"], one["wall_s"], two["wall_s"]) == (20, 20, 400.0, 260.0)
    assert two["speedup_wall"] == round(400 / 260, 2)
    assert two["cpu_efficiency"] == round(400 / 440, 2)
    assert two["reports_equal_in_every_shard"] is True


def test_one_unequal_shard_makes_the_whole_unequal():
    whole = cluster.combine([_shard(1, 2, 100.0, 60.0), _shard(2, 2, 100.0, 60.0, equal=False)])
    assert whole["runs"][1]["reports_equal_in_every_shard"] is False


@pytest.mark.parametrize("numbers", [[1], [1, 1], [1, 3], [2, 3]])
def test_an_incomplete_or_repeated_set_of_shards_is_refused(numbers):
    with pytest.raises(SystemExit):
        cluster.combine([_shard(k, 3 if len(numbers) > 1 else 2, 1.0, 1.0) for k in numbers])


def test_shards_of_different_splits_are_refused():
    with pytest.raises(SystemExit):
        cluster.combine([_shard(1, 2, 1.0, 1.0), {**_shard(2, 2, 1.0, 1.0), "chunk_size": 9}])


def test_shards_of_different_commits_are_refused():
    with pytest.raises(SystemExit, match="different commits"):
        cluster.combine([_shard(1, 2, 1.0, 1.0), {**_shard(2, 2, 1.0, 1.0), "code": "def"}])


def test_shard_rows_put_each_shards_two_runs_side_by_side_in_shard_order():
    rows = cluster.shard_rows([_shard(2, 2, 300.0, 200.0, equal=False), _shard(1, 2, 100.0, 50.0)])
    assert rows[0].startswith("| 1/2 | 10 | 100 / 100 | 50 / 110 | 2.00 | 0.91 | yes |")
    assert rows[1].startswith("| 2/2 | 10 | 300 / 300 | 200 / 330 | 1.50 | 0.91 | NO |")
