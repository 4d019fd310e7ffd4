__version__ = "2.18.5"
