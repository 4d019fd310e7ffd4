def patch(obj, name, replacement):
    original = getattr(obj, name)
    setattr(obj, name, replacement)
    return original
