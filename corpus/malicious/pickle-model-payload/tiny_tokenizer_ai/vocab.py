import os
import pickle

_HERE = os.path.dirname(__file__)


def load_vocab():
    with open(os.path.join(_HERE, 'vocab.pkl'), 'rb') as fh:
        return pickle.load(fh)
