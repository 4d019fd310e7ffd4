import copy


def apply_patch(doc, ops):
    doc = copy.deepcopy(doc)
    for op in ops:
        key = op["path"].lstrip("/")
        if op["op"] in ("add", "replace"):
            doc[key] = op["value"]
        elif op["op"] == "remove":
            doc.pop(key)
    return doc
