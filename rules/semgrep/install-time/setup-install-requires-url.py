# Test for setup-install-requires-url (defanged: example.invalid).
from setuptools import setup

setup(
    name="demo",
    install_requires=[
        # ok: setup-install-requires-url
        "requests>=2.0",
        # ruleid: setup-install-requires-url
        "helper @ https://example.invalid/helper-1.0.tar.gz",
        # ruleid: setup-install-requires-url
        "git+https://example.invalid/org/helper.git#egg=helper",
        # ok: setup-install-requires-url
        "numpy; python_version >= '3.8'",
    ],
    dependency_links=[
        # ruleid: setup-install-requires-url
        "https://example.invalid/simple/helper/",
    ],
    setup_requires=[
        # ruleid: setup-install-requires-url
        "./vendor/helper-0.1-py3-none-any.whl",
        # ok: setup-install-requires-url
        "setuptools_scm",
    ],
    # ok: setup-install-requires-url
    url="https://example.invalid/project",
)
