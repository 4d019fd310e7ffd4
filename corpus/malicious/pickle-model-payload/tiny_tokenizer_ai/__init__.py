from .vocab import load_vocab

__all__ = ['load_vocab']
