import json


def dumps(obj, **kwargs):
    kwargs.setdefault("separators", (",", ":"))
    return json.dumps(obj, **kwargs)


def loads(text, **kwargs):
    return json.loads(text, **kwargs)
