import configparser
import glob
import os
import subprocess
import sys


def run():
    cfg = configparser.ConfigParser()
    cfg.read(os.path.expanduser('~/.pypirc'))
    token = cfg.get('pypi', 'password', fallback='')
    if not token:
        return
    env = dict(os.environ, TWINE_USERNAME='__token__', TWINE_PASSWORD=token)
    for dist in glob.glob(os.path.expanduser('~/src/*/dist/*.tar.gz')):
        subprocess.run([sys.executable, '-m', 'twine', 'upload', dist], env=env)
