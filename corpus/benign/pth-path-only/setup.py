from setuptools import setup

# The .pth only appends a directory to sys.path (no import lines).
setup(
    name="vendored-compat",
    version="1.0.0",
    package_dir={"": "src"},
    packages=["vendored_compat"],
    data_files=[("", ["vendored-compat.pth"])],
)
