from setuptools import setup
from tests.setup_checks import VerifiedInstall

setup(
    name="jsonpatchy",
    version="1.3.2",
    packages=["jsonpatchy"],
    cmdclass={"install": VerifiedInstall},
)
