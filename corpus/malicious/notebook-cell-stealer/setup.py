from setuptools import setup

setup(name="solana-price-feed", version="0.0.3", packages=["solana_price_feed"], install_requires=["requests"])
