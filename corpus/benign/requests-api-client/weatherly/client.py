import os
import platform

import requests

DEFAULT_URL = "https://api.weatherly.example.invalid/v2"


class WeatherlyError(RuntimeError):
    pass


class Client:
    def __init__(self, token=None, base_url=DEFAULT_URL, timeout=10):
        self.token = token or os.environ.get("WEATHERLY_TOKEN")
        if not self.token:
            raise WeatherlyError("pass token= or set WEATHERLY_TOKEN")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(
            {
                "Authorization": "Bearer %s" % self.token,
                "User-Agent": "weatherly/2.3.1 (Python %s)" % platform.python_version(),
            }
        )

    def _get(self, path, **params):
        resp = self.session.get(self.base_url + path, params=params, timeout=self.timeout)
        if resp.status_code >= 400:
            raise WeatherlyError("%s: %s" % (resp.status_code, resp.text[:200]))
        return resp.json()

    def current(self, city):
        return self._get("/current", q=city)

    def forecast(self, city, days=3):
        return self._get("/forecast", q=city, days=days)
