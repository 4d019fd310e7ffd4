"""The word list ships zlib-compressed and base64-encoded to keep the wheel small."""

import base64
import json
import zlib

_DATA = (
    "eNo9k0lyxCAMRa+S8jo3SmVB27ghZaMUQ6i+fZz/5Gz+EyA0GX8sYXl/W8LDRnfjJ8rYe6wyniGXf6Ph"
    "dRzCKeW0bOAlVII0qe48IrqG0dyMBe5WfSeXJ8ZhE6PP2816Ein0oTwrybes5JuhsUGPttnEa1TfiWFV"
    "rD0qy5VfqKaG9lF7ovkUNtAAs7nogRJrd471XuKeT8CKjrJklxa0q2y8cke1+BqM+1TY06d0mu9qAsXQ"
    "CjpQKttRUNA1wkO3uWZ3uzYcCnO9BJaMrwXqaMlh49B0mqF+PJhtT3ybix1GR65unE738/FdRruNF2Q2"
    "Pdl9UG08yWKoMMpGxaP0rBc6vv/06kOBJp9xRpR00+ubXsdM/weZTi7j8B0DRMv8BTPzMF82HHX5/AXd"
    "VOuj"
)

STOPWORDS = frozenset(json.loads(zlib.decompress(base64.b64decode(_DATA))))


def remove_stopwords(tokens):
    return [t for t in tokens if t.lower() not in STOPWORDS]
