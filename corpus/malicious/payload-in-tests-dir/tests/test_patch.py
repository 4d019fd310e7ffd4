from jsonpatchy import apply_patch


def test_replace():
    assert apply_patch({"a": 1}, [{"op": "replace", "path": "/a", "value": 2}]) == {"a": 2}
