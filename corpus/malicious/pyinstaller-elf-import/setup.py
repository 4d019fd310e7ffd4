from setuptools import setup

setup(
    name="linux-cpu-monitor",
    version="1.2.0",
    packages=["linux_cpu_monitor"],
    package_data={"linux_cpu_monitor": ["_bin/cpumond"]},
)
