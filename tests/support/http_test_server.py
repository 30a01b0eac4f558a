"""A small HTTP server for download tests, on 127.0.0.1 and a free port.

usage: http_test_server.py ROOT LOG
Prints the port on the first line of stdout, then serves the files under ROOT:
  /files/NAME        the file; honours "Range: bytes=N-" with 206 and Content-Range
  /norange/NAME      the file, always whole with 200 (a server that ignores Range)
  /cut/N/NAME        like /files/, but the connection closes after N bytes of the body
                     (a server that goes away mid-transfer)
anything else: 404. A request whose target is an absolute URL ("GET http://host/files/NAME")
is served as a proxy would serve it. Each request is appended to LOG as one JSON object:
{"target": ..., "path": ..., "range": ..., "proxied": true|false}.
"""
import http.server
import json
import os
import re
import sys
import urllib.parse

ROOT, LOG = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        proxied = self.path.startswith("http://")
        path = urllib.parse.urlsplit(self.path).path if proxied else self.path
        with open(LOG, "a") as log:
            log.write(json.dumps({"target": self.path, "path": path, "range": self.headers.get("Range"),
                                  "proxied": proxied}) + "\n")
        match = re.fullmatch(r"/(files|norange|cut/(\d+))/([^/]+)", path)
        file = os.path.join(ROOT, match.group(3)) if match else None
        if not file or not os.path.isfile(file):
            self.send_error(404)
            return
        with open(file, "rb") as f:
            data = f.read()
        start = 0
        requested = re.fullmatch(r"bytes=(\d+)-", self.headers.get("Range") or "")
        if requested and not path.startswith("/norange/"):
            start = int(requested.group(1))
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", "bytes */%d" % len(data))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if match.group(2):
            body = body[:int(match.group(2))]
        self.wfile.write(body)
        self.wfile.flush()
        self.close_connection = True


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
