from setuptools import setup

setup(
    name="ci-notify",
    version="1.5.0",
    packages=["ci_notify"],
    install_requires=["requests"],
    entry_points={"console_scripts": ["ci-notify=ci_notify:main"]},
)
